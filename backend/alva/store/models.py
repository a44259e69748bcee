"""The store's own settings: one row per tenant schema."""

from dataclasses import dataclass

from django.db import models

RETENTION_DAYS_DEFAULT = 90
RETENTION_DAYS_MIN = 7
RETENTION_DAYS_MAX = 730
BRAND_COLOR_DEFAULT = "#4f46e5"
BRAND_COLOR_PATTERN = r"^#[0-9a-f]{6}$"  # stored lower-case


@dataclass(frozen=True)
class PolicyRange:
    default: int
    min: int
    max: int


# A bundle created without these policy fields takes the store's defaults (product.md §3: link lifetime 3 days,
# 5 downloads, 3 unique IPs per link). Same ranges as the bundle's own fields (alva.catalog.models.Bundle).
DELIVERY_DEFAULT_RANGES: dict[str, PolicyRange] = {
    "expiry_days": PolicyRange(default=3, min=1, max=365),
    "max_downloads": PolicyRange(default=5, min=1, max=1000),
    "max_unique_ips": PolicyRange(default=3, min=1, max=100),
}


def _range_check(field: str, policy: PolicyRange) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": policy.min, f"{field}__lte": policy.max}),
        name=f"store_settings_{field}_range",
    )


class StoreSettings(models.Model):
    # A singleton: the constraint makes a second row impossible, not merely unlikely.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    support_email = models.EmailField(max_length=254, blank=True)
    brand_color = models.CharField(max_length=7, default=BRAND_COLOR_DEFAULT)
    # Customer PII older than this is redacted (alva.deliveries.retention).
    retention_days = models.PositiveSmallIntegerField(default=RETENTION_DAYS_DEFAULT)
    # Delivery defaults: the policy of a bundle created without its own (alva.catalog.services.bundle_create).
    default_expiry_days = models.PositiveSmallIntegerField(default=DELIVERY_DEFAULT_RANGES["expiry_days"].default)
    default_max_downloads = models.PositiveSmallIntegerField(default=DELIVERY_DEFAULT_RANGES["max_downloads"].default)
    default_max_unique_ips = models.PositiveSmallIntegerField(default=DELIVERY_DEFAULT_RANGES["max_unique_ips"].default)
    # The download page's logo: an object "<schema>/branding/logo-<uuid>" the browser PUT with a presigned URL,
    # confirmed by HeadObject. The pending key is the one upload the server last issued: only it can be confirmed.
    logo_key = models.CharField(max_length=512, blank=True)
    logo_content_type = models.CharField(max_length=32, blank=True)
    logo_pending_key = models.CharField(max_length=512, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="store_settings_singleton"),
            models.CheckConstraint(
                condition=models.Q(retention_days__gte=RETENTION_DAYS_MIN, retention_days__lte=RETENTION_DAYS_MAX),
                name="store_settings_retention_days_range",
            ),
            models.CheckConstraint(
                condition=models.Q(brand_color__regex=BRAND_COLOR_PATTERN), name="store_settings_brand_color_hex"
            ),
            *(_range_check(f"default_{name}", policy) for name, policy in DELIVERY_DEFAULT_RANGES.items()),
        ]

    def __str__(self) -> str:
        return "store settings"


class AuditEntry(models.Model):
    """Append-only record of sensitive merchant actions in this store (secret reveals, rotations…)."""

    actor = models.CharField(max_length=254)  # the user's email, or "system"
    action = models.CharField(max_length=64)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor}"
