"""Writes of the support console: staff login with TOTP, the audit log, and the audited actions on stores."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction

from alva.accounts.models import User
from alva.core import ratelimit
from alva.core.errors import ApiError, Conflict, NotFound
from alva.core.tasks import send_to_tenant
from alva.support import selectors, totp
from alva.support.cross_tenant import in_tenant_schema_for_support
from alva.support.models import StaffTotpDevice, SupportAction, SupportActionResult, SupportAuditEntry
from alva.tenants.models import Tenant
from alva.tenants.services import tenant_set_status

logger = logging.getLogger(__name__)

# The same answer for a wrong password, a wrong or replayed code and a non-staff account:
# none of them may tell an attacker which factor was right.
_INVALID = "Email, password or two-factor code is incorrect."


# --- login ---------------------------------------------------------------------------------------


def _ip_key(email: str, ip: str) -> str:
    return ratelimit.hashed_key("support-login-failures", email.strip().lower(), ip)


def _account_key(email: str) -> str:
    # Counted only when the password was right: only someone holding it can lock the account.
    return ratelimit.hashed_key("support-totp-failures", email.strip().lower())


def _refuse_while_locked(email: str, ip: str) -> None:
    for key in (_ip_key(email, ip), _account_key(email)):
        state = ratelimit.window_peek(key)
        if state.count >= settings.LOGIN_FAILURE_LIMIT:
            raise ApiError(
                429,
                "too_many_attempts",
                "Too many failed attempts. Try again later.",
                headers={"Retry-After": str(state.retry_after)},
            )


def _fail(*keys: str, message: str = _INVALID) -> ApiError:
    for key in keys:
        ratelimit.window_increment(key, settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return ApiError(401, "invalid_credentials", message)


def _staff_by_password(*, email: str, password: str, ip: str) -> User:
    user = authenticate(username=email.strip().lower(), password=password)
    if not isinstance(user, User) or not user.is_staff:
        raise _fail(_ip_key(email, ip))
    return user


def staff_login(*, email: str, password: str, code: str, ip: str) -> User:
    """Password and a fresh TOTP code of a confirmed device; failures lock out per email+IP (and per account)."""
    _refuse_while_locked(email, ip)
    user = _staff_by_password(email=email, password=password, ip=ip)
    device = StaffTotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        raise ApiError(
            403,
            "totp_enrolment_required",
            "Two-factor authentication is not set up for this account: set it up first (POST /auth/totp/setup).",
        )
    if not totp.consume(device=device, code=code):
        raise _fail(_ip_key(email, ip), _account_key(email))
    ratelimit.window_reset(_ip_key(email, ip))
    ratelimit.window_reset(_account_key(email))
    return user


@dataclass(frozen=True)
class TotpEnrolment:
    user: User
    device: StaffTotpDevice
    provisioning_uri: str


@transaction.atomic
def staff_totp_setup(*, email: str, password: str, ip: str) -> TotpEnrolment:
    """A new secret for a staff member without a confirmed device; its URI is returned here and never again."""
    _refuse_while_locked(email, ip)
    user = _staff_by_password(email=email, password=password, ip=ip)
    device = StaffTotpDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        raise Conflict("totp_already_enrolled", "Two-factor authentication is already set up for this account.")
    secret = totp.new_secret()
    if device is None:
        device = StaffTotpDevice.objects.create(user=user, secret_sealed=totp.seal(secret))
    else:
        # An unconfirmed setup is replaced: the person lost the first QR code before confirming it.
        device.secret_sealed = totp.seal(secret)
        device.last_used_step = None
        device.save(update_fields=["secret_sealed", "last_used_step"])
    return TotpEnrolment(
        user=user, device=device, provisioning_uri=totp.provisioning_uri(secret=secret, email=user.email)
    )


def staff_totp_confirm(*, user_id: int, code: str, ip: str) -> User:
    """The first code from the authenticator confirms the device (and counts as a login)."""
    device = StaffTotpDevice.objects.select_related("user").filter(user_id=user_id).first()
    if device is None or not device.user.is_staff or not device.user.is_active:
        raise ApiError(410, "enrolment_expired", "Start the two-factor setup again.")
    email = device.user.email
    _refuse_while_locked(email, ip)
    if device.confirmed_at is not None:
        raise Conflict("totp_already_enrolled", "Two-factor authentication is already set up for this account.")
    if not totp.consume(device=device, code=code, confirm=True):
        raise _fail(_ip_key(email, ip), _account_key(email), message="The code is incorrect.")
    ratelimit.window_reset(_account_key(email))
    return device.user


def staff_totp_reset(*, user: User) -> bool:
    """Operator's escape hatch (a lost phone): the next login asks for a new setup."""
    deleted, _ = StaffTotpDevice.objects.filter(user=user).delete()
    return bool(deleted)


