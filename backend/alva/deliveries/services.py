"""Writes for customers and deliveries: from a receipt to a delivery, status changes, the event log."""

from __future__ import annotations

import logging
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone

from alva.deliveries.models import Customer, Delivery, DeliveryEvent
from alva.ingest import payload as payload_rules
from alva.ingest.models import WebhookCall

logger = logging.getLogger(__name__)

SYSTEM = "system"

# One statement, so two webhooks for the same new customer never race into a duplicate.
# Known values are kept when a later webhook leaves a field empty.
_CUSTOMER_UPSERT_SQL = """
INSERT INTO deliveries_customer
    (id, email, first_name, last_name, phone, klaviyo_profile_id, external_id, created_at, updated_at)
VALUES (gen_random_uuid(), %s, %s, %s, %s, %s, %s, now(), now())
ON CONFLICT (email) DO UPDATE SET
    first_name = COALESCE(NULLIF(EXCLUDED.first_name, ''), deliveries_customer.first_name),
    last_name = COALESCE(NULLIF(EXCLUDED.last_name, ''), deliveries_customer.last_name),
    phone = COALESCE(NULLIF(EXCLUDED.phone, ''), deliveries_customer.phone),
    klaviyo_profile_id = COALESCE(NULLIF(EXCLUDED.klaviyo_profile_id, ''), deliveries_customer.klaviyo_profile_id),
    external_id = COALESCE(NULLIF(EXCLUDED.external_id, ''), deliveries_customer.external_id),
    updated_at = now()
RETURNING id
"""


def customer_upsert(data: payload_rules.WebhookCustomer) -> Customer:
    with connection.cursor() as cursor:
        cursor.execute(
            _CUSTOMER_UPSERT_SQL,
            [data.email, data.first_name, data.last_name, data.phone, data.klaviyo_profile_id, data.external_id],
        )
        (customer_id,) = cursor.fetchone()
    return Customer.objects.get(id=customer_id)


def event_log(
    *, delivery: Delivery, kind: str, message: str, actor: str = SYSTEM, data: dict[str, object] | None = None
) -> None:
    DeliveryEvent.objects.create(delivery=delivery, kind=kind, message=message[:500], actor=actor, data=data or {})


@transaction.atomic
def delivery_create_from_receipt(*, call_id: str | UUID) -> Delivery | None:
    """Idempotent: the delivery's id is the receipt's id, so a redelivered message finds it and stops."""
    call = WebhookCall.objects.select_for_update().filter(id=call_id, outcome=WebhookCall.Outcome.ACCEPTED).first()
    if call is None:
        logger.warning("receipt %s not found", call_id)
        return None
    existing = Delivery.objects.filter(id=call.id).first()
    if existing is not None:
        return existing
    if call.bundle_id is None or not isinstance(call.payload, dict):
        # The bundle was removed before this receipt was processed; nothing can be delivered.
        call.processed_at = timezone.now()
        call.error_message = "The bundle no longer exists."
        call.save(update_fields=["processed_at", "error_message"])
        return None
    customer = customer_upsert(payload_rules.extract_customer(call.payload))
    delivery = Delivery.objects.create(
        id=call.id, receipt=call, bundle_id=call.bundle_id, customer=customer, is_test=call.is_test
    )
    event_log(
        delivery=delivery,
        kind="status",
        message="Webhook accepted; delivery is Processing." + (" (test)" if call.is_test else ""),
    )
    call.processed_at = timezone.now()
    call.save(update_fields=["processed_at"])
    transaction.on_commit(lambda: _after_create(delivery.id))
    return delivery


def _after_create(delivery_id: UUID) -> None:
    """Hook for the fraud step (queue `fraud`), wired once scoring lands."""
