"""Create the demo store for `make dev` (idempotent) and print its owner's credentials."""

import secrets
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alva.accounts.selectors import user_by_email
from alva.tenants.models import Tenant
from alva.tenants.services import store_signup
from alva.tenants.urls import store_url

DEMO_SUBDOMAIN = "demo"
DEMO_EMAIL = "owner@demo-store.example.com"


class Command(BaseCommand):
    help = "Create the demo store and its owner if missing; print how to log in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password-file", type=Path, required=True, help="Where the generated password is kept.")

    def handle(self, *args: Any, password_file: Path, **options: Any) -> None:
        if not password_file.exists():
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(secrets.token_urlsafe(12))
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        if not Tenant.objects.filter(subdomain=DEMO_SUBDOMAIN).exists():
            user = user_by_email(email=DEMO_EMAIL)
            if user is not None:
                user.set_password(password)
                user.save(update_fields=["password"])
            store_signup(email=DEMO_EMAIL, password=password, store_name="Demo Store", subdomain=DEMO_SUBDOMAIN)
        self.stdout.write(
            f"Demo store: {store_url(DEMO_SUBDOMAIN)}\n  owner email:    {DEMO_EMAIL}\n  owner password: {password}"
        )
