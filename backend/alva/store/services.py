"""Writes for the store's settings (always in the active tenant schema): retention, branding and its logo,
delivery defaults."""

import logging
import re
from dataclasses import dataclass, field
from typing import Literal

from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from alva.catalog import services as catalog
from alva.core.errors import ApiError, ValidationFailed
from alva.core.tenancy import current_schema
from alva.store import selectors, storage
from alva.store.models import (
    BRAND_COLOR_PATTERN,
    DELIVERY_DEFAULT_RANGES,
    RETENTION_DAYS_MAX,
    RETENTION_DAYS_MIN,
    AuditEntry,
    StoreSettings,
)

logger = logging.getLogger(__name__)

_BRAND_COLOR = re.compile(BRAND_COLOR_PATTERN)
_EDITABLE = ("retention_days", "support_email", "brand_color")


def store_initialize(*, support_email: str) -> StoreSettings:
    """Idempotent: a redelivered message finds the row and changes nothing."""
    settings_row, _ = StoreSettings.objects.get_or_create(singleton=True, defaults={"support_email": support_email})
    return settings_row


def audit_record(*, actor: str, action: str, detail: dict[str, object] | None = None) -> AuditEntry:
    return AuditEntry.objects.create(actor=actor, action=action, detail=detail or {})


@transaction.atomic
def store_settings_update(*, actor: str, retention_days: int, support_email: str, brand_color: str) -> StoreSettings:
    """Replace the editable settings; a change is audited (a shorter retention period erases data sooner)."""
    support_email = support_email.strip()
    brand_color = brand_color.strip().lower()
    errors: dict[str, list[str]] = {}
    if not RETENTION_DAYS_MIN <= retention_days <= RETENTION_DAYS_MAX:
        errors["retention_days"] = [f"Must be between {RETENTION_DAYS_MIN} and {RETENTION_DAYS_MAX} days."]
    if support_email:
        try:
            validate_email(support_email)
        except ValidationError:
            errors["support_email"] = ["Enter a valid email address, or leave it empty."]
    if not _BRAND_COLOR.fullmatch(brand_color):
        errors["brand_color"] = ["Enter a colour as #rrggbb, e.g. #4f46e5."]
    if errors:
        raise ValidationFailed(errors)

    row, _ = StoreSettings.objects.select_for_update().get_or_create(singleton=True)
    wanted = {"retention_days": retention_days, "support_email": support_email, "brand_color": brand_color}
    changes = {
        name: {"from": getattr(row, name), "to": value} for name, value in wanted.items() if getattr(row, name) != value
    }
    if changes:
        for name, value in wanted.items():
            setattr(row, name, value)
        row.save()
        audit_record(actor=actor, action="store_settings.update", detail={"changes": changes})
    return row


def _settings_locked() -> StoreSettings:
    row, _ = StoreSettings.objects.select_for_update().get_or_create(singleton=True)
    return row


# --- delivery defaults -------------------------------------------------------------------------


@transaction.atomic
def delivery_defaults_update(*, actor: str, expiry_days: int, max_downloads: int, max_unique_ips: int) -> StoreSettings:
    """Replace the policy new bundles get when they leave it out; existing bundles keep theirs. Audited."""
    wanted = {"expiry_days": expiry_days, "max_downloads": max_downloads, "max_unique_ips": max_unique_ips}
    errors = {
        name: [f"Must be a whole number from {policy.min} to {policy.max}."]
        for name, policy in DELIVERY_DEFAULT_RANGES.items()
        if not policy.min <= wanted[name] <= policy.max
    }
    if errors:
        raise ValidationFailed(errors)
    row = _settings_locked()
    changes = {
        name: {"from": getattr(row, f"default_{name}"), "to": value}
        for name, value in wanted.items()
        if getattr(row, f"default_{name}") != value
    }
    if changes:
        for name, value in wanted.items():
            setattr(row, f"default_{name}", value)
        row.save(update_fields=[*(f"default_{name}" for name in wanted), "updated_at"])
        audit_record(actor=actor, action="delivery_defaults.update", detail={"changes": changes})
    return row


# --- the download page's logo ------------------------------------------------------------------

S3_ERRORS = (BotoCoreError, ClientError)


@dataclass(frozen=True)
class LogoUpload:
    key: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    method: Literal["PUT"] = "PUT"


def _tenant_schema() -> str:
    schema = current_schema()
    if schema == "public":
        # Logo keys are per tenant; without a tenant there is no right prefix (fail closed).
        raise RuntimeError("logo uploads need an active tenant schema")
    return schema


