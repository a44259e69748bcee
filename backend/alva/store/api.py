"""Merchant API routes of the store app: the store's own settings (mounted at /api/v1/ on store hosts)."""

from django.http import HttpRequest
from ninja import Router

from alva.accounts.auth import merchant_auth, principal, requires_role
from alva.accounts.models import Role
from alva.store import selectors, services
from alva.store.models import StoreSettings
from alva.store.schemas import StoreSettingsIn, StoreSettingsOut

router = Router(tags=["store"], auth=merchant_auth)


@router.get("/settings/store", response=StoreSettingsOut)
@requires_role(Role.MEMBER)
def store_settings_get(request: HttpRequest) -> StoreSettings:
    return selectors.store_settings_current()


@router.put("/settings/store", response=StoreSettingsOut)
@requires_role(Role.ADMIN)
def store_settings_put(request: HttpRequest, payload: StoreSettingsIn) -> StoreSettings:
    return services.store_settings_update(actor=principal(request).user.email, **payload.model_dump())
