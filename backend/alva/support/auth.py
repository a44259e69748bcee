"""Who may call the support API: a staff user whose session was opened by the support login, with two factors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from alva.accounts.models import User
from alva.core.errors import PermissionDenied

# Set only by the support login after password + TOTP; a session opened anywhere else lacks it.
SUPPORT_SESSION_KEY = "alva_support"
# A staff session ends after a working day, whatever the activity.
SUPPORT_SESSION_SECONDS = 8 * 60 * 60


def open_support_session(request: HttpRequest, user: User) -> None:
    """Log `user` in on this host and mark the session as a support session (password and code both checked)."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SUPPORT_SESSION_KEY] = {
        "host": settings.SUPPORT_HOST,
        "user_id": user.id,
        "verified_at": timezone.now().isoformat(),
    }
    request.session.set_expiry(SUPPORT_SESSION_SECONDS)


def _is_support_session(request: HttpRequest, user: Any) -> bool:
    marker = request.session.get(SUPPORT_SESSION_KEY)
    return isinstance(marker, dict) and marker.get("host") == settings.SUPPORT_HOST and marker.get("user_id") == user.id


class StaffSessionAuth(APIKeyCookie):
    """Session cookie + X-CSRFToken on unsafe methods. Anyone but signed-in staff gets 403, never data.

    A merchant's session (opened on a store host) carries no support marker, so it is useless here,
    even for a staff member who also belongs to a store; `is_staff` is re-read on every request.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if key and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the csrf_token in the X-CSRFToken header.")
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> User:
        user = getattr(request, "user", None)
        allowed = (
            bool(key)
            and isinstance(user, User)
            and user.is_active
            and user.is_staff
            and _is_support_session(request, user)
        )
        if not allowed:
            raise PermissionDenied("The support console is for Alva staff only.")
        assert isinstance(user, User)
        return user


staff_auth = StaffSessionAuth()


def staff(request: HttpRequest) -> User:
    user = getattr(request, "auth", None)
    assert isinstance(user, User), "endpoint is missing staff_auth"
    return user
