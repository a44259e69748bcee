"""Rebuilding the delivery index store by store: the one support job that visits every schema, on purpose.

For a first deployment (deliveries made before the index existed), after SUPPORT_INDEX_EMAIL_KEY
changes, or after a restore. Each store is indexed in batches, one transaction per batch, with the
same upsert the pipeline uses. A batch locks its deliveries (as the pipeline does before a status
change), so a concurrent change waits and then writes the fresher status over ours.
"""

from __future__ import annotations

from django.db import transaction

from alva.support.cross_tenant import in_tenant_schema_for_support
from alva.support.index import delivery_index_upsert
from alva.tenants.models import Tenant

BATCH_SIZE = 500


def delivery_index_rebuild_across_tenants(*, subdomain: str | None = None) -> dict[str, int]:
    """Returns deliveries indexed per store (keyed by subdomain)."""
    tenants = Tenant.objects.exclude(status=Tenant.Status.SPARE).order_by("id")
    if subdomain is not None:
        tenants = tenants.filter(subdomain=subdomain)
    counts: dict[str, int] = {}
    for tenant in tenants:
        with in_tenant_schema_for_support(tenant):
            counts[str(tenant)] = _rebuild_store()
    return counts


def _rebuild_store() -> int:
    from alva.deliveries.models import Delivery

    indexed = 0
    last_id = None
    while True:
        with transaction.atomic():
            batch = Delivery.objects.select_for_update(of=("self",)).select_related("customer", "bundle").order_by("id")
            if last_id is not None:
                batch = batch.filter(id__gt=last_id)
            deliveries = list(batch[:BATCH_SIZE])
            for delivery in deliveries:
                delivery_index_upsert(delivery=delivery)
        indexed += len(deliveries)
        if len(deliveries) < BATCH_SIZE:
            return indexed
        last_id = deliveries[-1].id
