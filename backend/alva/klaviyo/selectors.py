"""Reads of the klaviyo app: the store's connection and the outbox rows of a delivery."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from alva.klaviyo.models import KlaviyoConnection, OutboxEvent


def connection_get() -> KlaviyoConnection | None:
    return KlaviyoConnection.objects.filter(singleton=True).first()


def connection_is_usable() -> bool:
    connection = connection_get()
    return connection is not None and connection.is_usable


def outbox_waiting_count() -> int:
    return OutboxEvent.objects.filter(state=OutboxEvent.State.WAITING_FOR_CONNECTION).count()


def outbox_for_delivery(*, delivery_id: UUID) -> QuerySet[OutboxEvent]:
    """Every event of a delivery, oldest first: metric, state, attempts, last error, sent time."""
    return OutboxEvent.objects.filter(delivery_id=delivery_id).order_by("created_at", "id")
