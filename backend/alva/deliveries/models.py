"""Customers, deliveries with their event log, download tokens and downloads."""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models


class Customer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(max_length=254, unique=True)  # normalised: stripped, lower-case
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    klaviyo_profile_id = models.CharField(max_length=64, blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.id)


class DeliveryStatus(models.TextChoices):
    """Spelled exactly as merchants see them (product.md §3)."""

    PROCESSING = "Processing"
    PENDING_REVIEW = "Pending Review"
    APPROVED = "Approved"
    DOWNLOADED = "Downloaded"
    BLOCKED = "Blocked"
    EXPIRED = "Expired"
    REVOKED = "Revoked"


class Delivery(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    receipt = models.OneToOneField("ingest.WebhookCall", on_delete=models.PROTECT, related_name="delivery")
    bundle = models.ForeignKey("catalog.Bundle", on_delete=models.PROTECT, related_name="deliveries")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PROCESSING)
    fraud_score = models.PositiveSmallIntegerField(null=True, blank=True)
    fraud_signals = models.JSONField(default=list, blank=True)
    is_test = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    first_download_at = models.DateTimeField(null=True, blank=True)
    all_files_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="delivery_status_created_idx"),
            models.Index(fields=["customer", "created_at"], name="delivery_customer_created_idx"),
            models.Index(fields=["bundle", "created_at"], name="delivery_bundle_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.status}"


class DeliveryEvent(models.Model):
    """The delivery's log: status changes, Klaviyo event attempts, merchant actions (who and when)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    message = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)
    actor = models.CharField(max_length=254, blank=True)  # a user's email, "system" or "fraud"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class DownloadToken(models.Model):
    """The grant behind one download-page URL. Only the SHA-256 of the token is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    max_downloads = models.PositiveIntegerField()
    downloads_used = models.PositiveIntegerField(default=0)
    max_unique_ips = models.PositiveIntegerField()
    ips_seen = ArrayField(models.GenericIPAddressField(), default=list, blank=True)
    # The distinct files this token has downloaded, kept by the same statement that counts a download,
    # so "every file downloaded" needs no query over the downloads.
    files_downloaded = ArrayField(models.UUIDField(), default=list, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expiry_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["expires_at"],
                name="token_expiry_pending_idx",
                condition=models.Q(revoked_at__isnull=True, expiry_notified_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class Download(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    token = models.ForeignKey(DownloadToken, on_delete=models.CASCADE, related_name="downloads")
    file = models.ForeignKey("catalog.BundleFile", on_delete=models.PROTECT, related_name="downloads")
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.id)
