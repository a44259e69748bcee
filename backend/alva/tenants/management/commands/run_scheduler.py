"""In-process scheduler for `make dev`: fans out every periodic job at its interval (cron does it in production)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alva.tenants import periodic


class Command(BaseCommand):
    help = "Run every periodic job at its interval until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Fan out every job once and exit.")

    def handle(self, *args: Any, once: bool, **options: Any) -> None:
        due = dict.fromkeys(periodic.job_names(), 0.0)
        while True:
            now = time.monotonic()
            for job, at in due.items():
                if at <= now:
                    self.stdout.write(f"{job}: {periodic.fan_out(job)} message(s) sent")
                    due[job] = now + periodic.job_interval(job)
            if once:
                return
            time.sleep(1)
