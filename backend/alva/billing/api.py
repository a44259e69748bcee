"""Merchant API on a store host: the store's plan, usage and Stripe Checkout / Customer Portal (`/api/v1/billing…`)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from alva.accounts.auth import merchant_auth, principal, requires_role
from alva.accounts.models import Role
from alva.billing import selectors, services
from alva.billing.models import Plan
from alva.billing.schemas import BillingOut, CheckoutIn, PlanOut, RedirectOut
from alva.billing.selectors import BillingOverview
from alva.tenants.models import Tenant

router = Router(tags=["billing"], auth=merchant_auth)


def _tenant(request: HttpRequest) -> Tenant:
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    return tenant


@router.get("/billing", response=BillingOut)
@requires_role(Role.OWNER)
def billing_get(request: HttpRequest) -> BillingOverview:
    return selectors.billing_overview(tenant=_tenant(request), now=timezone.now())


@router.get("/billing/plans", response=list[PlanOut])
@requires_role(Role.MEMBER)
def billing_plans(request: HttpRequest) -> list[Plan]:
    return list(selectors.plan_list())


@router.post("/billing/checkout", response=RedirectOut)
@requires_role(Role.OWNER)
def billing_checkout(request: HttpRequest, payload: CheckoutIn) -> dict[str, str]:
    url = services.checkout_start(tenant=_tenant(request), plan_code=payload.plan, email=principal(request).user.email)
    return {"url": url}


@router.post("/billing/portal", response=RedirectOut)
@requires_role(Role.OWNER)
def billing_portal(request: HttpRequest) -> dict[str, str]:
    return {"url": services.portal_start(tenant=_tenant(request))}
