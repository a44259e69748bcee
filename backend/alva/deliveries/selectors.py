"""Reads for deliveries and customers, and the delivery history fraud scoring asks about."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from alva.deliveries.models import Customer, Delivery, DeliveryStatus


@dataclass(frozen=True)
class DeliveryHistory:
    """`alva.fraud.scoring.FraudHistory` over this store's deliveries received before the one being scored."""

    delivery_id: uuid.UUID
    received_at: datetime

    def _earlier(self, email: str, since: datetime) -> QuerySet[Delivery]:
        return Delivery.objects.filter(
            customer__email=email, created_at__gte=since, created_at__lt=self.received_at, is_test=False
        ).exclude(id=self.delivery_id)

    def same_bundle_count(self, *, email: str, bundle_id: uuid.UUID, since: datetime) -> int:
        return self._earlier(email, since).filter(bundle_id=bundle_id).count()

    def cross_bundle_count(self, *, email: str, since: datetime) -> int:
        return self._earlier(email, since).count()


SORTS = {
    "created_at": ("created_at",),
    "-created_at": ("-created_at",),
    "status": ("status", "-created_at"),
    "-status": ("-status", "-created_at"),
}


@dataclass(frozen=True)
class DeliveryFilters:
    email: str | None = None
    status: str | None = None
    bundle_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    sort: str = "-created_at"


def delivery_list(*, filters: DeliveryFilters) -> QuerySet[Delivery]:
    deliveries = Delivery.objects.select_related("customer", "bundle")
    if filters.email:
        deliveries = deliveries.filter(customer__email__icontains=filters.email.strip().lower())
    if filters.status:
        deliveries = deliveries.filter(status=filters.status)
    if filters.bundle_id:
        deliveries = deliveries.filter(bundle_id=filters.bundle_id)
    if filters.customer_id:
        deliveries = deliveries.filter(customer_id=filters.customer_id)
    if filters.created_after:
        deliveries = deliveries.filter(created_at__gte=filters.created_after)
    if filters.created_before:
        deliveries = deliveries.filter(created_at__lt=filters.created_before)
    return deliveries.order_by(*SORTS[filters.sort])


def delivery_detail(*, delivery_id: uuid.UUID) -> Delivery | None:
    return (
        Delivery.objects.select_related("customer", "bundle", "receipt")
        .prefetch_related("tokens__downloads__file", "events")
        .filter(id=delivery_id)
        .first()
    )


def pending_review_count() -> int:
    return Delivery.objects.filter(status=DeliveryStatus.PENDING_REVIEW).count()


def customer_list(*, email: str | None = None) -> QuerySet[Customer]:
    customers = Customer.objects.annotate(
        delivery_count=Count("deliveries"),
        downloaded_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.DOWNLOADED)),
    )
    if email:
        customers = customers.filter(email__icontains=email.strip().lower())
    return customers.order_by("-created_at")


def customer_get(*, customer_id: uuid.UUID) -> Customer | None:
    return Customer.objects.filter(id=customer_id).first()
