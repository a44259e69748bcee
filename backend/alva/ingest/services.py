"""Writes of the ingest app outside the hot path: sweeping unprocessed receipts, Send Test."""

from __future__ import annotations

import logging
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.utils import timezone

from alva.catalog.models import Bundle
from alva.core.errors import ApiError, NotFound
from alva.core.tenancy import current_schema
from alva.ingest import payload as payload_rules
from alva.ingest.models import WebhookCall
from alva.ingest.receiver import record_accepted

logger = logging.getLogger(__name__)


def receipts_sweep(*, older_than: timedelta | None = None, limit: int = 1000) -> int:
    """Re-enqueue accepted receipts that no worker turned into a delivery (e.g. Redis was down). Idempotent."""
    from alva.ingest.tasks import process_receipt

    cutoff = timezone.now() - (older_than or timedelta(seconds=settings.WEBHOOK_SWEEP_AFTER_SECONDS))
    ids = list(
        WebhookCall.objects.filter(
            outcome=WebhookCall.Outcome.ACCEPTED, processed_at__isnull=True, received_at__lt=cutoff
        ).values_list("id", flat=True)[:limit]
    )
    for call_id in ids:
        process_receipt.send(str(call_id))
    return len(ids)


def webhook_send_test(*, email: str, bundle_id: UUID | None, actor: str) -> str:
    """Run the real pipeline for a test delivery (marked as test), as if Klaviyo had called the endpoint."""
    bundles = Bundle.objects.filter(active=True)
    bundle = bundles.filter(id=bundle_id).first() if bundle_id else bundles.order_by("created_at").first()
    if bundle is None:
        raise NotFound("No active bundle to send a test for." if not bundle_id else "No such active bundle.")
    body = {"email": email, "first_name": "Test", "last_name": "Customer", "alva_test": True, "sent_by": actor}
    try:
        payload_rules.extract_customer(body)
    except payload_rules.PayloadError as exc:
        raise ApiError(422, exc.code, exc.message, fields={"email": [exc.message]}) from exc
    key = f"test:{timezone.now().isoformat()}:{email}"
    answer = record_accepted(
        schema_name=current_schema(),
        bundle_id=bundle.id,
        slug=bundle.webhook_slug,
        key=key,
        body=body,
        remote_ip=None,
        is_test=True,
    )
    if answer.status != 202:
        raise ApiError(answer.status, answer.body["error"]["code"], answer.body["error"]["message"])
    return str(answer.body["delivery_id"])
