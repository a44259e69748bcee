"""Bundles (what a webhook delivers) and their ordered files (objects in S3)."""

from __future__ import annotations

import secrets
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def new_webhook_slug() -> str:
    # 128 random bits: the slug is unguessable, the secret header is what authenticates.
    return secrets.token_urlsafe(16)


class Bundle(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    active = models.BooleanField(default=True)
    expiry_days = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1), MaxValueValidator(365)])
    max_downloads = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    max_unique_ips = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    webhook_slug = models.CharField(max_length=64, unique=True, default=new_webhook_slug)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class FileCategory(models.TextChoices):
    DOCUMENT = "DOCUMENT"
    IMAGE = "IMAGE"
    AUDIO = "AUDIO"
    VIDEO = "VIDEO"
    ARCHIVE = "ARCHIVE"
    OTHER = "OTHER"


class BundleFile(models.Model):
    class State(models.TextChoices):
        PENDING = "pending"  # upload URL handed out, bytes not confirmed yet
        VERIFYING = "verifying"  # object confirmed by HeadObject, SHA-256 being computed
        READY = "ready"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=255)
    category = models.CharField(max_length=16, choices=FileCategory.choices)
    sha256 = models.CharField(max_length=64, blank=True)
    # Never derived from the file name: "<tenant schema>/files/<file id>".
    object_key = models.CharField(max_length=512, unique=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    multipart_upload_id = models.CharField(max_length=1024, blank=True)
    # The part size the multipart upload was started with (settings may change before it completes).
    multipart_part_size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["bundle", "position"], name="bundlefile_bundle_position_idx")]

    def __str__(self) -> str:
        return self.filename


class CatalogSettings(models.Model):
    """The store's catalog policy: one row per tenant schema, created on first save."""

    # A singleton: the constraint makes a second row impossible, not merely unlikely.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    # Executables and scripts are refused unless the store sells them on purpose.
    allow_script_files = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="catalog_settings_singleton")]

    def __str__(self) -> str:
        return "catalog settings"
