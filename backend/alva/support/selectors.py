"""Reads of the support console: stores and their health, deliveries across stores, the audit log.

Public-schema reads run as they are; a store's own tables are read only inside
`in_tenant_schema_for_support`, and everything read there is materialised before the block ends.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower

from alva.accounts.models import Membership, Role
from alva.billing import selectors as billing
from alva.billing.models import Plan, Subscription
from alva.support.cross_tenant import in_tenant_schema_for_support
from alva.support.index import email_index_hash
from alva.support.models import DeliveryIndex, SupportAuditEntry
from alva.tenants.models import Tenant
from alva.tenants.urls import store_url

# --- stores --------------------------------------------------------------------------------------

TENANT_SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Lower("name").asc(), "id"),
    "-name": (Lower("name").desc(), "-id"),
    "subdomain": ("subdomain", "id"),
    "-subdomain": ("-subdomain", "-id"),
    "created_at": ("created_at", "id"),
    "-created_at": ("-created_at", "-id"),
    "status": ("status", Lower("name").asc(), "id"),
    "-status": ("-status", Lower("name").asc(), "id"),
}


@dataclass(frozen=True)
class TenantFilters:
    search: str | None = None
    status: str | None = None
    sort: str = "-created_at"


def _owners(tenant_ref: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(tenant=tenant_ref, role=Role.OWNER).order_by("created_at", "id")


def tenant_list(*, filters: TenantFilters) -> QuerySet[Tenant]:
    """Every store (spares are not stores), with its first owner's email and its plan code."""
    tenants = Tenant.objects.exclude(status=Tenant.Status.SPARE).annotate(
        owner_email=Subquery(_owners(OuterRef("pk")).values("user__email")[:1]),
        plan_code=Coalesce(
            Subquery(Subscription.objects.filter(tenant=OuterRef("pk")).values("plan__code")[:1]), Value(Plan.FREE)
        ),
    )
    if filters.search and (term := filters.search.strip()):
        owned = Membership.objects.filter(role=Role.OWNER, user__email__icontains=term).values("tenant_id")
        tenants = tenants.filter(Q(name__icontains=term) | Q(subdomain__icontains=term) | Q(id__in=owned))
    if filters.status:
        tenants = tenants.filter(status=filters.status)
    return tenants.order_by(*TENANT_SORTS[filters.sort])


def tenant_get(*, tenant_id: int) -> Tenant | None:
    return Tenant.objects.exclude(status=Tenant.Status.SPARE).filter(id=tenant_id).first()


def tenant_detail(*, tenant: Tenant, now: datetime) -> dict[str, Any]:
    """Plan, usage, Klaviyo health, the last 24 h of webhooks and the outbox backlog of one store."""
    subscription = billing.subscription_for(tenant_id=tenant.id)
    plan = subscription.plan if subscription else billing.plan_free()
    period = billing.billing_period(subscription=subscription, now=now)
    since = now - timedelta(hours=24)
    with in_tenant_schema_for_support(tenant):
        bundles = billing.active_bundle_count(tenant_id=tenant.id)
        klaviyo = _klaviyo_health()
        webhooks = _webhooks_since(since)
        outbox = _outbox_backlog(since)
    return {
        "id": tenant.id,
        "name": tenant.name,
        "subdomain": tenant.subdomain,
        "schema_name": tenant.schema_name,
        "status": tenant.status,
        "url": store_url(tenant.subdomain) if tenant.subdomain else "",
        "created_at": tenant.created_at,
        "claimed_at": tenant.claimed_at,
        "owners": list(_owners(tenant).values_list("user__email", flat=True)),
        "member_count": Membership.objects.filter(tenant=tenant).count(),
        "plan": {
            "code": plan.code,
            "name": plan.name,
            "subscription_status": subscription.status if subscription else None,
            "period_start": period.start,
            "period_end": period.end,
            "past_due_since": subscription.past_due_since if subscription else None,
        },
        "usage": {
            "deliveries": billing.deliveries_used(tenant_id=tenant.id, period=period),
            "deliveries_limit": plan.monthly_deliveries,
            "storage_bytes": billing.storage_used(tenant_id=tenant.id),
            "storage_limit_bytes": plan.storage_bytes,
            "bundles": bundles,
            "bundle_limit": plan.bundle_limit,
        },
        "klaviyo": klaviyo,
        "webhooks_24h": webhooks,
        "outbox": outbox,
    }


def _klaviyo_health() -> dict[str, Any]:
    from alva.klaviyo.selectors import connection_get

    connection = connection_get()
    if connection is None:
        return {"mode": None, "health": "disconnected", "account_id": "", "account_name": "", "connected_at": None,
                "last_error": "", "last_error_at": None}  # fmt: skip
    return {
        "mode": connection.mode or None,
        "health": connection.health,
        "account_id": connection.account_id,
        "account_name": connection.account_name,
        "connected_at": connection.connected_at,
        "last_error": connection.last_error,
        "last_error_at": connection.last_error_at,
    }


LAST_ERRORS = 10


