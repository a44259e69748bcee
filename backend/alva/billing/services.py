"""Writes for billing: Checkout and Portal sessions, Stripe events applied to a store's subscription, and the
quota counters that the delivery pipeline and the catalog call."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import import_module
from typing import Any

import dramatiq
from django.db import connection, transaction
from django.utils import timezone

from alva.billing import selectors, stripe_client
from alva.billing.models import Plan, StripeEvent, Subscription, SubscriptionStatus
from alva.billing.selectors import LIVE_STATUSES
from alva.core.errors import ApiError, Conflict, ValidationFailed
from alva.core.tasks import broker, send_to_tenant
from alva.tenants.models import Tenant
from alva.tenants.urls import store_url

logger = logging.getLogger(__name__)

# The tenant-scoped actor (owned by deliveries) that re-decides deliveries held with "plan limit reached".
# Sent into the store's schema with one argument, the reason: "plan_upgraded", "payment_recovered" or
# "period_renewed".
RELEASE_PLAN_HOLDS_ACTOR = "deliveries.release_plan_holds"
_RELEASE_ACTOR_MODULE = "alva.deliveries.tasks"

BILLING_PAGE_PATH = "settings/billing"

_BUNDLE_LOCK_CLASS = zlib.crc32(b"alva.billing.bundle_limit") & 0x7FFFFFFF


def _human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


# --- a store's subscription row ----------------------------------------------------------------


def _subscription_locked(*, tenant_id: int) -> Subscription:
    """The store's row, created on Free if missing, locked until the surrounding transaction ends."""
    Subscription.objects.bulk_create(
        [Subscription(tenant_id=tenant_id, plan=selectors.plan_free())], ignore_conflicts=True
    )
    return Subscription.objects.select_for_update().select_related("plan").get(tenant_id=tenant_id)


# --- Checkout and the Customer Portal ----------------------------------------------------------


def billing_page_url(*, tenant: Tenant) -> str:
    assert tenant.subdomain is not None
    return f"{store_url(tenant.subdomain)}{BILLING_PAGE_PATH}"


def _customer_ensure(*, tenant: Tenant, email: str) -> str:
    """The store's Stripe customer, made once. Stripe is called outside any transaction; the id is kept with
    a conditional write, so two racing clicks settle on one customer."""
    subscription = selectors.subscription_for(tenant_id=tenant.id)
    known = subscription.stripe_customer_id if subscription else None
    if known and stripe_client.customer_usable(customer_id=known):
        return known
    assert tenant.subdomain is not None
    created = stripe_client.customer_create(
        tenant_id=tenant.id, subdomain=tenant.subdomain, name=tenant.name, email=email, replacing=known or ""
    )
    with transaction.atomic():
        row = _subscription_locked(tenant_id=tenant.id)
        if row.stripe_customer_id == known:
            row.stripe_customer_id = created
            row.save(update_fields=["stripe_customer_id", "updated_at"])
        elif row.stripe_customer_id != created:
            logger.warning("Store %s got a Stripe customer concurrently; %s is left unused", tenant.id, created)
    return row.stripe_customer_id or created


def checkout_start(*, tenant: Tenant, plan_code: str, email: str) -> str:
    """Where to send an owner who chose a paid plan: a Checkout Session, or for a store that already
    subscribes, the Customer Portal's plan-change confirmation (never a second subscription)."""
    plan = Plan.objects.filter(code=plan_code).first()
    if plan is None or plan.code == Plan.FREE:
        raise ValidationFailed({"plan": ["Choose one of the paid plans."]})
    price_id = selectors.plan_price_id(plan=plan)
    if not price_id:
        logger.error("No Stripe price configured for plan %s (STRIPE_PRICE_%s)", plan.code, plan.code.upper())
        raise stripe_client.BillingUnavailable("This plan cannot be bought right now. Alva support has been notified.")
    page = billing_page_url(tenant=tenant)
    subscription = selectors.subscription_for(tenant_id=tenant.id)
    if (
        subscription is not None
        and subscription.status in LIVE_STATUSES
        and subscription.stripe_subscription_id
        and subscription.stripe_customer_id
    ):
        if subscription.plan_id == plan.id:
            raise Conflict("already_on_plan", f"This store is already on the {plan.name} plan.")
        item = stripe_client.subscription_item(subscription_id=subscription.stripe_subscription_id)
        return stripe_client.portal_session_create(
            customer_id=subscription.stripe_customer_id,
            return_url=page,
            switch_to=(subscription.stripe_subscription_id, item, price_id),
        )
    customer_id = _customer_ensure(tenant=tenant, email=email)
    return stripe_client.checkout_session_create(
        customer_id=customer_id,
        price_id=price_id,
        tenant_id=tenant.id,
        plan_code=plan.code,
        # Stripe fills in {CHECKOUT_SESSION_ID} itself.
        success_url=f"{page}?checkout=success&session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{page}?checkout=canceled",
    )


