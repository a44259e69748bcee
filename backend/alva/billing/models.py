"""Plans (data, seeded by a migration), each store's subscription as Stripe reports it, usage, Stripe events seen."""

from __future__ import annotations

from django.db import models

from alva.tenants.models import Tenant


class Plan(models.Model):
    """What a store may use per billing period. Stripe price ids are configuration (settings.STRIPE_PRICE_<CODE>)."""

    FREE = "free"

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=64)
    # Plans are listed and compared (upgrade or not) in this order.
    rank = models.PositiveSmallIntegerField(unique=True)
    monthly_deliveries = models.PositiveIntegerField()
    storage_bytes = models.PositiveBigIntegerField()
    bundle_limit = models.PositiveIntegerField()
    # For display only: the amount charged is the Stripe price's.
    price_monthly_cents = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, default="usd")

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.code


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active"
    TRIALING = "trialing"
    PAST_DUE = "past_due"
    CANCELED = "canceled"
    INCOMPLETE = "incomplete"


class Subscription(models.Model):
    """A store's plan and Stripe state. A store without a row is on Free; Stripe webhooks are the only writers."""

    Status = SubscriptionStatus

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.ACTIVE)
    stripe_customer_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_price_id = models.CharField(max_length=255, blank=True)
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    past_due_since = models.DateTimeField(null=True, blank=True)
    # `created` of the newest Stripe event applied: Stripe does not deliver events in order, older ones are skipped.
    stripe_state_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.plan_id} ({self.status})"


class UsageCounter(models.Model):
    """Deliveries counted in one billing period of one store; incremented by one conditional UPDATE."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    deliveries = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "period_start"], name="billing_usage_tenant_period_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.period_start:%Y-%m-%d}: {self.deliveries}"


class StorageUsage(models.Model):
    """Bytes of uploaded files a store keeps (a level, not per period); adjusted by the catalog with F()-style SQL."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, primary_key=True, related_name="+")
    bytes = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.bytes} bytes"


class StripeEvent(models.Model):
    """Every Stripe event id seen once: the primary key is the deduplication, inserted before any work."""

    class Outcome(models.TextChoices):
        APPLIED = "applied"
        IGNORED = "ignored"  # a type Alva does not handle
        UNMATCHED = "unmatched"  # no store owns the customer or subscription
        STALE = "stale"  # older than the state already applied

    id = models.CharField(max_length=255, primary_key=True)
    type = models.CharField(max_length=100)
    created = models.DateTimeField()
    livemode = models.BooleanField(default=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.IGNORED)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "-received_at"], name="billing_event_tenant_idx")]

    def __str__(self) -> str:
        return f"{self.id} {self.type}"
