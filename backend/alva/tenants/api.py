"""Public sign-up API on app.{APP_DOMAIN}."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from alva.accounts.auth import merchant_auth, requires_role
from alva.accounts.models import Role
from alva.accounts.services import login_handoff_create
from alva.core import ratelimit
from alva.core.errors import ValidationFailed
from alva.core.http import client_ip
from alva.tenants import selectors, services
from alva.tenants.models import Tenant
from alva.tenants.schemas import AvailabilityOut, SignupIn, SignupOut, StoreClosedOut, StoreCloseIn
from alva.tenants.urls import store_url

router = Router(tags=["signup"])


@router.post("/signup", response={201: SignupOut}, auth=None)
def signup(request: HttpRequest, payload: SignupIn) -> Status[dict[str, object]]:
    ratelimit.enforce(
        ratelimit.hashed_key("signup", client_ip(request)),
        limit=settings.SIGNUP_RATE_LIMIT_PER_HOUR,
        window_seconds=3600,
        message="Too many sign-ups from this address. Try again later.",
    )
    result = services.store_signup(
        email=payload.email, password=payload.password, store_name=payload.store_name, subdomain=payload.subdomain
    )
    tenant = result.tenant
    assert tenant.subdomain is not None
    handoff = login_handoff_create(tenant=tenant, user=result.user)
    return Status(
        201,
        {
            "tenant": {"subdomain": tenant.subdomain, "name": tenant.name, "url": store_url(tenant.subdomain)},
            "user": {"id": result.user.id, "email": result.user.email},
            "login_url": f"{store_url(tenant.subdomain)}login#handoff={handoff}",
        },
    )


class AvailabilityQuery(Schema):
    subdomain: str


@router.get("/signup/availability", response=AvailabilityOut, auth=None)
def availability(request: HttpRequest, query: Query[AvailabilityQuery]) -> dict[str, object]:
    errors = selectors.subdomain_availability(subdomain=query.subdomain)
    return {"subdomain": query.subdomain.strip().lower(), "available": not errors, "errors": errors}


closure_router = Router(tags=["store"], auth=merchant_auth)


@closure_router.post("/store/close", response=StoreClosedOut)
@requires_role(Role.OWNER)
def store_close(request: HttpRequest, payload: StoreCloseIn) -> dict[str, object]:
    """Close this store: it stops answering now; files and links go at once, the rest after the grace period."""
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    if payload.confirm_subdomain.strip().lower() != tenant.subdomain:
        raise ValidationFailed({"confirm_subdomain": ["Type the store's subdomain to confirm."]})
    closed = services.store_close(tenant=tenant)
    assert closed.closed_at is not None
    return {
        "status": closed.status,
        "closed_at": closed.closed_at,
        "data_deleted_after": closed.closed_at + timedelta(days=services.CLOSED_SCHEMA_GRACE_DAYS),
    }
