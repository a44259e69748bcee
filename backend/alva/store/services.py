"""Writes for the store's settings (always in the active tenant schema)."""

from alva.store.models import AuditEntry, StoreSettings


def store_initialize(*, support_email: str) -> StoreSettings:
    """Idempotent: a redelivered message finds the row and changes nothing."""
    settings_row, _ = StoreSettings.objects.get_or_create(singleton=True, defaults={"support_email": support_email})
    return settings_row


def audit_record(*, actor: str, action: str, detail: dict[str, object] | None = None) -> AuditEntry:
    return AuditEntry.objects.create(actor=actor, action=action, detail=detail or {})
