"""Request and response shapes of the store settings endpoints: retention, download page branding and its logo,
delivery defaults."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from alva.store import storage
from alva.store.models import DELIVERY_DEFAULT_RANGES, RETENTION_DAYS_MAX, RETENTION_DAYS_MIN, StoreSettings


class StoreSettingsIn(Schema):
    """The whole settings object (PUT replaces it)."""

    retention_days: int = Field(
        strict=True,
        ge=RETENTION_DAYS_MIN,
        le=RETENTION_DAYS_MAX,
        description="Days after a customer's last delivery before their personal data is redacted.",
    )
    support_email: str = Field(max_length=254, description="Shown on the download page; empty for none.")
    brand_color: str = Field(
        pattern=r"^#[0-9a-fA-F]{6}$", description="Accent colour of the download page, #rrggbb (stored lower-case)."
    )


class StoreSettingsOut(Schema):
    retention_days: int
    support_email: str
    brand_color: str
    logo_url: str | None = Field(
        description=f"The download page's logo: a presigned URL that works for {storage.LOGO_URL_TTL_SECONDS} "
        "seconds (load it at once, never store it); null when the store has none."
    )
    updated_at: datetime | None

    @staticmethod
    def resolve_logo_url(obj: StoreSettings) -> str | None:
        if not obj.logo_key:
            return None
        return storage.logo_url(key=obj.logo_key, content_type=obj.logo_content_type)


# --- delivery defaults -------------------------------------------------------------------------

_EXPIRY = DELIVERY_DEFAULT_RANGES["expiry_days"]
_DOWNLOADS = DELIVERY_DEFAULT_RANGES["max_downloads"]
_IPS = DELIVERY_DEFAULT_RANGES["max_unique_ips"]


class DeliveryDefaultsIn(Schema):
    """The policy a bundle gets when it is created without one (PUT replaces all three)."""

    expiry_days: int = Field(strict=True, ge=_EXPIRY.min, le=_EXPIRY.max, description="Link lifetime in days.")
    max_downloads: int = Field(strict=True, ge=_DOWNLOADS.min, le=_DOWNLOADS.max, description="Downloads per link.")
    max_unique_ips: int = Field(strict=True, ge=_IPS.min, le=_IPS.max, description="Unique IPs per link.")


class DeliveryDefaultsOut(Schema):
    expiry_days: int
    max_downloads: int
    max_unique_ips: int

    @staticmethod
    def resolve_expiry_days(obj: StoreSettings) -> int:
        return obj.default_expiry_days

    @staticmethod
    def resolve_max_downloads(obj: StoreSettings) -> int:
        return obj.default_max_downloads

    @staticmethod
    def resolve_max_unique_ips(obj: StoreSettings) -> int:
        return obj.default_max_unique_ips


# --- logo --------------------------------------------------------------------------------------


class LogoUploadIn(Schema):
    content_type: str = Field(
        max_length=100, description="The browser's File.type: image/png, image/jpeg or image/webp (SVG is refused)."
    )
    size: int = Field(description=f"Bytes, 1 to {storage.LOGO_MAX_BYTES}.")


class LogoUploadOut(Schema):
    key: str = Field(description="Send it back to /settings/store/logo/confirm once the PUT succeeded.")
    method: Literal["PUT"]
    url: str
    headers: dict[str, str] = Field(description="Send exactly these headers with the PUT.")


class LogoConfirmIn(Schema):
    key: str = Field(max_length=512)