def portal_start(*, tenant: Tenant) -> str:
    subscription = selectors.subscription_for(tenant_id=tenant.id)
    if subscription is None or not subscription.stripe_customer_id:
        raise Conflict("no_billing_account", "This store has no billing account yet: choose a paid plan first.")
    return stripe_client.portal_session_create(
        customer_id=subscription.stripe_customer_id, return_url=billing_page_url(tenant=tenant)
    )


# --- Stripe events -----------------------------------------------------------------------------

DUPLICATE = "duplicate"

# Stripe's subscription statuses -> ours. None: the plan does not change (the first payment is still pending).
_STATUS_FROM_STRIPE: dict[str, SubscriptionStatus] = {
    "active": SubscriptionStatus.ACTIVE,
    "trialing": SubscriptionStatus.TRIALING,
    "past_due": SubscriptionStatus.PAST_DUE,
    # Unpaid follows past_due once Stripe's retries are exhausted: it stays held the same way.
    "unpaid": SubscriptionStatus.PAST_DUE,
    "incomplete": SubscriptionStatus.INCOMPLETE,
    "incomplete_expired": SubscriptionStatus.CANCELED,
    "canceled": SubscriptionStatus.CANCELED,
    # A paused subscription is not paid for: the store is back on Free until it resumes.
    "paused": SubscriptionStatus.CANCELED,
}


class InvalidStripeEvent(ValueError):
    """A verified payload that is not a Stripe event (no id, type, created or data.object)."""


@dataclass(frozen=True)
class StripeEventIn:
    id: str
    type: str
    created: datetime
    livemode: bool
    object: Mapping[str, Any]

    @classmethod
    def parse(cls, event: Mapping[str, Any]) -> StripeEventIn:
        try:
            data_object = event["data"]["object"]
            parsed = cls(
                id=str(event["id"]),
                type=str(event["type"]),
                created=datetime.fromtimestamp(int(event["created"]), UTC),
                livemode=bool(event.get("livemode", False)),
                object=data_object,
            )
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise InvalidStripeEvent("not a Stripe event") from exc
        if not parsed.id or not isinstance(data_object, Mapping):
            raise InvalidStripeEvent("not a Stripe event")
        return parsed


@dataclass(frozen=True)
class Applied:
    outcome: str
    tenant_id: int | None = None


_RECORD_SQL = """
INSERT INTO billing_stripeevent (id, type, created, livemode, outcome, received_at)
VALUES (%s, %s, %s, %s, %s, now())
ON CONFLICT (id) DO NOTHING
RETURNING id
"""


def stripe_event_process(*, event: Mapping[str, Any]) -> str:
    """Apply one verified Stripe event exactly once; returns its outcome ("duplicate" for a replay).

    The event id is inserted first, in the same transaction as the change it causes: a replay finds the id
    and does nothing, and a failure rolls both back so Stripe's retry runs it again.
    """
    parsed = StripeEventIn.parse(event)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                _RECORD_SQL,
                [parsed.id, parsed.type[:100], parsed.created, parsed.livemode, StripeEvent.Outcome.IGNORED],
            )
            if cursor.fetchone() is None:
                return DUPLICATE
        handler = _HANDLERS.get(parsed.type)
        applied = handler(parsed) if handler else Applied(StripeEvent.Outcome.IGNORED)
        StripeEvent.objects.filter(id=parsed.id).update(outcome=applied.outcome, tenant_id=applied.tenant_id)
    return applied.outcome


