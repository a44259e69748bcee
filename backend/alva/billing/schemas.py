"""Request and response shapes of the billing endpoints."""

from datetime import datetime

from ninja import Field, Schema


class PlanOut(Schema):
    code: str
    name: str
    monthly_deliveries: int
    storage_bytes: int
    bundle_limit: int
    price_monthly_cents: int
    currency: str


class QuantitiesOut(Schema):
    deliveries: int
    storage_bytes: int
    bundles: int


class OverQuotaOut(Schema):
    deliveries: bool
    storage: bool


class PeriodOut(Schema):
    start: datetime
    end: datetime


class BillingOut(Schema):
    plan: PlanOut
    status: str
    period: PeriodOut
    renews_at: datetime | None
    cancel_at_period_end: bool
    past_due_since: datetime | None
    payment_hold_starts_at: datetime | None = Field(
        description="While past due: when deliveries start being held if the payment has not recovered."
    )
    deliveries_held_for_payment: bool = Field(
        description="Past due for longer than the grace period: new deliveries are held like over the quota."
    )
    deliveries_held: int = Field(
        description="Deliveries waiting in Pending Review with the signal plan_limit_reached; an upgrade releases them."
    )
    usage: QuantitiesOut
    limits: QuantitiesOut
    over_quota: OverQuotaOut
    portal_available: bool


class CheckoutIn(Schema):
    plan: str = Field(min_length=1, max_length=32)


class RedirectOut(Schema):
    url: str
