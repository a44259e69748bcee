"""Reads for webhook settings and the webhook log."""

from __future__ import annotations

import json

from django.db.models import QuerySet

from alva.catalog.models import Bundle
from alva.ingest.models import WebhookCall
from alva.ingest.schemas import WebhookLogQuery
from alva.tenants.urls import store_url

# Klaviyo template tags (person.*, event.*) the merchant pastes into the flow's webhook body.
BODY_TEMPLATE = json.dumps(
    {
        "email": "{{ person.email }}",
        "first_name": "{{ person.first_name|default:'' }}",
        "last_name": "{{ person.last_name|default:'' }}",
        "phone": "{{ person.phone_number|default:'' }}",
        "klaviyo_profile_id": "{{ person.KlaviyoID }}",
        "order_id": "{{ event.event_id|default:'' }}",
    },
    indent=2,
)


def webhook_endpoints(*, subdomain: str) -> list[dict[str, object]]:
    base = store_url(subdomain)
    return [
        {"bundle_id": b.id, "bundle_name": b.name, "active": b.active, "url": f"{base}webhook/{b.webhook_slug}"}
        for b in Bundle.objects.order_by("created_at")
    ]


def webhook_log(*, query: WebhookLogQuery) -> tuple[QuerySet[WebhookCall], int]:
    calls = WebhookCall.objects.all()
    if query.outcome:
        calls = calls.filter(outcome=query.outcome)
    if query.bundle_id:
        calls = calls.filter(bundle_id=query.bundle_id)
    if query.error_code:
        calls = calls.filter(error_code=query.error_code)
    if query.received_after:
        calls = calls.filter(received_at__gte=query.received_after)
    if query.received_before:
        calls = calls.filter(received_at__lt=query.received_before)
    count = calls.count()
    start = (query.page - 1) * query.page_size
    return calls.order_by("-received_at")[start : start + query.page_size], count
