"""Periodic jobs fan out one tenant-scoped message per active store, each carrying its store's schema."""

import json

import pytest

from alva.core.redis import get_redis
from alva.tenants import periodic
from alva.tenants.models import Tenant


def queued(queue: str) -> list[dict]:
    return [json.loads(raw) for raw in get_redis().hvals(f"dramatiq:{queue}.msgs")]


@pytest.mark.parametrize(
    ("job", "actor_name", "queue"),
    [
        ("sweep-receipts", "ingest.sweep_receipts", "ingest"),
        ("expire-tokens", "deliveries.expire_tokens", "klaviyo-events"),
        ("sweep-klaviyo-outbox", "klaviyo.sweep_outbox", "klaviyo-events"),
        ("sweep-verifying-files", "catalog.sweep_verifying_files", "ingest"),
    ],
)
def test_tenant_jobs_reach_every_active_store_and_no_spare(tenant_a, tenant_b, job, actor_name, queue):
    active = set(Tenant.objects.filter(status=Tenant.Status.ACTIVE).values_list("schema_name", flat=True))

    sent = periodic.fan_out(job)

    messages = [m for m in queued(queue) if m["actor_name"] == actor_name]
    assert sent == len(active)
    assert {m["options"]["tenant_schema"] for m in messages} == active
    assert {tenant_a.schema_name, tenant_b.schema_name} <= active


def test_suspended_stores_are_skipped(tenant_a, tenant_b):
    Tenant.objects.filter(id=tenant_b.id).update(status=Tenant.Status.SUSPENDED)

    periodic.fan_out("sweep-receipts")

    schemas = {m["options"]["tenant_schema"] for m in queued("ingest")}
    assert tenant_a.schema_name in schemas
    assert tenant_b.schema_name not in schemas


def test_public_jobs_are_sent_once(db):
    assert periodic.fan_out("refill-spare-schemas") == 1
    [message] = [m for m in queued("ingest") if m["actor_name"] == "tenants.spare_pool_refill"]
    assert message["options"]["tenant_schema"] == "public"
