"""Apply the CORS rule browsers need for direct uploads to the configured bucket (development; Terraform in AWS)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alva.catalog import storage


class Command(BaseCommand):
    help = "Set the bucket's CORS rule (PUT from every store host, ETag exposed), or print it with --print."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print", action="store_true", dest="print_only", help="print the rule, change nothing")

    def handle(self, *args: Any, print_only: bool, **options: Any) -> None:
        if print_only:
            self.stdout.write(json.dumps(storage.bucket_cors_configuration(), indent=2))
            return
        storage.bucket_apply_cors()
        self.stdout.write("bucket CORS rule applied")
