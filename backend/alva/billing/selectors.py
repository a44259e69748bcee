"""Reads for billing: plans and their Stripe prices, a store's plan and period, usage, the GET /billing overview."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet

from alva.billing.models import Plan, StorageUsage, Subscription, SubscriptionStatus, UsageCounter
from alva.core.tenancy import current_schema
from alva.tenants.models import Tenant

# Statuses in which the store has the paid plan Stripe bills it for.
LIVE_STATUSES = frozenset({SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE})


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


# --- plans -------------------------------------------------------------------------------------


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.order_by("rank")


def plan_free() -> Plan:
    return Plan.objects.get(code=Plan.FREE)


def plan_price_id(*, plan: Plan) -> str:
    """The Stripe price of a paid plan, from settings.STRIPE_PRICE_<CODE> ('' for Free or when unset)."""
    if plan.code == Plan.FREE:
        return ""
    return str(getattr(settings, f"STRIPE_PRICE_{plan.code.upper()}", "") or "")


def plan_for_price(*, price_id: str) -> Plan | None:
    if not price_id:
        return None
    for plan in Plan.objects.exclude(code=Plan.FREE):
        if plan_price_id(plan=plan) == price_id:
            return plan
    return None


# --- a store's subscription and period ---------------------------------------------------------


def subscription_for(*, tenant_id: int) -> Subscription | None:
    return Subscription.objects.select_related("plan").filter(tenant_id=tenant_id).first()


def plan_current(*, tenant_id: int) -> Plan:
    subscription = subscription_for(tenant_id=tenant_id)
    return subscription.plan if subscription else plan_free()


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def billing_period(*, subscription: Subscription | None, now: datetime) -> Period:
    """The period usage counts in: Stripe's current period for a paid plan, else the calendar month (UTC).

    When Stripe's period has ended and its renewal has not reached us yet, periods roll on monthly from
    Stripe's start, so a late webhook never stops counting.
    """
    if (
        subscription is not None
        and subscription.status in LIVE_STATUSES
        and subscription.current_period_start is not None
        and subscription.current_period_end is not None
    ):
        anchor = subscription.current_period_start
        start, end = anchor, subscription.current_period_end
        months = 0
        while now >= end:
            months += 1
            start, end = _add_months(anchor, months), _add_months(anchor, months + 1)
        return Period(start=start, end=end)
    utc_now = now.astimezone(UTC)
    start = utc_now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return Period(start=start, end=_add_months(start, 1))


def payment_hold_starts(*, subscription: Subscription | None) -> datetime | None:
    """While past due: the moment deliveries start being held, unless the payment recovers first."""
    if subscription is None or subscription.status != SubscriptionStatus.PAST_DUE:
        return None
    if subscription.past_due_since is None:
        return None
    return subscription.past_due_since + timedelta(days=settings.BILLING_PAST_DUE_GRACE_DAYS)


def payment_hold(*, subscription: Subscription | None, now: datetime) -> bool:
    """True once a store has been past due for longer than the grace period: its deliveries are held."""
    starts = payment_hold_starts(subscription=subscription)
    return starts is not None and now > starts


# --- usage -------------------------------------------------------------------------------------


def deliveries_used(*, tenant_id: int, period: Period) -> int:
    used = (
        UsageCounter.objects.filter(tenant_id=tenant_id, period_start=period.start)
        .values_list("deliveries", flat=True)
        .first()
    )
    return int(used or 0)


def storage_used(*, tenant_id: int) -> int:
    used = StorageUsage.objects.filter(tenant_id=tenant_id).values_list("bytes", flat=True).first()
    return int(used or 0)


def _in_own_schema(tenant_id: int, what: str) -> None:
    schema = Tenant.objects.filter(id=tenant_id).values_list("schema_name", flat=True).first()
    if schema is None or schema != current_schema():
        # Counting another schema's rows would silently apply one store's usage to another.
        raise RuntimeError(f"{what} of tenant {tenant_id} can only be counted inside its own schema")


def active_bundle_count(*, tenant_id: int) -> int:
    """Active bundles of the store whose schema is active now (bundles live in the store's schema)."""
    from alva.catalog.selectors import bundle_list

    _in_own_schema(tenant_id, "bundles")
    return bundle_list(active=True).count()


def held_delivery_count(*, tenant_id: int) -> int:
    """Deliveries held in Pending Review with "plan limit reached" (an upgrade releases them); in the store's schema."""
    from alva.deliveries.models import Delivery, DeliveryStatus
    from alva.deliveries.services import PLAN_LIMIT_SIGNAL

    _in_own_schema(tenant_id, "deliveries")
    return Delivery.objects.filter(
        status=DeliveryStatus.PENDING_REVIEW, fraud_signals__contains=[{"signal": PLAN_LIMIT_SIGNAL["signal"]}]
    ).count()


# --- the overview of GET /billing ---------------------------------------------------------------


@dataclass(frozen=True)
class Quantities:
    deliveries: int
    storage_bytes: int
    bundles: int


@dataclass(frozen=True)
class OverQuota:
    deliveries: bool
    storage: bool


@dataclass(frozen=True)
class BillingOverview:
    plan: Plan
    status: str
    period: Period
    renews_at: datetime | None
    cancel_at_period_end: bool
    past_due_since: datetime | None
    payment_hold_starts_at: datetime | None
    deliveries_held_for_payment: bool
    deliveries_held: int
    usage: Quantities
    limits: Quantities
    over_quota: OverQuota
    portal_available: bool


def billing_overview(*, tenant: Tenant, now: datetime) -> BillingOverview:
    """Call inside the store's schema (a store-host request): the bundle count is read there."""
    subscription = subscription_for(tenant_id=tenant.id)
    plan = subscription.plan if subscription else plan_free()
    period = billing_period(subscription=subscription, now=now)
    usage = Quantities(
        deliveries=deliveries_used(tenant_id=tenant.id, period=period),
        storage_bytes=storage_used(tenant_id=tenant.id),
        bundles=active_bundle_count(tenant_id=tenant.id),
    )
    limits = Quantities(deliveries=plan.monthly_deliveries, storage_bytes=plan.storage_bytes, bundles=plan.bundle_limit)
    live = subscription is not None and subscription.status in LIVE_STATUSES and plan.code != Plan.FREE
    cancel_at_period_end = bool(subscription and subscription.cancel_at_period_end)
    return BillingOverview(
        plan=plan,
        status=subscription.status if subscription else SubscriptionStatus.ACTIVE,
        period=period,
        renews_at=period.end if live and not cancel_at_period_end else None,
        cancel_at_period_end=cancel_at_period_end,
        past_due_since=subscription.past_due_since if subscription else None,
        payment_hold_starts_at=payment_hold_starts(subscription=subscription),
        deliveries_held_for_payment=payment_hold(subscription=subscription, now=now),
        deliveries_held=held_delivery_count(tenant_id=tenant.id),
        usage=usage,
        limits=limits,
        # At the limit the next delivery is held and any upload refused, so the banner shows from there.
        over_quota=OverQuota(
            deliveries=usage.deliveries >= limits.deliveries,
            storage=usage.storage_bytes >= limits.storage_bytes,
        ),
        portal_available=bool(subscription and subscription.stripe_customer_id),
    )
