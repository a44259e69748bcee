"""Send one periodic job into every active store: `manage.py fan_out sweep-receipts` (for cron)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alva.tenants import periodic


class Command(BaseCommand):
    help = "Enqueue a periodic job once per active store (the work runs in the workers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=periodic.job_names())

    def handle(self, *args: Any, job: str, **options: Any) -> None:
        self.stdout.write(f"{job}: {periodic.fan_out(job)} message(s) sent")
