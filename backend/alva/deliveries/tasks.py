"""Queue `fraud`: scoring and deciding a new delivery (the Klaviyo events it leads to go through the outbox)."""

from alva.core.tasks import actor
from alva.deliveries import services


@actor(actor_name="deliveries.decide", queue_name="fraud", tenant_scoped=True, max_retries=10)
def decide(delivery_id: str) -> None:
    services.delivery_decide(delivery_id=delivery_id)


@actor(actor_name="deliveries.expire_tokens", queue_name="klaviyo-events", tenant_scoped=True, max_retries=0)
def expire_tokens() -> None:
    """Periodic (fanned out to every store): fire `Alva Token Expired` for tokens past their expiry."""
    from alva.deliveries.expiry import tokens_expire

    tokens_expire()


@actor(actor_name="deliveries.release_plan_holds", queue_name="fraud", tenant_scoped=True, max_retries=5)
def release_plan_holds(reason: str = "periodic") -> None:
    """Sent by billing when a store's allowance grows (upgrade, recovered payment), and hourly for new periods."""
    services.deliveries_release_plan_holds(reason=reason)


@actor(
    actor_name="deliveries.redact_expired_pii",
    queue_name="ingest",
    tenant_scoped=True,
    max_retries=3,
    time_limit_ms=10 * 60 * 1000,
)
def redact_expired_pii() -> None:
    """Periodic (fanned out to every store): redact customer PII older than the store's retention period.

    Batched and idempotent; a run that hits its time budget leaves the rest to the next one.
    """
    from alva.deliveries.retention import redact_expired_pii as redact

    redact()
