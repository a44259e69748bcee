"""Queue `klaviyo-events`: support actions carried out inside a store, sent there with `send_to_tenant`.

Each message names its audit entry; the entry's result row makes a second run a no-op.
"""

from uuid import UUID

from alva.core.tasks import actor
from alva.support import services


@actor(
    actor_name="support.delivery_resend",
    queue_name="klaviyo-events",
    tenant_scoped=True,
    max_retries=5,
    time_limit_ms=60_000,
)
def delivery_resend(delivery_id: str, actor_label: str, audit_entry_id: int) -> None:
    services.support_action_run(
        audit_entry_id=audit_entry_id,
        action=lambda: services.delivery_resend_in_store(delivery_id=UUID(delivery_id), actor_label=actor_label),
    )


@actor(
    actor_name="support.delivery_extend",
    queue_name="klaviyo-events",
    tenant_scoped=True,
    max_retries=5,
    time_limit_ms=60_000,
)
def delivery_extend(delivery_id: str, days: int, actor_label: str, audit_entry_id: int) -> None:
    services.support_action_run(
        audit_entry_id=audit_entry_id,
        action=lambda: services.delivery_extend_in_store(
            delivery_id=UUID(delivery_id), days=days, actor_label=actor_label
        ),
    )
