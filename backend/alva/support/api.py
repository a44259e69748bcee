"""Support console API on support.{APP_DOMAIN} (`/api/support/v1/…`): staff only, every action audited."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from django.contrib.auth import logout
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone
from ninja import Query, Router, Status

from alva.accounts.models import User
from alva.core.errors import ApiError, NotFound, ValidationFailed
from alva.core.http import client_ip
from alva.support import selectors, services
from alva.support.auth import open_support_session, staff, staff_auth
from alva.support.models import SupportActionResult, SupportAuditEntry
from alva.support.schemas import (
    AuditEntryOut,
    AuditEntryPageOut,
    AuditQuery,
    DeliverySearchQuery,
    IndexedDeliveryPageOut,
    ReasonIn,
    StaffCsrfOut,
    StaffLoginIn,
    StaffOut,
    StaffSessionOut,
    StaffTotpConfirmIn,
    StaffTotpSetupIn,
    StaffTotpSetupOut,
    SupportDeliveryDetailOut,
    SupportExtendIn,
    SupportTenantDetailOut,
    SupportTenantPageOut,
    TenantQuery,
)

router = Router(tags=["support"], auth=staff_auth)

# The setup answer opens a short window, bound to this browser's session, in which to confirm the first code.
ENROLMENT_SESSION_KEY = "alva_support_enrolment"
ENROLMENT_SECONDS = 10 * 60


def _page(items: Any, page: int, page_size: int) -> tuple[list[Any], int]:
    count = items.count()
    start = (page - 1) * page_size
    return list(items[start : start + page_size]), count


def _session_body(request: HttpRequest, user: User) -> dict[str, object]:
    return {"user": user, "csrf_token": get_token(request)}


# --- auth ----------------------------------------------------------------------------------------


@router.post("/auth/login", response=StaffSessionOut, auth=None)
def staff_login(request: HttpRequest, payload: StaffLoginIn) -> dict[str, object]:
    """Public by design: email, password and a TOTP code are the credentials."""
    user = services.staff_login(
        email=payload.email, password=payload.password, code=payload.totp, ip=client_ip(request)
    )
    open_support_session(request, user)
    return _session_body(request, user)


@router.post("/auth/totp/setup", response=StaffTotpSetupOut, auth=None)
def staff_totp_setup(request: HttpRequest, payload: StaffTotpSetupIn) -> dict[str, str]:
    """Public by design: email and password are the credentials; only staff without a confirmed device."""
    enrolment = services.staff_totp_setup(email=payload.email, password=payload.password, ip=client_ip(request))
    request.session[ENROLMENT_SESSION_KEY] = {"user_id": enrolment.user.id, "started_at": time.time()}
    return {"provisioning_uri": enrolment.provisioning_uri}


@router.post("/auth/totp/confirm", response=StaffSessionOut, auth=None)
def staff_totp_confirm(request: HttpRequest, payload: StaffTotpConfirmIn) -> dict[str, object]:
    """Public by design: the setup's session and the first code are the credentials. Opens a support session."""
    pending = request.session.get(ENROLMENT_SESSION_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("started_at", 0)) > ENROLMENT_SECONDS:
        raise ApiError(410, "enrolment_expired", "Start the two-factor setup again.")
    user = services.staff_totp_confirm(user_id=int(pending["user_id"]), code=payload.code, ip=client_ip(request))
    request.session.pop(ENROLMENT_SESSION_KEY, None)
    open_support_session(request, user)
    return _session_body(request, user)


@router.post("/auth/logout", response={204: None})
def staff_logout(request: HttpRequest) -> Status[None]:
    logout(request)
    return Status(204, None)


@router.get("/auth/me", response=StaffOut)
def staff_auth_me(request: HttpRequest) -> User:
    return staff(request)


@router.get("/me", response=StaffOut)
def staff_me(request: HttpRequest) -> User:
    """Kept for existing clients; the same as /auth/me."""
    return staff(request)


@router.get("/auth/csrf", response=StaffCsrfOut, auth=None)
def staff_csrf(request: HttpRequest) -> dict[str, str]:
    """Public by design: hands out a CSRF token only."""
    return {"csrf_token": get_token(request)}


# --- stores --------------------------------------------------------------------------------------


