"""Merchant API of the Klaviyo connection (mounted at /api/v1/ on store hosts): status, API key, OAuth, disconnect."""

import re
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from ninja import Router, Status

from alva.accounts.auth import merchant_auth, principal, requires_role
from alva.accounts.models import Role
from alva.klaviyo import selectors, services
from alva.klaviyo.models import KlaviyoConnection
from alva.klaviyo.schemas import KlaviyoApiKeyIn, KlaviyoConnectionOut, OAuthStartOut
from alva.tenants.models import Tenant

router = Router(tags=["klaviyo"], auth=merchant_auth)

# The dashboard page the OAuth round trip ends on (the SPA, same host).
DASHBOARD_PATH = "/settings/klaviyo"
# Only plain OAuth error codes go back into the dashboard URL; anything else becomes a generic one.
_ERROR_CODE = re.compile(r"^[a-z_]{1,64}$")


def _tenant(request: HttpRequest) -> Tenant:
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    return tenant


def _connection_body(connection: KlaviyoConnection | None) -> dict[str, object]:
    waiting = selectors.outbox_waiting_count()
    if connection is None or not connection.mode:
        return {
            "mode": None,
            "health": KlaviyoConnection.Health.DISCONNECTED,
            "account": None,
            "scopes": [],
            "connected_at": None,
            "last_error": None,
            "last_error_at": None,
            "waiting_events": waiting,
        }
    return {
        "mode": connection.mode,
        "health": connection.health,
        "account": {"id": connection.account_id, "name": connection.account_name},
        "scopes": connection.scopes.split(),
        "connected_at": connection.connected_at,
        "last_error": connection.last_error or None,
        "last_error_at": connection.last_error_at,
        "waiting_events": waiting,
    }


def _to_dashboard(**params: str) -> HttpResponse:
    response = HttpResponseRedirect(f"{DASHBOARD_PATH}?{urlencode(params)}")
    response["Cache-Control"] = "no-store"
    return response


@router.get("/settings/klaviyo", response=KlaviyoConnectionOut)
@requires_role(Role.MEMBER)
def klaviyo_connection_get(request: HttpRequest) -> dict[str, object]:
    return _connection_body(selectors.connection_get())


@router.put("/settings/klaviyo", response=KlaviyoConnectionOut)
@requires_role(Role.ADMIN)
def klaviyo_connection_put(request: HttpRequest, payload: KlaviyoApiKeyIn) -> dict[str, object]:
    return _connection_body(services.connection_connect_api_key(api_key=payload.api_key))


@router.delete("/settings/klaviyo", response={204: None})
@requires_role(Role.ADMIN)
def klaviyo_connection_delete(request: HttpRequest) -> Status[None]:
    services.connection_disconnect()
    return Status(204, None)


@router.get("/settings/klaviyo/oauth/start", response=OAuthStartOut)
@requires_role(Role.ADMIN)
def klaviyo_oauth_start(request: HttpRequest) -> dict[str, str]:
    return {"authorize_url": services.oauth_start(tenant=_tenant(request), user=principal(request).user)}


@router.get("/settings/klaviyo/oauth/callback", response={302: None})
@requires_role(Role.ADMIN)
def klaviyo_oauth_callback(request: HttpRequest, code: str = "", state: str = "", error: str = "") -> HttpResponse:
    """Reached through the public callback on app.; the browser carries the admin's session on this host."""
    if error:
        return _to_dashboard(error=error if _ERROR_CODE.match(error) else "oauth_failed")
    try:
        services.oauth_complete(tenant=_tenant(request), user=principal(request).user, code=code, state=state)
    except services.OAuthFlowError as exc:
        return _to_dashboard(error=exc.code)
    return _to_dashboard(connected="1")
