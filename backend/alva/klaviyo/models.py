"""The store's Klaviyo connection (one row, secrets sealed) and the outbox of events to send to Klaviyo."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class KlaviyoMode(models.TextChoices):
    API_KEY = "api_key", "Private API key"
    OAUTH = "oauth", "OAuth"


class KlaviyoHealth(models.TextChoices):
    CONNECTED = "connected"
    # Still used for sending; the last call failed in a way a retry or the merchant may fix.
    FAILING = "failing"
    # Klaviyo refused the credentials: events wait until the merchant connects again.
    REVOKED = "revoked"
    DISCONNECTED = "disconnected"


class KlaviyoConnection(models.Model):
    # Top-level enums, so that the OpenAPI components are named KlaviyoMode and KlaviyoHealth.
    Mode = KlaviyoMode
    Health = KlaviyoHealth

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # A singleton: the constraint makes a second row impossible, not merely unlikely.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    mode = models.CharField(max_length=16, choices=Mode.choices, blank=True)
    # AES-256-GCM (alva.core.crypto), each field sealed with its own purpose.
    api_key_encrypted = models.TextField(blank=True)
    access_token_encrypted = models.TextField(blank=True)
    refresh_token_encrypted = models.TextField(blank=True)
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    scopes = models.CharField(max_length=1000, blank=True)  # space-separated, as Klaviyo grants them
    account_id = models.CharField(max_length=64, blank=True)
    account_name = models.CharField(max_length=255, blank=True)
    health = models.CharField(max_length=16, choices=Health.choices, default=Health.DISCONNECTED)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    connected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="klaviyo_connection_singleton")]

    def __str__(self) -> str:
        return f"Klaviyo {self.mode or 'not connected'} ({self.health})"

    @property
    def is_usable(self) -> bool:
        """Whether events may be sent with it (a failing connection is still tried)."""
        has_secret = bool(self.api_key_encrypted if self.mode == self.Mode.API_KEY else self.refresh_token_encrypted)
        return bool(self.mode) and has_secret and self.health in (self.Health.CONNECTED, self.Health.FAILING)


class OutboxEvent(models.Model):
    class State(models.TextChoices):
        PENDING = "pending"
        SENDING = "sending"  # claimed by one worker; next_attempt_at is then the end of its lease
        SENT = "sent"
        FAILED = "failed"
        WAITING_FOR_CONNECTION = "waiting_for_connection"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Not a foreign key: the outbox belongs to this app and outlives any one caller's model.
    delivery_id = models.UUIDField(null=True, blank=True, db_index=True)
    metric = models.CharField(max_length=127)
    properties = models.JSONField()
    # {"email", "first_name", "last_name", "klaviyo_profile_id"}: PII, redacted with the delivery.
    profile = models.JSONField()
    # Deduplicates our own enqueues here and Klaviyo's recording there (profile + metric + unique_id).
    unique_id = models.CharField(max_length=255, unique=True)
    state = models.CharField(max_length=32, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # The sweeper's scan: unfinished rows by due time.
            models.Index(
                fields=["state", "next_attempt_at"],
                name="klaviyo_outbox_due_idx",
                condition=models.Q(state__in=["pending", "sending", "waiting_for_connection"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.unique_id} ({self.state})"