def _logo_errors(*, content_type: str, size: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if content_type == "image/svg+xml":
        errors["content_type"] = ["SVG logos are refused because they can contain scripts: upload a PNG, JPEG or WebP."]
    elif content_type not in storage.LOGO_CONTENT_TYPES:
        errors["content_type"] = ["Upload the logo as a PNG, JPEG or WebP image."]
    if size < 1:
        errors["size"] = ["The file is empty."]
    elif size > storage.LOGO_MAX_BYTES:
        errors["size"] = [_too_large(size)]
    return errors


def _too_large(size: int) -> str:
    limit = f"{catalog.human_size(storage.LOGO_MAX_BYTES)} ({storage.LOGO_MAX_BYTES:,} bytes)"
    return f"A logo can be at most {limit}; this file has {size:,} bytes."


def store_logo_upload_start(*, content_type: str, size: int) -> LogoUpload:
    """Hand the browser one presigned PUT for a new logo object; only this key can be confirmed afterwards.

    A later start replaces the pending key, so an upload that was never confirmed can no longer be.
    """
    content_type = content_type.strip().lower()
    if errors := _logo_errors(content_type=content_type, size=size):
        raise ValidationFailed(errors)
    key = storage.logo_key_new(schema_name=_tenant_schema())
    with transaction.atomic():
        row = _settings_locked()
        abandoned = row.logo_pending_key
        row.logo_pending_key = key
        # Not a visible change of the settings: updated_at stays.
        row.save(update_fields=["logo_pending_key"])
        if abandoned:
            _remove_after_commit(abandoned)
    url = storage.logo_put_url(key=key, content_type=content_type, size=size)
    return LogoUpload(key=key, url=url, headers={"Content-Type": content_type})


class LogoUploadUnknown(ApiError):
    def __init__(self) -> None:
        message = "This upload was not started for this store, or a newer one replaced it: upload the logo again."
        super().__init__(422, "logo_upload_unknown", message, fields={"key": [message]})


def store_logo_confirm(*, actor: str, key: str) -> StoreSettings:
    """The browser says the logo is in S3: check the object (size, type, the first bytes), then show it.

    Idempotent: confirming the logo already shown returns the settings unchanged. A refused object is
    deleted and its key forgotten, so the same upload cannot be confirmed later.
    """
    row = selectors.store_settings()
    if row is not None and key and key == row.logo_key:
        return row
    expected_prefix = storage.logo_key_prefix(schema_name=_tenant_schema())
    if row is None or not key or key != row.logo_pending_key or not key.startswith(expected_prefix):
        raise LogoUploadUnknown()
    try:
        uploaded = storage.uploaded_object(key)
    except S3_ERRORS as exc:
        logger.warning("S3 failed while confirming a logo upload: %s", exc)
        raise catalog.StorageUnavailable() from exc
    if uploaded is None:
        raise ApiError(422, "upload_missing", "No uploaded logo was found: upload the file, then confirm it.")
    if refusal := _logo_refusal(uploaded):
        # Committed before answering (autocommit): the object goes and its key cannot be confirmed again.
        if StoreSettings.objects.filter(singleton=True, logo_pending_key=key).update(logo_pending_key=""):
            _remove_after_commit(key)
        raise refusal

    with transaction.atomic():
        row = _settings_locked()
        if row.logo_pending_key != key:
            # Another upload started meanwhile: that one is the pending logo now.
            _remove_after_commit(key)
            raise LogoUploadUnknown()
        previous = row.logo_key
        row.logo_key = key
        row.logo_content_type = uploaded.content_type
        row.logo_pending_key = ""
        row.save(update_fields=["logo_key", "logo_content_type", "logo_pending_key", "updated_at"])
        audit_record(
            actor=actor,
            action="store_logo.update",
            detail={"key": key, "size": uploaded.size, "content_type": uploaded.content_type},
        )
        if previous:
            _remove_after_commit(previous)
    return row


def _logo_refusal(uploaded: storage.UploadedObject) -> ApiError | None:
    if uploaded.size > storage.LOGO_MAX_BYTES:
        message = _too_large(uploaded.size)
        return ApiError(422, "logo_too_large", message, fields={"size": [message]})
    if uploaded.content_type not in storage.LOGO_CONTENT_TYPES or not storage.is_image_of_type(
        uploaded.first_bytes, uploaded.content_type
    ):
        message = "The upload is not a PNG, JPEG or WebP image."
        return ApiError(422, "logo_not_an_image", message, fields={"content_type": [message]})
    return None


@transaction.atomic
def store_logo_remove(*, actor: str) -> StoreSettings:
    """The download page goes back to the store name alone; the object is deleted after commit."""
    row = _settings_locked()
    if row.logo_key:
        previous = row.logo_key
        row.logo_key = ""
        row.logo_content_type = ""
        row.save(update_fields=["logo_key", "logo_content_type", "updated_at"])
        audit_record(actor=actor, action="store_logo.remove", detail={"key": previous})
        _remove_after_commit(previous)
    return row


def store_logo_objects_remove() -> None:
    """Closing a store: its logo objects go with its files (the row stays until the schema is dropped)."""
    row = selectors.store_settings()
    if row is not None:
        keys = [key for key in (row.logo_key, row.logo_pending_key) if key]
        if keys:
            transaction.on_commit(lambda: catalog.objects_remove(keys=keys))


def _remove_after_commit(key: str) -> None:
    transaction.on_commit(lambda: catalog.objects_remove(keys=[key]))
