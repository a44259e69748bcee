"""Merchant API of deliveries: list, detail, actions, customers and analytics."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router

from alva.accounts.auth import merchant_auth, principal, requires_role
from alva.accounts.models import Role
from alva.core.errors import NotFound, ValidationFailed
from alva.deliveries import analytics, retention, selectors, services
from alva.deliveries.models import Delivery
from alva.deliveries.schemas import (
    AnalyticsOut,
    AnalyticsQuery,
    CustomerDetailOut,
    CustomerErasureOut,
    CustomerPageOut,
    CustomerQuery,
    DeliveryDetailOut,
    DeliveryPageOut,
    DeliveryQuery,
    ExtendIn,
    PendingCountOut,
)
from alva.klaviyo.selectors import outbox_for_delivery

router = Router(tags=["deliveries"], auth=merchant_auth)


def _page(items: Any, page: int, page_size: int) -> tuple[list[Any], int]:
    count = items.count()
    start = (page - 1) * page_size
    return list(items[start : start + page_size]), count


@router.get("/deliveries", response=DeliveryPageOut)
@requires_role(Role.MEMBER)
def delivery_list(request: HttpRequest, query: Query[DeliveryQuery]) -> dict[str, object]:
    filters = selectors.DeliveryFilters(**query.dict(exclude={"page", "page_size"}))
    items, count = _page(selectors.delivery_list(filters=filters), query.page, query.page_size)
    return {"items": items, "count": count}


@router.get("/deliveries/pending-count", response=PendingCountOut)
@requires_role(Role.MEMBER)
def delivery_pending_count(request: HttpRequest) -> dict[str, int]:
    return {"pending_review": selectors.pending_review_count()}


def _detail(delivery_id: UUID) -> dict[str, object]:
    delivery = selectors.delivery_detail(delivery_id=delivery_id)
    if delivery is None:
        raise NotFound("No such delivery.")
    return {
        **{f: getattr(delivery, f) for f in ("id", "status", "is_test", "fraud_score", "fraud_signals", "customer",
                                             "bundle", "created_at", "decided_at", "first_download_at")},
        "payload": delivery.receipt.payload,
        "tokens": [
            {
                **{f: getattr(t, f) for f in ("id", "created_at", "expires_at", "revoked_at", "downloads_used",
                                              "max_downloads", "max_unique_ips")},
                "ips_used": len(t.ips_seen),
                "downloads": [
                    {"id": d.id, "file_id": d.file_id, "file_name": d.file.filename, "ip": d.ip,
                     "user_agent": d.user_agent, "created_at": d.created_at}
                    for d in t.downloads.all()
                ],
            }
            for t in delivery.tokens.all()
        ],
        "events": list(delivery.events.all()),
        "klaviyo_events": list(outbox_for_delivery(delivery_id=delivery.id)),
    }  # fmt: skip


@router.get("/deliveries/{delivery_id}", response=DeliveryDetailOut)
@requires_role(Role.MEMBER)
def delivery_detail(request: HttpRequest, delivery_id: UUID) -> dict[str, object]:
    return _detail(delivery_id)


def _act(request: HttpRequest, delivery_id: UUID, action: Callable[..., Delivery], **extra: Any) -> dict[str, object]:
    action(delivery_id=delivery_id, actor=principal(request).user.email, **extra)
    return _detail(delivery_id)


@router.post("/deliveries/{delivery_id}/approve", response=DeliveryDetailOut)
@requires_role(Role.MEMBER)
def delivery_approve(request: HttpRequest, delivery_id: UUID) -> dict[str, object]:
    return _act(request, delivery_id, services.delivery_approve)


@router.post("/deliveries/{delivery_id}/block", response=DeliveryDetailOut)
@requires_role(Role.MEMBER)
def delivery_block(request: HttpRequest, delivery_id: UUID) -> dict[str, object]:
    return _act(request, delivery_id, services.delivery_block)


@router.post("/deliveries/{delivery_id}/resend", response=DeliveryDetailOut)
@requires_role(Role.MEMBER)
def delivery_resend(request: HttpRequest, delivery_id: UUID) -> dict[str, object]:
    return _act(request, delivery_id, services.delivery_resend)


@router.post("/deliveries/{delivery_id}/extend", response=DeliveryDetailOut)
@requires_role(Role.MEMBER)
def delivery_extend(request: HttpRequest, delivery_id: UUID, payload: ExtendIn) -> dict[str, object]:
    return _act(request, delivery_id, services.delivery_extend, days=payload.days)


@router.post("/deliveries/{delivery_id}/revoke", response=DeliveryDetailOut)
@requires_role(Role.MEMBER)
def delivery_revoke(request: HttpRequest, delivery_id: UUID) -> dict[str, object]:
    return _act(request, delivery_id, services.delivery_revoke)


@router.post("/deliveries/{delivery_id}/reset-downloads", response=DeliveryDetailOut)
@requires_role(Role.MEMBER)
def delivery_reset_downloads(request: HttpRequest, delivery_id: UUID) -> dict[str, object]:
    return _act(request, delivery_id, services.delivery_reset_downloads)


@router.get("/customers", response=CustomerPageOut)
@requires_role(Role.MEMBER)
def customer_list(request: HttpRequest, query: Query[CustomerQuery]) -> dict[str, object]:
    items, count = _page(selectors.customer_list(email=query.email), query.page, query.page_size)
    return {"items": items, "count": count}


@router.get("/customers/{customer_id}", response=CustomerDetailOut)
@requires_role(Role.MEMBER)
def customer_detail(request: HttpRequest, customer_id: UUID) -> dict[str, object]:
    customer = selectors.customer_get(customer_id=customer_id)
    if customer is None:
        raise NotFound("No such customer.")
    deliveries = selectors.delivery_list(filters=selectors.DeliveryFilters(customer_id=customer.id))
    return {**{f: getattr(customer, f) for f in CustomerDetailOut.model_fields if f != "deliveries"},
            "deliveries": list(deliveries[:200])}  # fmt: skip


@router.delete("/customers/{customer_id}", response=CustomerErasureOut)
@requires_role(Role.ADMIN)
def customer_erase(request: HttpRequest, customer_id: UUID) -> dict[str, object]:
    """Erase the customer's personal data now (their deliveries and counts stay, under a pseudonym)."""
    result = retention.customer_erase(customer_id=customer_id, actor=principal(request).user.email)
    return {
        "customer_id": result.customer.id,
        "email": result.customer.email,
        "redacted_at": result.customer.redacted_at,
        "already_erased": result.already_erased,
        "deliveries": result.deliveries,
        "deliveries_revoked": result.deliveries_revoked,
        "tokens_revoked": result.tokens_revoked,
        "klaviyo_events_cancelled": result.klaviyo_events_cancelled,
    }


@router.get("/analytics/summary", response=AnalyticsOut, by_alias=True)
@requires_role(Role.MEMBER)
def analytics_summary(request: HttpRequest, query: Query[AnalyticsQuery]) -> dict[str, object]:
    if query.date_to < query.date_from:
        raise ValidationFailed({"to": ["Must be on or after 'from'."]})
    if (query.date_to - query.date_from).days >= analytics.MAX_RANGE_DAYS:
        raise ValidationFailed({"to": [f"The range can span at most {analytics.MAX_RANGE_DAYS} days."]})
    return analytics.analytics_summary(date_from=query.date_from, date_to=query.date_to)