@router.get("/tenants", response=SupportTenantPageOut)
def tenant_list(request: HttpRequest, query: Query[TenantQuery]) -> dict[str, object]:
    filters = selectors.TenantFilters(search=query.search, status=query.status, sort=query.sort)
    items, count = _page(selectors.tenant_list(filters=filters), query.page, query.page_size)
    return {"items": items, "count": count}


@router.get("/tenants/{tenant_id}", response=SupportTenantDetailOut)
def tenant_detail(request: HttpRequest, tenant_id: int) -> dict[str, object]:
    tenant = selectors.tenant_get(tenant_id=tenant_id)
    if tenant is None:
        raise NotFound("No such store.")
    return selectors.tenant_detail(tenant=tenant, now=timezone.now())


@router.post("/tenants/{tenant_id}/suspend", response=AuditEntryOut)
def tenant_suspend(request: HttpRequest, tenant_id: int, payload: ReasonIn) -> dict[str, object]:
    entry = services.tenant_suspend(
        staff=staff(request), tenant_id=tenant_id, reason=payload.reason, ip=client_ip(request)
    )
    return _audit_body(entry)


@router.post("/tenants/{tenant_id}/unsuspend", response=AuditEntryOut)
def tenant_unsuspend(request: HttpRequest, tenant_id: int, payload: ReasonIn) -> dict[str, object]:
    entry = services.tenant_unsuspend(
        staff=staff(request), tenant_id=tenant_id, reason=payload.reason, ip=client_ip(request)
    )
    return _audit_body(entry)


# --- deliveries across stores --------------------------------------------------------------------


@router.get("/deliveries", response=IndexedDeliveryPageOut)
def delivery_search(request: HttpRequest, query: Query[DeliverySearchQuery]) -> dict[str, object]:
    """By the customer's exact email or the delivery id, across every store, from the public index."""
    if not (query.email and query.email.strip()) and query.delivery_id is None:
        raise ValidationFailed({"email": ["Give a customer email or a delivery id."]})
    search = selectors.DeliverySearch(
        email=query.email, delivery_id=query.delivery_id, tenant_id=query.tenant_id, status=query.status
    )
    items, count = _page(selectors.delivery_search(search=search), query.page, query.page_size)
    return {"items": items, "count": count}


@router.get("/deliveries/{delivery_id}", response=SupportDeliveryDetailOut)
def delivery_detail(request: HttpRequest, delivery_id: UUID) -> dict[str, Any]:
    detail = selectors.delivery_detail(delivery_id=delivery_id)
    if detail is None:
        raise NotFound("No such delivery.")
    return detail


@router.post("/deliveries/{delivery_id}/resend", response={202: AuditEntryOut})
def delivery_resend(request: HttpRequest, delivery_id: UUID, payload: ReasonIn) -> Status[dict[str, object]]:
    """Queued into the delivery's store: a new link and a new `Alva Download Ready` event."""
    entry = services.delivery_resend_request(
        staff=staff(request), delivery_id=delivery_id, reason=payload.reason, ip=client_ip(request)
    )
    return Status(202, _audit_body(entry))


@router.post("/deliveries/{delivery_id}/extend", response={202: AuditEntryOut})
def delivery_extend(request: HttpRequest, delivery_id: UUID, payload: SupportExtendIn) -> Status[dict[str, object]]:
    """Queued into the delivery's store: the live link's expiry moves `days` later."""
    entry = services.delivery_extend_request(
        staff=staff(request), delivery_id=delivery_id, days=payload.days, reason=payload.reason, ip=client_ip(request)
    )
    return Status(202, _audit_body(entry))


# --- audit log -----------------------------------------------------------------------------------


def _audit_body(entry: SupportAuditEntry) -> dict[str, object]:
    try:
        result: SupportActionResult | None = entry.result
    except SupportActionResult.DoesNotExist:
        result = None
    return {
        "id": entry.id,
        "created_at": entry.created_at,
        "staff_id": entry.staff_id,
        "staff_email": entry.staff_email,
        "action": entry.action,
        "tenant": entry.tenant,
        "delivery_id": entry.delivery_id,
        "reason": entry.reason,
        "details": entry.details,
        "result": result,
    }


@router.get("/audit-log", response=AuditEntryPageOut)
def audit_log(request: HttpRequest, query: Query[AuditQuery]) -> dict[str, object]:
    filters = selectors.AuditFilters(**query.dict(exclude={"page", "page_size"}))
    items, count = _page(selectors.audit_log(filters=filters), query.page, query.page_size)
    return {"items": [_audit_body(entry) for entry in items], "count": count}
