"""Billing actors: the Stripe side of closing a store."""

from alva.billing import services
from alva.core.tasks import actor


@actor(
    actor_name="billing.subscription_cancel_for_closed_store",
    queue_name="ingest",
    tenant_scoped=False,
    max_retries=10,
)
def subscription_cancel_for_closed_store(tenant_id: int) -> None:
    services.subscription_cancel_for_closed_store(tenant_id=tenant_id)


@actor(
    actor_name="billing.subscriptions_cancel_for_closed_stores", queue_name="ingest", tenant_scoped=False, max_retries=3
)
def subscriptions_cancel_for_closed_stores() -> None:
    services.subscriptions_cancel_for_closed_stores()
