"""Who is calling the merchant API: a session or an API key, always bound to the host's tenant."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from alva.accounts import selectors, services
from alva.accounts.models import Membership, Role, User, role_at_least
from alva.core.errors import PermissionDenied

SESSION_TENANT_KEY = "alva_tenant_id"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Principal:
    user: User
    membership: Membership
    via: Literal["session", "api_key"]

    @property
    def role(self) -> str:
        return self.membership.role


class SessionAuth(APIKeyCookie):
    """Django session cookie + CSRF header; the session must have been opened on this very store."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        # Only a request that carries the session cookie can be forged, so only it is CSRF-checked.
        if key and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the csrf_token in the X-CSRFToken header.")
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        tenant = getattr(request, "tenant", None)
        user = getattr(request, "user", None)
        if not key or tenant is None or user is None or not user.is_authenticated:
            return None
        if request.session.get(SESSION_TENANT_KEY) != tenant.id:
            return None
        membership = selectors.membership_for(user=user, tenant=tenant)
        return Principal(user=user, membership=membership, via="session") if membership else None


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer alva_…`: acts as the key's creator with their current role."""

    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        tenant = getattr(request, "tenant", None)
        if tenant is None:
            return None
        resolved = services.api_key_authenticate(tenant=tenant, raw_key=token)
        if resolved is None:
            return None
        api_key, membership = resolved
        return Principal(user=api_key.created_by, membership=membership, via="api_key")


merchant_auth = [ApiKeyAuth(), SessionAuth()]


def principal(request: HttpRequest) -> Principal:
    auth = getattr(request, "auth", None)
    assert isinstance(auth, Principal), "endpoint is missing merchant_auth"
    return auth


def requires_role(minimum: Role) -> Callable[[F], F]:
    """The one permission check of the merchant API: every endpoint declares the least role it needs."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not role_at_least(principal(request).role, minimum):
                raise PermissionDenied(f"This action needs the {minimum.label.lower()} role or higher.")
            return view(request, *args, **kwargs)

        wrapper.alva_min_role = minimum  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
