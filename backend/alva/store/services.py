"""Writes for the store's settings (always in the active tenant schema)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from alva.core.errors import ValidationFailed
from alva.store.models import (
    BRAND_COLOR_PATTERN,
    RETENTION_DAYS_MAX,
    RETENTION_DAYS_MIN,
    AuditEntry,
    StoreSettings,
)

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
