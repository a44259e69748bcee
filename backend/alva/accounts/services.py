"""Writes for people: login with lockout, API keys, invitations and team roles."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from alva.accounts import selectors
from alva.accounts.models import ApiKey, Invitation, Membership, Role, User
from alva.core import ratelimit
from alva.core.errors import ApiError, Conflict, NotFound, PermissionDenied, ValidationFailed
from alva.core.redis import get_redis
from alva.tenants.models import Tenant

API_KEY_PREFIX = "alva_"


def token_hash(raw: str) -> str:
    """Keys and invitation tokens carry 256 random bits, so a plain SHA-256 is the right hash for them."""
    return hashlib.sha256(raw.encode()).hexdigest()


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise ValidationFailed({"email": ["Enter a valid email address."]}) from exc
    return email


def password_check(*, password: str, email: str) -> None:
    try:
        password_validation.validate_password(password, user=User(email=email))
    except DjangoValidationError as exc:
        raise ValidationFailed({"password": list(exc.messages)}) from exc


# --- login -------------------------------------------------------------------------------------


def _lockout_key(email: str, ip: str) -> str:
    return ratelimit.hashed_key("login-failures", email.strip().lower(), ip)


def login_check(*, tenant: Tenant, email: str, password: str, ip: str) -> Membership:
    """Verify credentials for this store; repeated failures for one email+IP lock it out for a while."""
    key = _lockout_key(email, ip)
    state = ratelimit.window_peek(key)
    if state.count >= settings.LOGIN_FAILURE_LIMIT:
        raise ApiError(
            429,
            "too_many_attempts",
            "Too many failed logins. Try again later.",
            headers={"Retry-After": str(state.retry_after)},
        )
    user = authenticate(username=email.strip().lower(), password=password)
    membership = selectors.membership_for(user=user, tenant=tenant) if isinstance(user, User) else None
    if membership is None:
        # Same answer for a wrong password and for a non-member, so membership does not leak.
        ratelimit.window_increment(key, settings.LOGIN_FAILURE_WINDOW_SECONDS)
        raise ApiError(401, "invalid_credentials", "Email or password is incorrect.")
    ratelimit.window_reset(key)
    return membership


# --- API keys ----------------------------------------------------------------------------------


def api_key_create(*, tenant: Tenant, user: User, name: str) -> tuple[ApiKey, str]:
    prefix = secrets.token_hex(6)
    raw_key = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        tenant=tenant, created_by=user, name=name.strip(), prefix=prefix, key_hash=token_hash(raw_key)
    )
    return api_key, raw_key


def api_key_authenticate(*, tenant: Tenant, raw_key: str) -> tuple[ApiKey, Membership] | None:
    if not raw_key.startswith(API_KEY_PREFIX):
        return None
    prefix = raw_key[len(API_KEY_PREFIX) :].split("_", 1)[0]
    api_key = (
        ApiKey.objects.filter(prefix=prefix, tenant=tenant, revoked_at__isnull=True)
        .select_related("created_by")
        .first()
    )
    if api_key is None or not hmac.compare_digest(api_key.key_hash, token_hash(raw_key)):
        return None
    if not api_key.created_by.is_active:
        return None
    membership = selectors.membership_for(user=api_key.created_by, tenant=tenant)
    if membership is None:
        return None
    ApiKey.objects.filter(id=api_key.id).update(last_used_at=timezone.now())
    return api_key, membership


def api_key_revoke(*, tenant: Tenant, key_id: int) -> None:
    updated = ApiKey.objects.filter(id=key_id, tenant=tenant, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        raise NotFound("No such API key.")


# --- invitations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str


def invitation_create(*, tenant: Tenant, invited_by: User, email: str, role: Role) -> NewInvitation:
    email = normalise_email(email)
    if Membership.objects.filter(tenant=tenant, user__email__iexact=email).exists():
        raise Conflict("already_member", f"{email} is already a member of this store.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # A new invitation for the same address replaces the pending one.
        Invitation.objects.filter(tenant=tenant, email=email, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            tenant=tenant,
            email=email,
            role=role,
            token_hash=token_hash(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS),
        )
    return NewInvitation(invitation=invitation, token=token)


def invitation_revoke(*, tenant: Tenant, invitation_id: int) -> None:
    updated = Invitation.objects.filter(
        id=invitation_id, tenant=tenant, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not updated:
        raise NotFound("No such pending invitation.")


@transaction.atomic
def invitation_accept(*, tenant: Tenant, token: str, password: str, full_name: str = "") -> Membership:
    """Join the store: a new account gets `password`; an existing account must prove it with its password."""
    invitation = Invitation.objects.select_for_update().filter(tenant=tenant, token_hash=token_hash(token)).first()
    if invitation is None or not invitation.is_pending:
        raise ApiError(410, "invitation_invalid", "This invitation link is invalid, expired or already used.")
    user = selectors.user_by_email(email=invitation.email)
    if user is None:
        password_check(password=password, email=invitation.email)
        user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
    elif not user.check_password(password):
        raise ApiError(401, "invalid_credentials", "This email already has an Alva account: enter its password.")
    membership, _ = Membership.objects.get_or_create(user=user, tenant=tenant, defaults={"role": invitation.role})
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


# --- team --------------------------------------------------------------------------------------


def _membership_for_update(*, tenant: Tenant, user_id: int) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("user").filter(tenant=tenant, user_id=user_id).first()
    )
    if membership is None:
        raise NotFound("No such member.")
    return membership


def _ensure_another_owner(*, tenant: Tenant, membership: Membership) -> None:
    if membership.role != Role.OWNER:
        return
    # Lock every owner row so two concurrent demotions cannot leave the store without one.
    owners = list(
        Membership.objects.select_for_update().filter(tenant=tenant, role=Role.OWNER).values_list("id", flat=True)
    )
    if owners == [membership.id]:
        raise Conflict("last_owner", "A store needs at least one owner: make someone else owner first.")


@transaction.atomic
def membership_change_role(*, tenant: Tenant, user_id: int, role: Role) -> Membership:
    membership = _membership_for_update(tenant=tenant, user_id=user_id)
    if role != Role.OWNER:
        _ensure_another_owner(tenant=tenant, membership=membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, tenant: Tenant, actor: User, actor_role: str, user_id: int) -> None:
    """Owners remove anyone; everyone may leave a store themselves."""
    if actor.id != user_id and actor_role != Role.OWNER:
        raise PermissionDenied("Only owners can remove other members.")
    membership = _membership_for_update(tenant=tenant, user_id=user_id)
    _ensure_another_owner(tenant=tenant, membership=membership)
    membership.delete()


# --- sign-up handoff ---------------------------------------------------------------------------

HANDOFF_TTL_SECONDS = 120


def login_handoff_create(*, tenant: Tenant, user: User) -> str:
    """A one-time token that opens a session on the store's host (sign-up happens on app., cookies are per host)."""
    token = secrets.token_urlsafe(32)
    get_redis().set(_handoff_key(token), f"{tenant.id}:{user.id}", ex=HANDOFF_TTL_SECONDS)
    return token


def login_handoff_redeem(*, tenant: Tenant, token: str) -> Membership:
    raw = get_redis().getdel(_handoff_key(token))
    tenant_id, _, user_id = (raw or b"").decode().partition(":")
    membership = (
        Membership.objects.select_related("user").filter(tenant=tenant, user_id=int(user_id)).first()
        if raw and tenant_id == str(tenant.id)
        else None
    )
    if membership is None:
        raise ApiError(410, "handoff_invalid", "This sign-in link is invalid or has expired. Log in instead.")
    return membership


def _handoff_key(token: str) -> str:
    return f"alva:login-handoff:{token_hash(token)}"
