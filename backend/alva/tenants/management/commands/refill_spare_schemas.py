"""Top up the pool of spare pre-migrated schemas (cron fallback for the refill actor)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alva.tenants.services import spare_pool_refill


class Command(BaseCommand):
    help = "Create spare schemas until the pool holds SPARE_SCHEMA_POOL_SIZE (or --target)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--target", type=int, default=None)

    def handle(self, *args: Any, target: int | None, **options: Any) -> None:
        created = spare_pool_refill(target=target)
        self.stdout.write(f"created {created} spare schema(s)")
