"""Merchant API routes of the fraud app (mounted at /api/v1/ on store hosts)."""

from django.http import HttpRequest
from ninja import Router

from alva.accounts.auth import merchant_auth, principal, requires_role
from alva.accounts.models import Role
from alva.fraud import selectors, services
from alva.fraud.models import FraudSettings
from alva.fraud.schemas import FraudSettingsIn, FraudSettingsOut

router = Router(tags=["fraud"], auth=merchant_auth)


@router.get("/settings/fraud", response=FraudSettingsOut)
@requires_role(Role.MEMBER)
def fraud_settings_get(request: HttpRequest) -> FraudSettings:
    return selectors.fraud_settings_current()


@router.put("/settings/fraud", response=FraudSettingsOut)
@requires_role(Role.ADMIN)
def fraud_settings_put(request: HttpRequest, payload: FraudSettingsIn) -> FraudSettings:
    return services.fraud_settings_update(actor=principal(request).user, **payload.model_dump())
