"""Merchant API routes of the catalog app (mounted at /api/v1/ on store hosts): bundles, files, uploads, settings."""

import uuid

from django.http import HttpRequest
from ninja import Query, Router, Status

from alva.accounts.auth import merchant_auth, requires_role
from alva.accounts.models import Role
from alva.catalog import selectors, services
from alva.catalog.models import Bundle, BundleFile, CatalogSettings
from alva.catalog.schemas import (
    BundleDeleteOut,
    BundleIn,
    BundleListQuery,
    BundleOut,
    BundlePageOut,
    BundlePatchIn,
    CatalogSettingsIn,
    CatalogSettingsOut,
    FileCompleteIn,
    FileIn,
    FileOrderIn,
    FileOut,
    FilePatchIn,
    FileUploadOut,
)

router = Router(tags=["catalog"], auth=merchant_auth)


# --- bundles -----------------------------------------------------------------------------------


@router.get("/bundles", response=BundlePageOut)
@requires_role(Role.MEMBER)
def bundle_list(request: HttpRequest, filters: Query[BundleListQuery]) -> dict[str, object]:
    bundles = selectors.bundle_list(active=filters.active)
    return {
        "items": list(bundles[filters.offset : filters.offset + filters.limit]),
        "count": bundles.count(),
    }


@router.post("/bundles", response={201: BundleOut})
@requires_role(Role.ADMIN)
def bundle_create(request: HttpRequest, payload: BundleIn) -> Status[Bundle]:
    return Status(201, services.bundle_create(data=payload.dict(exclude_unset=True)))


@router.get("/bundles/{bundle_id}", response=BundleOut)
@requires_role(Role.MEMBER)
def bundle_get(request: HttpRequest, bundle_id: uuid.UUID) -> Bundle:
    return selectors.bundle_get(bundle_id=bundle_id)


@router.patch("/bundles/{bundle_id}", response=BundleOut)
@requires_role(Role.ADMIN)
def bundle_update(request: HttpRequest, bundle_id: uuid.UUID, payload: BundlePatchIn) -> Bundle:
    return services.bundle_update(bundle_id=bundle_id, data=payload.dict(exclude_unset=True))


@router.delete("/bundles/{bundle_id}", response={200: BundleDeleteOut, 204: None})
@requires_role(Role.ADMIN)
def bundle_delete(request: HttpRequest, bundle_id: uuid.UUID) -> Status[object]:
    """204 when deleted; 200 with `deactivated: true` when deliveries keep the bundle alive."""
    result = services.bundle_delete(bundle_id=bundle_id)
    if result.deleted:
        return Status(204, None)
    return Status(200, result)


@router.put("/bundles/{bundle_id}/files/order", response=BundleOut)
@requires_role(Role.ADMIN)
def bundle_files_reorder(request: HttpRequest, bundle_id: uuid.UUID, payload: FileOrderIn) -> Bundle:
    return services.bundle_files_reorder(bundle_id=bundle_id, file_ids=payload.file_ids)


# --- files -------------------------------------------------------------------------------------


@router.post("/bundles/{bundle_id}/files", response={201: FileUploadOut})
@requires_role(Role.ADMIN)
def file_upload_start(request: HttpRequest, bundle_id: uuid.UUID, payload: FileIn) -> Status[services.UploadStart]:
    """Register a file and get where to upload it: one presigned PUT, or presigned multipart parts for big files."""
    started = services.file_upload_start(
        bundle_id=bundle_id, filename=payload.filename, size=payload.size, content_type=payload.content_type
    )
    return Status(201, started)


@router.post("/files/{file_id}/complete", response=FileOut)
@requires_role(Role.ADMIN)
def file_upload_complete(request: HttpRequest, file_id: uuid.UUID, payload: FileCompleteIn) -> BundleFile:
    """After the upload: `{}` for a PUT, `{"parts": [{"part_number", "etag"}]}` for multipart. Then it is hashed."""
    parts = [(part.part_number, part.etag) for part in payload.parts]
    return services.file_upload_complete(file_id=file_id, parts=parts)


@router.get("/files/{file_id}", response=FileOut)
@requires_role(Role.MEMBER)
def file_get(request: HttpRequest, file_id: uuid.UUID) -> BundleFile:
    return selectors.file_get(file_id=file_id)


@router.patch("/files/{file_id}", response=FileOut)
@requires_role(Role.ADMIN)
def file_update(request: HttpRequest, file_id: uuid.UUID, payload: FilePatchIn) -> BundleFile:
    changes = payload.dict(exclude_unset=True)
    return services.file_update(file_id=file_id, filename=changes.get("filename"), position=changes.get("position"))


@router.delete("/files/{file_id}", response={204: None})
@requires_role(Role.ADMIN)
def file_delete(request: HttpRequest, file_id: uuid.UUID) -> Status[None]:
    services.file_delete(file_id=file_id)
    return Status(204, None)


# --- settings ----------------------------------------------------------------------------------


@router.get("/settings/catalog", response=CatalogSettingsOut)
@requires_role(Role.MEMBER)
def catalog_settings_get(request: HttpRequest) -> CatalogSettings:
    return selectors.catalog_settings_get()


@router.put("/settings/catalog", response=CatalogSettingsOut)
@requires_role(Role.ADMIN)
def catalog_settings_update(request: HttpRequest, payload: CatalogSettingsIn) -> CatalogSettings:
    return services.catalog_settings_update(allow_script_files=payload.allow_script_files)
