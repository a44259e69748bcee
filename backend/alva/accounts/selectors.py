"""Reads for users, memberships, invitations and API keys."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from alva.accounts.models import ApiKey, Invitation, Membership, User
from alva.tenants.models import Tenant


def membership_for(*, user: User, tenant: Tenant) -> Membership | None:
    return Membership.objects.filter(user=user, tenant=tenant).select_related("user").first()


def member_list(*, tenant: Tenant) -> QuerySet[Membership]:
    return Membership.objects.filter(tenant=tenant).select_related("user").order_by("created_at", "id")


def invitation_pending_list(*, tenant: Tenant) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        tenant=tenant, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def api_key_list(*, tenant: Tenant) -> QuerySet[ApiKey]:
    return (
        ApiKey.objects.filter(tenant=tenant, revoked_at__isnull=True)
        .select_related("created_by")
        .order_by("-created_at")
    )


def user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