def _webhooks_since(since: datetime) -> dict[str, Any]:
    from alva.ingest.models import WebhookCall

    calls = WebhookCall.objects.filter(received_at__gte=since)
    counts = dict(calls.order_by().values_list("outcome").annotate(n=Count("id")))
    accepted = counts.get(WebhookCall.Outcome.ACCEPTED, 0)
    duplicate = counts.get(WebhookCall.Outcome.DUPLICATE, 0)
    rejected = counts.get(WebhookCall.Outcome.REJECTED, 0)
    total = accepted + duplicate + rejected
    last_errors = calls.filter(outcome=WebhookCall.Outcome.REJECTED).order_by("-received_at", "-id")
    return {
        "accepted": accepted,
        "duplicate": duplicate,
        "rejected": rejected,
        "reject_rate": round(rejected / total, 4) if total else 0.0,
        # Codes and messages only: the payloads hold customers' PII.
        "last_errors": list(
            last_errors.values("received_at", "status_code", "error_code", "error_message")[:LAST_ERRORS]
        ),
    }


def _outbox_backlog(since: datetime) -> dict[str, Any]:
    from alva.klaviyo.models import OutboxEvent

    State = OutboxEvent.State
    unfinished = OutboxEvent.objects.filter(state__in=[State.PENDING, State.SENDING, State.WAITING_FOR_CONNECTION])
    counts = dict(unfinished.order_by().values_list("state").annotate(n=Count("id")))
    return {
        "pending": counts.get(State.PENDING, 0),
        "sending": counts.get(State.SENDING, 0),
        "waiting_for_connection": counts.get(State.WAITING_FOR_CONNECTION, 0),
        "oldest_unsent_at": unfinished.aggregate(oldest=Min("created_at"))["oldest"],
        "failed_24h": OutboxEvent.objects.filter(state=State.FAILED, updated_at__gte=since).count(),
    }


# --- deliveries across stores --------------------------------------------------------------------


@dataclass(frozen=True)
class DeliverySearch:
    email: str | None = None
    delivery_id: uuid.UUID | None = None
    tenant_id: int | None = None
    status: str | None = None


def delivery_search(*, search: DeliverySearch) -> QuerySet[DeliveryIndex]:
    """Index rows only, newest first: an email is matched by its keyed hash, never by a stored address."""
    rows = DeliveryIndex.objects.select_related("tenant")
    if search.delivery_id:
        rows = rows.filter(delivery_id=search.delivery_id)
    if search.email:
        rows = rows.filter(email_hash=email_index_hash(search.email))
    if search.tenant_id:
        rows = rows.filter(tenant_id=search.tenant_id)
    if search.status:
        rows = rows.filter(status=search.status)
    return rows.order_by("-created_at", "delivery_id")


def tenant_of_delivery(*, delivery_id: uuid.UUID) -> Tenant | None:
    row = DeliveryIndex.objects.select_related("tenant").filter(delivery_id=delivery_id).first()
    if row is None or row.tenant.status == Tenant.Status.SPARE:
        return None
    return row.tenant


# Filled in below; every other field of the merchant's detail is a plain attribute of the delivery.
_COMPUTED_DETAIL_FIELDS = {"tenant", "customer", "bundle", "payload", "tokens", "events", "klaviyo_events"}


def delivery_detail(*, delivery_id: uuid.UUID) -> dict[str, Any] | None:
    """What the store's own dashboard shows about one delivery, plus which store it belongs to. Read-only."""
    from alva.deliveries.selectors import delivery_detail as store_delivery_detail
    from alva.klaviyo.selectors import outbox_for_delivery
    from alva.support.schemas import SupportDeliveryDetailOut

    tenant = tenant_of_delivery(delivery_id=delivery_id)
    if tenant is None:
        return None
    with in_tenant_schema_for_support(tenant):
        delivery = store_delivery_detail(delivery_id=delivery_id)
        if delivery is None:
            return None
        plain = set(SupportDeliveryDetailOut.model_fields) - _COMPUTED_DETAIL_FIELDS
        # Model instances already loaded (select_related / prefetch) and lists: nothing is left to query later.
        return {
            **{name: getattr(delivery, name) for name in plain},
            "tenant": tenant,
            "customer": delivery.customer,
            "bundle": delivery.bundle,
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


def delivery_state_in_store(*, delivery_id: uuid.UUID) -> tuple[str | None, bool]:
    """Inside the store's schema: the delivery's status (None if there is none) and whether its customer is redacted."""
    from alva.deliveries.models import Delivery

    row = Delivery.objects.filter(id=delivery_id).values_list("status", "customer__redacted_at").first()
    if row is None:
        return None, False
    return row[0], row[1] is not None


# --- audit log -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    tenant_id: int | None = None
    staff_id: int | None = None
    action: str | None = None
    delivery_id: uuid.UUID | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None


def audit_log(*, filters: AuditFilters) -> QuerySet[SupportAuditEntry]:
    entries = SupportAuditEntry.objects.select_related("tenant", "result")
    if filters.tenant_id:
        entries = entries.filter(tenant_id=filters.tenant_id)
    if filters.staff_id:
        entries = entries.filter(staff_id=filters.staff_id)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.delivery_id:
        entries = entries.filter(delivery_id=filters.delivery_id)
    if filters.created_after:
        entries = entries.filter(created_at__gte=filters.created_after)
    if filters.created_before:
        entries = entries.filter(created_at__lt=filters.created_before)
    return entries.order_by("-created_at", "-id")
