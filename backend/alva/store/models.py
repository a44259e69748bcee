"""The store's own settings: one row per tenant schema."""

from django.db import models


class StoreSettings(models.Model):
    # A singleton: the constraint makes a second row impossible, not merely unlikely.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    support_email = models.EmailField(max_length=254, blank=True)
    brand_color = models.CharField(max_length=7, default="#4f46e5")
    retention_days = models.PositiveSmallIntegerField(default=90)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="store_settings_singleton")]

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
