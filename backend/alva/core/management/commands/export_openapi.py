"""Write the OpenAPI schemas of the three APIs (the frontend generates its client types from them)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from config.api import merchant_api, public_api, support_api


class Command(BaseCommand):
    help = "Export merchant.json, public.json and support.json (OpenAPI) into --output-dir."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output-dir", type=Path, required=True)

    def handle(self, *args: Any, output_dir: Path, **options: Any) -> None:
        output_dir.mkdir(parents=True, exist_ok=True)
        apis = {
            "merchant": (merchant_api, "/api/v1/"),
            "public": (public_api, "/api/v1/"),
            "support": (support_api, "/api/support/v1/"),
        }
        for name, (api, prefix) in apis.items():
            schema = api.get_openapi_schema(path_prefix=prefix)
            path = output_dir / f"{name}.json"
            path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
            self.stdout.write(f"wrote {path}")
