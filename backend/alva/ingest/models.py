"""The store's webhook secret and every webhook call it received (the receipts and the webhook log)."""

from __future__ import annotations

import uuid

from django.db import models


class WebhookSecret(models.Model):
    """One per store. Sealed with alva.core.crypto; the previous secret stays valid for a while after rotation."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    current_sealed = models.CharField(max_length=512)
    current_hint = models.CharField(max_length=8)
    previous_sealed = models.CharField(max_length=512, blank=True)
    previous_valid_until = models.DateTimeField(null=True, blank=True)
    rate_limit_per_second = models.PositiveIntegerField(default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="webhook_secret_singleton")]

    def __str__(self) -> str:
        return f"webhook secret …{self.current_hint}"


class WebhookCall(models.Model):
    """One inbound call, whatever its outcome. An accepted call is the durable receipt the pipeline works from."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted"
        DUPLICATE = "duplicate"
        REJECTED = "rejected"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    slug = models.CharField(max_length=64)
    bundle = models.ForeignKey("catalog.Bundle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField()
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=255, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    payload = models.JSONField(null=True, blank=True)
    remote_ip = models.GenericIPAddressField(null=True, blank=True)
    is_test = models.BooleanField(default=False)
    # Set when the ingest worker has turned the receipt into a delivery; the sweeper re-sends the rest.
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            # Klaviyo retries and flows firing twice must give one delivery per endpoint and key.
            models.UniqueConstraint(
                fields=["bundle", "idempotency_key"],
                condition=models.Q(outcome="accepted"),
                name="webhookcall_accepted_key_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["received_at"],
                name="webhookcall_unprocessed_idx",
                condition=models.Q(outcome="accepted", processed_at__isnull=True),
            ),
            models.Index(fields=["outcome", "received_at"], name="webhookcall_outcome_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} {self.status_code} {self.slug}"