# --- audit log -----------------------------------------------------------------------------------


def audit_append(
    *,
    staff: User,
    action: SupportAction,
    reason: str,
    tenant: Tenant | None = None,
    delivery_id: UUID | None = None,
    details: dict[str, Any] | None = None,
    ip: str | None = None,
) -> SupportAuditEntry:
    return SupportAuditEntry.objects.create(
        staff=staff,
        staff_email=staff.email,
        action=action,
        tenant=tenant,
        delivery_id=delivery_id,
        reason=reason.strip(),
        details=details or {},
        ip=ip or None,
    )


# --- store suspension ----------------------------------------------------------------------------


def _tenant_for_update(tenant_id: int) -> Tenant:
    tenant = Tenant.objects.select_for_update().exclude(status=Tenant.Status.SPARE).filter(id=tenant_id).first()
    if tenant is None:
        raise NotFound("No such store.")
    return tenant


@transaction.atomic
def tenant_suspend(*, staff: User, tenant_id: int, reason: str, ip: str | None = None) -> SupportAuditEntry:
    """The store's hosts answer 403 store_suspended (every process within TENANT_CACHE_SECONDS)."""
    return _tenant_move(staff=staff, tenant_id=tenant_id, reason=reason, ip=ip, to=Tenant.Status.SUSPENDED)


@transaction.atomic
def tenant_unsuspend(*, staff: User, tenant_id: int, reason: str, ip: str | None = None) -> SupportAuditEntry:
    return _tenant_move(staff=staff, tenant_id=tenant_id, reason=reason, ip=ip, to=Tenant.Status.ACTIVE)


def _tenant_move(*, staff: User, tenant_id: int, reason: str, ip: str | None, to: Tenant.Status) -> SupportAuditEntry:
    tenant = _tenant_for_update(tenant_id)
    previous = tenant.status
    expected = Tenant.Status.ACTIVE if to == Tenant.Status.SUSPENDED else Tenant.Status.SUSPENDED
    if previous != expected:
        raise Conflict("invalid_state", f"The store is {previous}: it cannot be made {to}.")
    tenant_set_status(tenant=tenant, status=to)
    action = SupportAction.TENANT_SUSPEND if to == Tenant.Status.SUSPENDED else SupportAction.TENANT_UNSUSPEND
    return audit_append(
        staff=staff, action=action, reason=reason, tenant=tenant, details={"from": previous, "to": to}, ip=ip
    )


# --- delivery actions (carried out by a worker inside the store) ----------------------------------

# The actor label merchants see in the delivery's event log.
SUPPORT_ACTOR = "Alva support (audit #{entry_id})"


def delivery_resend_request(*, staff: User, delivery_id: UUID, reason: str, ip: str | None = None) -> SupportAuditEntry:
    """Audit, then send `support.delivery_resend` into the delivery's store: a new link and Download Ready."""
    from alva.support import tasks

    return _delivery_request(
        staff=staff,
        delivery_id=delivery_id,
        reason=reason,
        ip=ip,
        action=SupportAction.DELIVERY_RESEND,
        details={},
        send=lambda schema, entry: send_to_tenant(
            tasks.delivery_resend, schema, str(delivery_id), SUPPORT_ACTOR.format(entry_id=entry.id), entry.id
        ),
    )


def delivery_extend_request(
    *, staff: User, delivery_id: UUID, days: int, reason: str, ip: str | None = None
) -> SupportAuditEntry:
    """Audit, then send `support.delivery_extend` into the delivery's store."""
    from alva.support import tasks

    return _delivery_request(
        staff=staff,
        delivery_id=delivery_id,
        reason=reason,
        ip=ip,
        action=SupportAction.DELIVERY_EXTEND,
        details={"days": days},
        send=lambda schema, entry: send_to_tenant(
            tasks.delivery_extend, schema, str(delivery_id), days, SUPPORT_ACTOR.format(entry_id=entry.id), entry.id
        ),
    )


