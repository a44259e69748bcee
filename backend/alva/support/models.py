"""Public-schema tables of the support console: staff TOTP devices, the cross-tenant delivery index, the audit log."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class StaffTotpDevice(models.Model):
    """A staff member's TOTP authenticator. The secret is sealed (alva.core.crypto) and shown once, at setup."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_totp")
    secret_sealed = models.CharField(max_length=255)
    # Null until the first code proves the authenticator holds the secret; login needs a confirmed device.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The time step of the last accepted code: a code is accepted only for a later step (no replay).
    last_used_step = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"TOTP of user {self.user_id} ({'confirmed' if self.confirmed_at else 'pending'})"


class DeliveryIndex(models.Model):
    """One row per delivery of every store, so support finds a delivery without visiting every schema.

    Written by the pipeline (alva.support.index.delivery_index_upsert) in the same transaction as the
    delivery. Holds no PII: the customer's email only as a keyed HMAC, which answers "which deliveries
    went to this address?" for someone who already knows the address, and nothing else.
    """

    delivery_id = models.UUIDField(primary_key=True)
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    email_hash = models.CharField(max_length=64, blank=True)  # '' once the customer has been redacted
    bundle_name = models.CharField(max_length=200)
    status = models.CharField(max_length=16)
    is_test = models.BooleanField(default=False)
    created_at = models.DateTimeField()  # the delivery's
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["email_hash", "-created_at"], name="support_index_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.tenant_id} ({self.status})"


class SupportAction(models.TextChoices):
    TENANT_SUSPEND = "tenant.suspend", "Suspend store"
    TENANT_UNSUSPEND = "tenant.unsuspend", "Unsuspend store"
    DELIVERY_RESEND = "delivery.resend", "Resend Download Ready"
    DELIVERY_EXTEND = "delivery.extend", "Extend link"


class AppendOnlyError(Exception):
    """The audit log is never changed or deleted; the database trigger says the same (migration 0001)."""


class _AppendOnlyQuerySet(models.QuerySet["SupportAuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("support audit entries cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("support audit entries cannot be deleted")


class SupportAuditEntry(models.Model):
    """Who did what to which store, when and why. Append-only: a trigger enforces it, the model says so early."""

    created_at = models.DateTimeField(default=timezone.now)
    # PROTECT: a staff member with audited actions is deactivated, never deleted.
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    staff_email = models.EmailField(max_length=254)  # as it was at the time
    action = models.CharField(max_length=32, choices=SupportAction.choices)
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    delivery_id = models.UUIDField(null=True, blank=True)
    reason = models.TextField()
    details = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "support audit entries"
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="support_audit_created_idx"),
            models.Index(fields=["tenant", "-created_at"], name="support_audit_tenant_idx"),
            models.Index(fields=["staff", "-created_at"], name="support_audit_staff_idx"),
            models.Index(fields=["delivery_id"], name="support_audit_delivery_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.staff_email} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("support audit entries cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("support audit entries cannot be deleted")


class SupportActionResult(models.Model):
    """What became of an audited action a worker carries out (the entry itself never changes).

    Its primary key is the entry: a redelivered message finds the row and does nothing.
    """

    class Outcome(models.TextChoices):
        DONE = "done"
        REFUSED = "refused"  # the store refused it (e.g. the delivery changed state meanwhile)
        NOT_SENT = "not_sent"  # the queue could not take the message

    audit_entry = models.OneToOneField(
        SupportAuditEntry, on_delete=models.PROTECT, primary_key=True, related_name="result"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    detail = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.audit_entry_id}: {self.outcome}"
