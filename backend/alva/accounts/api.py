"""Merchant API on a store host: auth, API keys and team (`/api/v1/…`)."""

from django.contrib.auth import login, logout
from django.http import HttpRequest
from django.middleware.csrf import get_token
from ninja import Router, Status

from alva.accounts import selectors, services
from alva.accounts.auth import SESSION_TENANT_KEY, merchant_auth, principal, requires_role
from alva.accounts.models import Membership, Role
from alva.accounts.schemas import (
    ApiKeyCreatedOut,
    ApiKeyIn,
    ApiKeyOut,
    CsrfOut,
    HandoffIn,
    InvitationAcceptIn,
    InvitationCreatedOut,
    InvitationIn,
    LoginIn,
    MemberOut,
    MeOut,
    RoleIn,
    SessionOut,
    TeamOut,
)
from alva.core.http import client_ip
from alva.tenants.models import Tenant
from alva.tenants.urls import store_url

auth_router = Router(tags=["auth"])
api_keys_router = Router(tags=["api-keys"], auth=merchant_auth)
team_router = Router(tags=["team"], auth=merchant_auth)


def _tenant(request: HttpRequest) -> Tenant:
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    return tenant


def _session_body(request: HttpRequest, membership: Membership) -> dict[str, object]:
    tenant = _tenant(request)
    return {
        "user": membership.user,
        "role": membership.role,
        "tenant": {"subdomain": tenant.subdomain, "name": tenant.name},
        "csrf_token": get_token(request),
    }


def _open_session(request: HttpRequest, membership: Membership) -> None:
    login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_TENANT_KEY] = _tenant(request).id


# --- auth --------------------------------------------------------------------------------------


@auth_router.post("/login", response=SessionOut, auth=None)
def auth_login(request: HttpRequest, payload: LoginIn) -> dict[str, object]:
    membership = services.login_check(
        tenant=_tenant(request), email=payload.email, password=payload.password, ip=client_ip(request)
    )
    _open_session(request, membership)
    return _session_body(request, membership)


@auth_router.post("/handoff", response=SessionOut, auth=None)
def auth_handoff(request: HttpRequest, payload: HandoffIn) -> dict[str, object]:
    """Public by design: the one-time token from sign-up is the credential."""
    membership = services.login_handoff_redeem(tenant=_tenant(request), token=payload.token)
    _open_session(request, membership)
    return _session_body(request, membership)


@auth_router.post("/logout", response={204: None}, auth=merchant_auth)
@requires_role(Role.MEMBER)
def auth_logout(request: HttpRequest) -> Status[None]:
    logout(request)
    return Status(204, None)


@auth_router.get("/me", response=MeOut, auth=merchant_auth)
@requires_role(Role.MEMBER)
def auth_me(request: HttpRequest) -> dict[str, object]:
    caller = principal(request)
    tenant = _tenant(request)
    return {
        "user": caller.user,
        "role": caller.role,
        "tenant": {"subdomain": tenant.subdomain, "name": tenant.name},
        "auth": caller.via,
    }


@auth_router.get("/csrf", response=CsrfOut, auth=None)
def auth_csrf(request: HttpRequest) -> dict[str, str]:
    return {"csrf_token": get_token(request)}


# --- API keys ----------------------------------------------------------------------------------


@api_keys_router.get("", response=list[ApiKeyOut])
@requires_role(Role.ADMIN)
def api_key_list(request: HttpRequest) -> object:
    return selectors.api_key_list(tenant=_tenant(request))


@api_keys_router.post("", response={201: ApiKeyCreatedOut})
@requires_role(Role.ADMIN)
def api_key_create(request: HttpRequest, payload: ApiKeyIn) -> Status[dict[str, object]]:
    api_key, raw_key = services.api_key_create(tenant=_tenant(request), user=principal(request).user, name=payload.name)
    return Status(201, {"id": api_key.id, "name": api_key.name, "prefix": api_key.prefix, "key": raw_key})


@api_keys_router.delete("/{key_id}", response={204: None})
@requires_role(Role.ADMIN)
def api_key_delete(request: HttpRequest, key_id: int) -> Status[None]:
    services.api_key_revoke(tenant=_tenant(request), key_id=key_id)
    return Status(204, None)


# --- team --------------------------------------------------------------------------------------


@team_router.get("", response=TeamOut)
@requires_role(Role.MEMBER)
def team_list(request: HttpRequest) -> dict[str, object]:
    tenant = _tenant(request)
    return {
        "members": list(selectors.member_list(tenant=tenant)),
        "invitations": list(selectors.invitation_pending_list(tenant=tenant)),
    }


@team_router.post("/invitations", response={201: InvitationCreatedOut})
@requires_role(Role.OWNER)
def invitation_create(request: HttpRequest, payload: InvitationIn) -> Status[dict[str, object]]:
    tenant = _tenant(request)
    assert tenant.subdomain is not None
    created = services.invitation_create(
        tenant=tenant, invited_by=principal(request).user, email=payload.email, role=payload.role
    )
    invitation = created.invitation
    return Status(
        201,
        {
            "id": invitation.id,
            "email": invitation.email,
            "role": invitation.role,
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "invite_url": f"{store_url(tenant.subdomain)}invite/{created.token}",
        },
    )


@team_router.post("/invitations/accept", response=SessionOut, auth=None)
def invitation_accept(request: HttpRequest, payload: InvitationAcceptIn) -> dict[str, object]:
    """Public by design: the one-time token is the credential; accepting also logs the person in."""
    membership = services.invitation_accept(
        tenant=_tenant(request), token=payload.token, password=payload.password, full_name=payload.full_name
    )
    _open_session(request, membership)
    return _session_body(request, membership)


# Registered after /accept so that the literal path wins over the parameter.
@team_router.delete("/invitations/{invitation_id}", response={204: None})
@requires_role(Role.OWNER)
def invitation_revoke(request: HttpRequest, invitation_id: int) -> Status[None]:
    services.invitation_revoke(tenant=_tenant(request), invitation_id=invitation_id)
    return Status(204, None)


@team_router.patch("/members/{user_id}", response=MemberOut)
@requires_role(Role.OWNER)
def member_change_role(request: HttpRequest, user_id: int, payload: RoleIn) -> Membership:
    return services.membership_change_role(tenant=_tenant(request), user_id=user_id, role=payload.role)


@team_router.delete("/members/{user_id}", response={204: None})
@requires_role(Role.MEMBER)
def member_remove(request: HttpRequest, user_id: int) -> Status[None]:
    caller = principal(request)
    services.membership_remove(tenant=_tenant(request), actor=caller.user, actor_role=caller.role, user_id=user_id)
    return Status(204, None)