def _tenant_id_of(*values: object) -> int | None:
    for value in values:
        try:
            tenant_id = int(str(value))
        except (TypeError, ValueError):
            continue
        if Tenant.objects.filter(id=tenant_id).exists():
            return tenant_id
    return None


def _metadata(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    metadata = obj.get("metadata")
    return metadata if isinstance(metadata, Mapping) else {}


def _locked_for_customer(customer_id: object, *, fallback_tenant_id: object = None) -> Subscription | None:
    """The row of the store that owns a Stripe customer; else the store named in our own metadata."""
    if isinstance(customer_id, str) and customer_id:
        row = (
            Subscription.objects.select_for_update()
            .select_related("plan")
            .filter(stripe_customer_id=customer_id)
            .first()
        )
        if row is not None:
            return row
    tenant_id = _tenant_id_of(fallback_tenant_id) if fallback_tenant_id is not None else None
    if tenant_id is None:
        return None
    row = _subscription_locked(tenant_id=tenant_id)
    if not row.stripe_customer_id and isinstance(customer_id, str) and customer_id:
        row.stripe_customer_id = customer_id
    return row


def _is_stale(row: Subscription, event: StripeEventIn) -> bool:
    return row.stripe_state_at is not None and event.created < row.stripe_state_at


@dataclass(frozen=True)
class _Allowance:
    deliveries: int
    held_for_payment: bool
    period_start: datetime


def _allowance(row: Subscription, now: datetime) -> _Allowance:
    return _Allowance(
        deliveries=row.plan.monthly_deliveries,
        held_for_payment=selectors.payment_hold(subscription=row, now=now),
        period_start=selectors.billing_period(subscription=row, now=now).start,
    )


def _release_reason(before: _Allowance, after: _Allowance) -> str | None:
    if after.deliveries > before.deliveries:
        return "plan_upgraded"
    if before.held_for_payment and not after.held_for_payment:
        return "payment_recovered"
    if after.period_start > before.period_start:
        return "period_renewed"
    return None


def _save_and_release(row: Subscription, before: _Allowance, now: datetime) -> None:
    row.save()
    reason = _release_reason(before, _allowance(row, now))
    if reason is not None:
        held_deliveries_release(tenant_id=row.tenant_id, reason=reason)


def _apply_checkout_completed(event: StripeEventIn) -> Applied:
    """Links the store to its customer and subscription; the plan itself comes with the subscription events."""
    session = event.object
    if session.get("mode") != "subscription":
        return Applied(StripeEvent.Outcome.IGNORED)
    tenant_id = _tenant_id_of(session.get("client_reference_id"), _metadata(session).get("tenant_id"))
    if tenant_id is None:
        logger.warning("Checkout session %s names no known store", session.get("id"))
        return Applied(StripeEvent.Outcome.UNMATCHED)
    row = _subscription_locked(tenant_id=tenant_id)
    customer_id, subscription_id = session.get("customer"), session.get("subscription")
    if isinstance(customer_id, str) and customer_id and not row.stripe_customer_id:
        row.stripe_customer_id = customer_id
    if isinstance(subscription_id, str) and subscription_id and row.stripe_subscription_id != subscription_id:
        if row.stripe_subscription_id and row.status in LIVE_STATUSES:
            logger.error(
                "Store %s completed checkout for %s while following live subscription %s; cancel one in Stripe",
                tenant_id,
                subscription_id,
                row.stripe_subscription_id,
            )
        else:
            row.stripe_subscription_id = subscription_id
    row.save()
    return Applied(StripeEvent.Outcome.APPLIED, tenant_id)


def _timestamp(value: object) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if isinstance(value, int) and value > 0 else None


def _subscription_facts(subscription: Mapping[str, Any]) -> tuple[str, datetime | None, datetime | None]:
    """(price id, period start, period end): on the item since Stripe API 2025-03-31, on the subscription before."""
    items = subscription.get("items")
    first: Mapping[str, Any] = {}
    if isinstance(items, Mapping) and isinstance(items.get("data"), list) and items["data"]:
        first = items["data"][0]
    price = first.get("price")
    price_id = price.get("id", "") if isinstance(price, Mapping) else (price if isinstance(price, str) else "")
    start = _timestamp(first.get("current_period_start", subscription.get("current_period_start")))
    end = _timestamp(first.get("current_period_end", subscription.get("current_period_end")))
    return str(price_id or ""), start, end


def _apply_subscription(event: StripeEventIn) -> Applied:
    subscription = event.object
    subscription_id = subscription.get("id")
    deleted = event.type == "customer.subscription.deleted"
    status = SubscriptionStatus.CANCELED if deleted else _STATUS_FROM_STRIPE.get(str(subscription.get("status")))
    row = _locked_for_customer(
        subscription.get("customer"), fallback_tenant_id=_metadata(subscription).get("tenant_id")
    )
    if row is None:
        logger.warning("Stripe subscription %s belongs to no known store", subscription_id)
        return Applied(StripeEvent.Outcome.UNMATCHED)
    if not isinstance(subscription_id, str) or status is None:
        logger.error("Stripe subscription %s has unknown status %r", subscription_id, subscription.get("status"))
        return Applied(StripeEvent.Outcome.IGNORED, row.tenant_id)
    if _is_stale(row, event):
        return Applied(StripeEvent.Outcome.STALE, row.tenant_id)
    # Another subscription than the one followed: its end says nothing about the current one, and a second
    # live one must not take over from a live one (Checkout refuses to create it; only the dashboard can).
    following_another = bool(row.stripe_subscription_id) and row.stripe_subscription_id != subscription_id
    if following_another and (status == SubscriptionStatus.CANCELED or row.status in LIVE_STATUSES):
        if status != SubscriptionStatus.CANCELED:
            logger.error(
                "Store %s has two live subscriptions: %s and %s",
                row.tenant_id,
                row.stripe_subscription_id,
                subscription_id,
            )
        row.save()
        return Applied(StripeEvent.Outcome.STALE, row.tenant_id)

    now = timezone.now()
    before = _allowance(row, now)
    price_id, period_start, period_end = _subscription_facts(subscription)
    row.stripe_subscription_id = subscription_id
    row.status = status
    row.stripe_state_at = event.created
    if status == SubscriptionStatus.CANCELED:
        row.plan = selectors.plan_free()
        row.stripe_price_id = ""
        row.current_period_start = row.current_period_end = None
        row.cancel_at_period_end = False
        row.past_due_since = None
    elif status == SubscriptionStatus.INCOMPLETE:
        # The first payment has not gone through: the store keeps what it had until it does.
        pass
    else:
        plan = selectors.plan_for_price(price_id=price_id)
        if plan is None:
            logger.error(
                "Stripe price %r matches no plan (STRIPE_PRICE_*); store %s keeps its plan", price_id, row.tenant_id
            )
        else:
            row.plan = plan
        row.stripe_price_id = price_id
        row.current_period_start, row.current_period_end = period_start, period_end
        row.cancel_at_period_end = bool(subscription.get("cancel_at_period_end"))
        if status == SubscriptionStatus.PAST_DUE:
            row.past_due_since = row.past_due_since or event.created
        else:
            row.past_due_since = None
    _save_and_release(row, before, now)
    return Applied(StripeEvent.Outcome.APPLIED, row.tenant_id)


def _invoice_subscription_id(invoice: Mapping[str, Any]) -> str:
    """The invoice's subscription: under parent.subscription_details since Stripe API 2025-03-31, top level before."""
    parent = invoice.get("parent")
    if isinstance(parent, Mapping):
        details = parent.get("subscription_details")
        if isinstance(details, Mapping):
            value = details.get("subscription")
            if isinstance(value, Mapping):
                value = value.get("id")
            if isinstance(value, str):
                return value
    value = invoice.get("subscription")
    if isinstance(value, Mapping):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _apply_invoice(event: StripeEventIn) -> Applied:
    invoice = event.object
    row = _locked_for_customer(invoice.get("customer"))
    if row is None:
        logger.warning("Stripe invoice %s belongs to no known store", invoice.get("id"))
        return Applied(StripeEvent.Outcome.UNMATCHED)
    if not row.stripe_subscription_id or _invoice_subscription_id(invoice) != row.stripe_subscription_id:
        # A one-off invoice, or one of a subscription this store no longer follows.
        row.save()
        return Applied(StripeEvent.Outcome.IGNORED, row.tenant_id)
    if _is_stale(row, event):
        return Applied(StripeEvent.Outcome.STALE, row.tenant_id)
    now = timezone.now()
    before = _allowance(row, now)
    if event.type == "invoice.paid":
        if row.status == SubscriptionStatus.PAST_DUE:
            row.status = SubscriptionStatus.ACTIVE
        row.past_due_since = None
    elif row.status in LIVE_STATUSES:
        # A failed first invoice leaves the subscription incomplete; only a running one becomes past due.
        row.status = SubscriptionStatus.PAST_DUE
        row.past_due_since = row.past_due_since or event.created
    row.stripe_state_at = event.created
    _save_and_release(row, before, now)
    return Applied(StripeEvent.Outcome.APPLIED, row.tenant_id)


_HANDLERS: dict[str, Callable[[StripeEventIn], Applied]] = {
    "checkout.session.completed": _apply_checkout_completed,
    "customer.subscription.created": _apply_subscription,
    "customer.subscription.updated": _apply_subscription,
    "customer.subscription.deleted": _apply_subscription,
    "invoice.paid": _apply_invoice,
    "invoice.payment_failed": _apply_invoice,
}


# --- closed stores -------------------------------------------------------------------------------


def subscription_cancel_for_closed_store(*, tenant_id: int) -> bool:
    """A closed store pays for nothing more: cancel its Stripe subscription now. True when Stripe was asked.

    Only Stripe is told here. Its `customer.subscription.deleted` webhook then moves the row to canceled and
    Free, as for every other change: Stripe's webhooks stay the only writers of a Subscription.
    """
    row = Subscription.objects.filter(tenant_id=tenant_id, tenant__status=Tenant.Status.CLOSED).first()
    if row is None or not row.stripe_subscription_id or row.status == SubscriptionStatus.CANCELED:
        return False
    stripe_client.subscription_cancel(subscription_id=row.stripe_subscription_id)
    return True


def subscriptions_cancel_for_closed_stores() -> int:
    """The sweeper behind the closure's message (a broker outage loses it): every closed store still billed."""
    tenant_ids = (
        Subscription.objects.filter(tenant__status=Tenant.Status.CLOSED)
        .exclude(stripe_subscription_id__isnull=True)
        .exclude(stripe_subscription_id="")
        .exclude(status=SubscriptionStatus.CANCELED)
        .values_list("tenant_id", flat=True)
    )
    return sum(subscription_cancel_for_closed_store(tenant_id=tenant_id) for tenant_id in tenant_ids)


# --- releasing held deliveries -----------------------------------------------------------------


def _release_actor() -> dramatiq.Actor[Any, Any] | None:
    import_module(_RELEASE_ACTOR_MODULE)  # declares the deliveries actors in this process
    try:
        return broker.get_actor(RELEASE_PLAN_HOLDS_ACTOR)
    except dramatiq.errors.ActorNotFound:
        return None


def held_deliveries_release(*, tenant_id: int, reason: str = "plan_upgraded") -> None:
    """After the current transaction commits, ask the store's own schema to re-decide deliveries held for the plan.

    Sent with `send_to_tenant`, because Stripe's webhook arrives on the public host, outside any store.
    """
    schema_name = Tenant.objects.filter(id=tenant_id).values_list("schema_name", flat=True).first()
    if schema_name is None:
        return

    def send() -> None:
        actor = _release_actor()
        if actor is None:
            logger.error("%s is not declared; held deliveries of %s stay held", RELEASE_PLAN_HOLDS_ACTOR, schema_name)
            return
        try:
            send_to_tenant(actor, schema_name, reason)
        except Exception:
            logger.warning("could not enqueue %s for %s", RELEASE_PLAN_HOLDS_ACTOR, schema_name, exc_info=True)

    transaction.on_commit(send)


# --- quotas ------------------------------------------------------------------------------------

# One statement: insert the period's counter at 1, or add 1 only while under the quota. No row back means
# the quota is used up; concurrent callers serialise on the row, so the count never passes the quota.
_CONSUME_SQL = """
INSERT INTO billing_usagecounter (tenant_id, period_start, period_end, deliveries, updated_at)
VALUES (%s, %s, %s, 1, now())
ON CONFLICT (tenant_id, period_start) DO UPDATE
    SET deliveries = billing_usagecounter.deliveries + 1, updated_at = now()
    WHERE billing_usagecounter.deliveries < %s
RETURNING deliveries
"""


def delivery_quota_consume(*, tenant_id: int, is_test: bool) -> bool:
    """Count one delivery in the store's current period. False: hold it ("plan limit reached") — the plan's
    monthly quota is used up, or the store has been past due for longer than the grace period.

    Test deliveries are never counted nor held. Call it inside the transaction that decides the delivery, so
    a rollback uncounts it; the counter row stays locked until that transaction ends, so keep it short.
    """
    if is_test:
        return True
    now = timezone.now()
    subscription = selectors.subscription_for(tenant_id=tenant_id)
    if selectors.payment_hold(subscription=subscription, now=now):
        return False
    plan = subscription.plan if subscription else selectors.plan_free()
    if plan.monthly_deliveries < 1:
        return False
    period = selectors.billing_period(subscription=subscription, now=now)
    with connection.cursor() as cursor:
        cursor.execute(_CONSUME_SQL, [tenant_id, period.start, period.end, plan.monthly_deliveries])
        return cursor.fetchone() is not None


class StorageQuotaExceeded(ApiError):
    def __init__(self, *, plan: Plan, used: int) -> None:
        left = max(plan.storage_bytes - used, 0)
        super().__init__(
            402,
            "storage_quota_exceeded",
            f"Your {plan.name} plan includes {_human_bytes(plan.storage_bytes)} of storage and "
            f"{_human_bytes(left)} is left. Delete files or upgrade your plan; existing downloads keep working.",
        )


def storage_quota_check(*, tenant_id: int, additional_bytes: int) -> None:
    """Before an upload starts: refuse (402) a file that would not fit. Nothing is counted here."""
    plan = selectors.plan_current(tenant_id=tenant_id)
    used = selectors.storage_used(tenant_id=tenant_id)
    if used + max(additional_bytes, 0) > plan.storage_bytes:
        raise StorageQuotaExceeded(plan=plan, used=used)


_STORAGE_ENSURE_SQL = """
INSERT INTO billing_storageusage (tenant_id, bytes, updated_at) VALUES (%s, 0, now())
ON CONFLICT (tenant_id) DO NOTHING
"""
_STORAGE_ADJUST_SQL = """
UPDATE billing_storageusage SET bytes = GREATEST(bytes + %s, 0), updated_at = now()
WHERE tenant_id = %s AND (%s OR bytes + %s <= %s)
RETURNING bytes
"""


def storage_usage_adjust(*, tenant_id: int, delta_bytes: int, enforce_quota: bool = False) -> int:
    """Add (file stored) or subtract (file deleted) bytes in one statement; returns the new total.

    With `enforce_quota`, an increase that would pass the plan's storage is not made and raises 402: that
    is the atomic check (two uploads finishing at once cannot both squeeze in); storage_quota_check is
    only the early warning.
    """
    limit = selectors.plan_current(tenant_id=tenant_id).storage_bytes if enforce_quota and delta_bytes > 0 else 0
    unconditional = not (enforce_quota and delta_bytes > 0)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_STORAGE_ENSURE_SQL, [tenant_id])
        cursor.execute(_STORAGE_ADJUST_SQL, [delta_bytes, tenant_id, unconditional, delta_bytes, limit])
        row = cursor.fetchone()
    if row is None:
        plan = selectors.plan_current(tenant_id=tenant_id)
        raise StorageQuotaExceeded(plan=plan, used=selectors.storage_used(tenant_id=tenant_id))
    return int(row[0])


def bundle_limit_check(*, tenant_id: int) -> None:
    """Before creating (or re-activating) a bundle, inside that same transaction and the store's schema:
    402 `bundle_limit_reached` when the plan's active bundles are all in use.

    A per-store transaction lock makes concurrent creations count one after the other.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("bundle_limit_check must run inside the transaction that creates the bundle")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_BUNDLE_LOCK_CLASS, tenant_id & 0x7FFFFFFF])
    plan = selectors.plan_current(tenant_id=tenant_id)
    if selectors.active_bundle_count(tenant_id=tenant_id) >= plan.bundle_limit:
        raise ApiError(
            402,
            "bundle_limit_reached",
            f"Your {plan.name} plan includes {plan.bundle_limit} active bundles. Deactivate one or upgrade your plan.",
        )
