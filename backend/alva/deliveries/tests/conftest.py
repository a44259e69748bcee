"""Deliveries fixtures: a ready bundle in store A and helpers to read the events and links it produced."""

import pytest

from alva.core.testing import in_schema
from alva.klaviyo.models import OutboxEvent
from tests.pipeline import ready_bundle


@pytest.fixture
def bundle_a(tenant_a):
    with in_schema(tenant_a):
        return ready_bundle(tenant_a.schema_name)


def outbox(tenant, metric=None):
    with in_schema(tenant):
        events = OutboxEvent.objects.order_by("created_at", "id")
        return list(events.filter(metric=metric) if metric else events)


def page_path(tenant, delivery) -> str:
    """The download page path from the delivery's latest `Alva Download Ready` event (the only copy of the token)."""
    with in_schema(tenant):
        event = OutboxEvent.objects.filter(delivery_id=delivery.id, metric="Alva Download Ready").latest("created_at")
    url = event.properties["DownloadPageURL"]
    return url[url.index("/d/") :]
