"""Create the development staff user for the support console (idempotent) and print how to log in."""

import secrets
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from alva.accounts.models import User
from alva.accounts.selectors import user_by_email
from alva.support import totp
from alva.support.models import StaffTotpDevice

STAFF_EMAIL = "staff@alva-support.example.com"


class Command(BaseCommand):
    help = "Create a staff user with a confirmed TOTP device for `make dev`; credentials live in --state."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--state", type=Path, required=True, help="Folder that keeps the password and TOTP secret.")

    def handle(self, *args: Any, state: Path, **options: Any) -> None:
        password = _kept(state / "staff-password", lambda: secrets.token_urlsafe(12))
        secret = _kept(state / "staff-totp-secret", totp.new_secret)
        user = user_by_email(email=STAFF_EMAIL) or User.objects.create_user(STAFF_EMAIL, password, is_staff=True)
        if not user.check_password(password) or not user.is_staff:
            user.set_password(password)
            user.is_staff = True
            user.save(update_fields=["password", "is_staff"])
        StaffTotpDevice.objects.update_or_create(
            user=user, defaults={"secret_sealed": totp.seal(secret), "confirmed_at": timezone.now()}
        )
        self.stdout.write(
            f"Support console: staff email {STAFF_EMAIL}, password {password}\n"
            f"  TOTP: add {totp.provisioning_uri(secret=secret, email=STAFF_EMAIL)} to an authenticator app,\n"
            f"        or compute a code with: python -c \"import pyotp; print(pyotp.TOTP('{secret}').now())\""
        )


def _kept(path: Path, make: Any) -> str:
    """A dev secret generated once and reused, so the printed credentials stay valid across runs."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()
