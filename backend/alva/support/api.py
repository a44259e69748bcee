"""Support console API: staff only. The console itself comes with the billing/support issue."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import SessionAuth

from alva.core.errors import PermissionDenied


class StaffSessionAuth(SessionAuth):
    """A Django session of a staff user; anyone else gets 403, never data."""

    def authenticate(self, request: HttpRequest, key: str | None) -> object:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            raise PermissionDenied("The support console is for Alva staff only.")
        return user


router = Router(tags=["support"], auth=StaffSessionAuth())


class StaffOut(Schema):
    id: int
    email: str


@router.get("/me", response=StaffOut)
def staff_me(request: HttpRequest) -> object:
    return request.auth  # type: ignore[attr-defined]