_ACTION_NAMES = {SupportAction.DELIVERY_RESEND: "resend", SupportAction.DELIVERY_EXTEND: "extend"}


def _delivery_request(
    *,
    staff: User,
    delivery_id: UUID,
    reason: str,
    ip: str | None,
    action: SupportAction,
    details: dict[str, Any],
    send: Callable[[str, SupportAuditEntry], object],
) -> SupportAuditEntry:
    from alva.deliveries.services import ACTION_STATES

    tenant = selectors.tenant_of_delivery(delivery_id=delivery_id)
    if tenant is None:
        raise NotFound("No such delivery.")
    if tenant.status != Tenant.Status.ACTIVE:
        # A suspended store sends nothing to Klaviyo; support unsuspends it first, on the record.
        raise Conflict("store_suspended", "The store is suspended: unsuspend it before acting on its deliveries.")
    # Early feedback only: the worker checks again, under the delivery's row lock, before it acts.
    with in_tenant_schema_for_support(tenant):
        status, redacted = selectors.delivery_state_in_store(delivery_id=delivery_id)
    if status is None:
        raise NotFound("No such delivery.")
    if redacted:
        raise _customer_redacted()
    name = _ACTION_NAMES[action]
    if status not in ACTION_STATES[name]:
        allowed = ", ".join(sorted(ACTION_STATES[name]))
        raise Conflict("invalid_state", f"Cannot {name} a delivery that is {status} (allowed: {allowed}).")
    # Committed before the message exists, so no action ever runs unaudited.
    entry = audit_append(
        staff=staff,
        action=action,
        reason=reason,
        tenant=tenant,
        delivery_id=delivery_id,
        details={**details, "delivery_status": status},
        ip=ip,
    )
    try:
        send(tenant.schema_name, entry)
    except Exception as exc:
        logger.warning("could not enqueue support action %s", entry.id, exc_info=True)
        SupportActionResult.objects.create(
            audit_entry=entry, outcome=SupportActionResult.Outcome.NOT_SENT, detail="The task queue is unavailable."
        )
        raise ApiError(503, "queue_unavailable", "The action could not be queued. Try again in a minute.") from exc
    return entry


def _customer_redacted() -> ApiError:
    # The same refusal the merchant's dashboard gives: a link or event would reach Klaviyo under a pseudonym.
    return Conflict(
        "customer_redacted",
        "This customer's personal data has been redacted, so the delivery can no longer be sent or changed.",
    )


def _refuse_if_customer_redacted(delivery_id: UUID) -> None:
    from alva.deliveries.models import Delivery

    if Delivery.objects.filter(id=delivery_id, customer__redacted_at__isnull=False).exists():
        raise _customer_redacted()


def delivery_resend_in_store(*, delivery_id: UUID, actor_label: str) -> None:
    """Inside the delivery's store (the support actor): the merchant's own resend, acted by support."""
    from alva.deliveries.services import delivery_resend

    _refuse_if_customer_redacted(delivery_id)
    delivery_resend(delivery_id=delivery_id, actor=actor_label)


def delivery_extend_in_store(*, delivery_id: UUID, days: int, actor_label: str) -> None:
    from alva.deliveries.services import delivery_extend

    _refuse_if_customer_redacted(delivery_id)
    delivery_extend(delivery_id=delivery_id, days=days, actor=actor_label)


def support_action_run(*, audit_entry_id: int, action: Callable[[], object]) -> str:
    """Carry out an audited action once, inside the store's schema (called by the support actors).

    The result row and the store's change commit together; a redelivered message finds the row and
    stops. A refusal by the store (ApiError: the delivery changed state meanwhile) is recorded, not retried.
    """
    try:
        with transaction.atomic():
            SupportActionResult.objects.create(audit_entry_id=audit_entry_id, outcome=SupportActionResult.Outcome.DONE)
            action()
        return SupportActionResult.Outcome.DONE
    except IntegrityError:
        if SupportActionResult.objects.filter(audit_entry_id=audit_entry_id).exists():
            return "already_done"
        raise
    except ApiError as exc:
        try:
            with transaction.atomic():
                SupportActionResult.objects.create(
                    audit_entry_id=audit_entry_id, outcome=SupportActionResult.Outcome.REFUSED, detail=exc.message[:500]
                )
        except IntegrityError:
            return "already_done"
        return SupportActionResult.Outcome.REFUSED
