"""Merchant API routes of the store app (mounted at /api/v1/ on store hosts): the store's own settings —
retention and download page branding with its logo, and the delivery defaults of new bundles."""

from django.http import HttpRequest
from ninja import Router, Status

from alva.accounts.auth import merchant_auth, principal, requires_role
from alva.accounts.models import Role
from alva.store import selectors, services
from alva.store.models import StoreSettings
from alva.store.schemas import (
    DeliveryDefaultsIn,
    DeliveryDefaultsOut,
    LogoConfirmIn,
    LogoUploadIn,
    LogoUploadOut,
    StoreSettingsIn,
    StoreSettingsOut,
)

router = Router(tags=["store"], auth=merchant_auth)


def _actor(request: HttpRequest) -> str:
    return principal(request).user.email


@router.get("/settings/store", response=StoreSettingsOut)
@requires_role(Role.MEMBER)
def store_settings_get(request: HttpRequest) -> StoreSettings:
    return selectors.store_settings_current()


@router.put("/settings/store", response=StoreSettingsOut)
@requires_role(Role.ADMIN)
def store_settings_put(request: HttpRequest, payload: StoreSettingsIn) -> StoreSettings:
    return services.store_settings_update(actor=_actor(request), **payload.model_dump())


# --- the download page's logo: presigned PUT straight to S3, then confirm ------------------------


@router.post("/settings/store/logo", response={201: LogoUploadOut})
@requires_role(Role.ADMIN)
def store_logo_upload_start(request: HttpRequest, payload: LogoUploadIn) -> Status[services.LogoUpload]:
    """Where to PUT a new logo (PNG, JPEG or WebP, at most 1 MB); it shows once confirmed."""
    return Status(201, services.store_logo_upload_start(content_type=payload.content_type, size=payload.size))


@router.post("/settings/store/logo/confirm", response=StoreSettingsOut)
@requires_role(Role.ADMIN)
def store_logo_confirm(request: HttpRequest, payload: LogoConfirmIn) -> StoreSettings:
    """After the PUT: the object is checked (size, type, first bytes) and becomes the download page's logo."""
    return services.store_logo_confirm(actor=_actor(request), key=payload.key)


@router.delete("/settings/store/logo", response=StoreSettingsOut)
@requires_role(Role.ADMIN)
def store_logo_delete(request: HttpRequest) -> StoreSettings:
    return services.store_logo_remove(actor=_actor(request))


# --- delivery defaults -------------------------------------------------------------------------


@router.get("/settings/delivery-defaults", response=DeliveryDefaultsOut)
@requires_role(Role.MEMBER)
def delivery_defaults_get(request: HttpRequest) -> StoreSettings:
    return selectors.store_settings_current()


@router.put("/settings/delivery-defaults", response=DeliveryDefaultsOut)
@requires_role(Role.ADMIN)
def delivery_defaults_put(request: HttpRequest, payload: DeliveryDefaultsIn) -> StoreSettings:
    return services.delivery_defaults_update(actor=_actor(request), **payload.model_dump())
