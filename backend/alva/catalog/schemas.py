"""Request and response shapes of bundles, files, uploads and the catalog settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from alva.catalog.models import Bundle, BundleFile, FileCategory
from alva.tenants.urls import store_url


def not_sent() -> Any:
    """Default of PATCH fields: they are optional but never null, so None only means "not sent"."""
    return None


def _refuse_null(value: object) -> object:
    if value is None:
        raise PydanticCustomError("null", "This field cannot be null.")
    return value


class PatchSchema(Schema):
    """Only the fields sent change (`exclude_unset`); an explicit null is refused with a clear message."""

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        return _refuse_null(value)


# --- bundles -----------------------------------------------------------------------------------


class BundleIn(Schema):
    """Policy fields left out take the store's delivery defaults (`GET /settings/delivery-defaults`)."""

    name: str = Field(max_length=200)
    description: str = Field("", max_length=5000)
    active: bool = True
    expiry_days: int = Field(
        default_factory=not_sent, ge=1, le=365, description="Link lifetime in days; omitted: the store's default."
    )
    max_downloads: int = Field(
        default_factory=not_sent, ge=1, le=1000, description="Downloads per link; omitted: the store's default."
    )
    max_unique_ips: int = Field(
        default_factory=not_sent, ge=1, le=100, description="Unique IPs per link; omitted: the store's default."
    )

    @field_validator("expiry_days", "max_downloads", "max_unique_ips", mode="before")
    @classmethod
    def _policy_not_null(cls, value: object) -> object:
        return _refuse_null(value)


class BundlePatchIn(PatchSchema):
    name: str = Field(default_factory=not_sent, max_length=200)
    description: str = Field(default_factory=not_sent, max_length=5000)
    active: bool = Field(default_factory=not_sent)
    expiry_days: int = Field(default_factory=not_sent, ge=1, le=365)
    max_downloads: int = Field(default_factory=not_sent, ge=1, le=1000)
    max_unique_ips: int = Field(default_factory=not_sent, ge=1, le=100)


class BundleListQuery(Schema):
    active: bool | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class FileOut(Schema):
    id: uuid.UUID
    bundle_id: uuid.UUID
    filename: str
    size: int
    content_type: str
    category: FileCategory
    sha256: str | None = Field(description="Hex SHA-256, set once the file is ready.")
    state: BundleFile.State
    position: int
    created_at: datetime
    uploaded_at: datetime | None

    @staticmethod
    def resolve_sha256(obj: BundleFile) -> str | None:
        return obj.sha256 or None


class BundleOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    active: bool
    expiry_days: int
    max_downloads: int
    max_unique_ips: int
    webhook_url: str = Field(description="Paste into the Klaviyo flow's Webhook action (POST).")
    file_count: int
    files: list[FileOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_webhook_url(obj: Bundle, context: dict[str, Any]) -> str:
        return f"{store_url(context['request'].tenant.subdomain)}webhook/{obj.webhook_slug}"

    @staticmethod
    def resolve_file_count(obj: Bundle) -> int:
        return len(obj.files.all())


class BundlePageOut(Schema):
    items: list[BundleOut]
    count: int


class BundleDeleteOut(Schema):
    deleted: bool
    deactivated: bool
    reason: str


class FileOrderIn(Schema):
    file_ids: list[uuid.UUID] = Field(max_length=10_000)


# --- files and uploads -------------------------------------------------------------------------


class FileIn(Schema):
    # Generous bounds here; the service answers with the precise rules (255 characters, 5 GB, …).
    filename: str = Field(max_length=4096)
    size: int
    content_type: str = Field("", max_length=1000, description="The browser's File.type; guessed when empty.")


class PutUploadOut(Schema):
    method: Literal["PUT"]
    url: str
    headers: dict[str, str] = Field(description="Send exactly these headers with the PUT.")


class UploadPartOut(Schema):
    part_number: int
    url: str


class MultipartUploadOut(Schema):
    method: Literal["MULTIPART"]
    part_size: int = Field(description="Bytes per part; the last part holds the rest.")
    parts: list[UploadPartOut] = Field(description="PUT each slice to its URL and keep the ETag response header.")


class FileUploadOut(Schema):
    file: FileOut
    upload: Annotated[PutUploadOut | MultipartUploadOut, Field(discriminator="method")]


class UploadedPartIn(Schema):
    part_number: int = Field(ge=1, le=10_000)
    etag: str = Field(min_length=1, max_length=200)


class FileCompleteIn(Schema):
    parts: list[UploadedPartIn] = Field(default_factory=list, max_length=10_000)


class FilePatchIn(PatchSchema):
    filename: str = Field(default_factory=not_sent, max_length=4096)
    position: int = Field(default_factory=not_sent, ge=0, description="0-based place in the bundle; the others shift.")


# --- settings ----------------------------------------------------------------------------------


class CatalogSettingsIn(Schema):
    allow_script_files: bool = Field(description="Accept programs and scripts (.exe, .sh, .js, …) as bundle files.")


class CatalogSettingsOut(Schema):
    allow_script_files: bool
