"""Periodic work: each job is a tenant-scoped actor sent into every active store (the fan-out), or a public one.

Cron (Kubernetes CronJobs) runs `manage.py fan_out <job>`; `make dev` runs `manage.py run_scheduler`.
The job itself runs in a worker, inside the store's schema set by the task middleware.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alva.core.tasks import send_to_tenant
from alva.tenants.models import Tenant


@dataclass(frozen=True)
class Job:
    actor: Callable[[], Any]  # returns the dramatiq actor (imported lazily: apps import this module)
    every_seconds: int
    per_tenant: bool = True


def _jobs() -> dict[str, Job]:
    from alva.billing.tasks import subscriptions_cancel_for_closed_stores
    from alva.catalog.tasks import sweep_verifying_files
    from alva.deliveries.tasks import expire_tokens, redact_expired_pii, release_plan_holds
    from alva.ingest.tasks import sweep_receipts
    from alva.klaviyo.tasks import sweep_outbox
    from alva.tenants.tasks import schemas_drop_closed, spare_pool_refill

    return {
        "sweep-receipts": Job(lambda: sweep_receipts, every_seconds=60),
        "expire-tokens": Job(lambda: expire_tokens, every_seconds=300),
        "sweep-verifying-files": Job(lambda: sweep_verifying_files, every_seconds=600),
        "sweep-klaviyo-outbox": Job(lambda: sweep_outbox, every_seconds=300),
        # Free stores get no Stripe event when a month begins: their held deliveries are retried hourly.
        "release-plan-holds": Job(lambda: release_plan_holds, every_seconds=3600),
        # Retention (product.md §7): customer PII older than the store's period becomes pseudonyms.
        "redact-expired-pii": Job(lambda: redact_expired_pii, every_seconds=3600),
        "refill-spare-schemas": Job(lambda: spare_pool_refill, every_seconds=300, per_tenant=False),
        "drop-closed-schemas": Job(lambda: schemas_drop_closed, every_seconds=86400, per_tenant=False),
        "cancel-closed-subscriptions": Job(
            lambda: subscriptions_cancel_for_closed_stores, every_seconds=3600, per_tenant=False
        ),
    }


def job_names() -> list[str]:
    return sorted(_jobs())


def job_interval(name: str) -> int:
    return _jobs()[name].every_seconds


def fan_out(name: str) -> int:
    """Enqueue job `name` once per active store (or once, for public jobs); returns messages sent."""
    job = _jobs()[name]
    actor = job.actor()
    if not job.per_tenant:
        actor.send()
        return 1
    schemas = Tenant.objects.filter(status=Tenant.Status.ACTIVE).values_list("schema_name", flat=True)
    sent = 0
    for schema_name in schemas.iterator():
        send_to_tenant(actor, schema_name)
        sent += 1
    return sent
