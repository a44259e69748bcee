"""Start a Dramatiq worker for some queues: `manage.py rundramatiq --queues ingest`."""

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run a Dramatiq worker (one process per queue in production and in make dev)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queues", nargs="+", choices=settings.DRAMATIQ_QUEUES, required=True)
        parser.add_argument("--processes", type=int, default=1)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, queues: list[str], processes: int, threads: int, **options: Any) -> None:
        argv = [
            sys.executable, "-m", "dramatiq", "config.worker",
            "--processes", str(processes), "--threads", str(threads), "--queues", *queues,
        ]  # fmt: skip
        os.execv(sys.executable, argv)  # noqa: S606 -- fixed argv, no shell
