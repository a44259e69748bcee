"""Rebuild the support console's delivery index from every store's own deliveries (after a key change or a restore)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alva.support.index_rebuild import delivery_index_rebuild_across_tenants


class Command(BaseCommand):
    help = "Re-index every delivery of every store (or of --subdomain) in the support console's delivery index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--subdomain", default=None)

    def handle(self, *args: Any, subdomain: str | None, **options: Any) -> None:
        counts = delivery_index_rebuild_across_tenants(subdomain=subdomain)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} deliveries indexed")
        self.stdout.write(f"{len(counts)} store(s), {sum(counts.values())} deliveries")
