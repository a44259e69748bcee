"""Reads for bundles, their files and the catalog settings (always in the active tenant schema)."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from alva.catalog.models import Bundle, BundleFile, CatalogSettings
from alva.core.errors import NotFound

_SLUG_MAX_LENGTH = 64  # Bundle.webhook_slug's max_length


def _with_files(queryset: QuerySet[Bundle]) -> QuerySet[Bundle]:
    return queryset.prefetch_related(Prefetch("files", queryset=BundleFile.objects.order_by("position", "created_at")))


def bundle_list(*, active: bool | None = None) -> QuerySet[Bundle]:
    queryset = Bundle.objects.order_by("-created_at", "id")
    if active is not None:
        queryset = queryset.filter(active=active)
    return _with_files(queryset)


def bundle_get(*, bundle_id: uuid.UUID) -> Bundle:
    bundle = _with_files(Bundle.objects.filter(id=bundle_id)).first()
    if bundle is None:
        raise NotFound("No such bundle.")
    return bundle


def file_get(*, file_id: uuid.UUID) -> BundleFile:
    file = BundleFile.objects.filter(id=file_id).first()
    if file is None:
        raise NotFound("No such file.")
    return file


def catalog_settings_get() -> CatalogSettings:
    """The store's row, or the defaults when nobody has saved settings yet."""
    return CatalogSettings.objects.filter(singleton=True).first() or CatalogSettings()


# --- for the delivery pipeline (ingest, deliveries) --------------------------------------------


def bundle_for_webhook(slug: str) -> Bundle | None:
    """The bundle whose webhook endpoint is `slug`, active or not (the receiver answers 409 for inactive ones)."""
    if not slug or len(slug) > _SLUG_MAX_LENGTH:
        return None
    return Bundle.objects.filter(webhook_slug=slug).first()


def bundle_ready_files(bundle: Bundle) -> list[BundleFile]:
    """The files a delivery hands out, in the merchant's order: uploaded and verified ones only."""
    return list(
        BundleFile.objects.filter(bundle=bundle, state=BundleFile.State.READY).order_by("position", "created_at")
    )
