"""The store's own settings: one row per tenant schema."""

from django.db import models

RETENTION_DAYS_DEFAULT = 90
RETENTION_DAYS_MIN = 7
RETENTION_DAYS_MAX = 730
BRAND_COLOR_DEFAULT = "#4f46e5"
BRAND_COLOR_PATTERN = r"^#[0-9a-f]{6}$"  # stored lower-case


class StoreSettings(models.Model):
    # A singleton: the constraint makes a second row impossible, not merely unlikely.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    support_email = models.EmailField(max_length=254, blank=True)
    brand_color = models.CharField(max_length=7, default=BRAND_COLOR_DEFAULT)
    # Customer PII older than this is redacted (alva.deliveries.retention).
    retention_days = models.PositiveSmallIntegerField(default=RETENTION_DAYS_DEFAULT)
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
