"""Queue `ingest`: turning durable receipts into deliveries, and the sweeper for receipts never processed."""

from __future__ import annotations

from alva.core.tasks import actor
from alva.deliveries import services as delivery_services


@actor(actor_name="ingest.process_receipt", queue_name="ingest", tenant_scoped=True, max_retries=10)
def process_receipt(call_id: str) -> None:
    delivery_services.delivery_create_from_receipt(call_id=call_id)


@actor(actor_name="ingest.sweep_receipts", queue_name="ingest", tenant_scoped=True, max_retries=0)
def sweep_receipts() -> None:
    """Periodic (fanned out to every store): re-send receipts no worker processed."""
    from alva.ingest.services import receipts_sweep

    receipts_sweep()
