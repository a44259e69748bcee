"""Actors of queue `klaviyo-events`: sending one outbox event to Klaviyo, and the per-store outbox sweep."""

from uuid import UUID

from django.conf import settings

from alva.core.tasks import actor
from alva.klaviyo import services


# Klaviyo answers (429, 5xx, timeouts) are retried by the outbox itself, with Retry-After or backoff;
# Dramatiq's own retries only cover unexpected errors (database trouble) before the row is settled.
@actor(
    actor_name="klaviyo.send_event",
    queue_name="klaviyo-events",
    tenant_scoped=True,
    max_retries=5,
    # Room for a token refresh, the send, a second refresh after a 401 and the resend.
    time_limit_ms=int((settings.KLAVIYO_TIMEOUT_SECONDS * 4 + 30) * 1000),
    min_backoff_ms=5_000,
    max_backoff_ms=5 * 60 * 1000,
)
def send_event(event_id: str) -> None:
    services.outbox_send(event_id=UUID(event_id))


@actor(actor_name="klaviyo.sweep_outbox", queue_name="klaviyo-events", tenant_scoped=True, max_retries=0)
def sweep_outbox() -> None:
    """Periodic, once per store (alva.tenants.periodic's fan-out): the outbox safety net, see outbox_sweep."""
    services.outbox_sweep()
