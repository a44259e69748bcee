"""Request and response shapes of the store settings endpoint (retention period and download page branding)."""

from datetime import datetime

from ninja import Field, Schema

from alva.store.models import RETENTION_DAYS_MAX, RETENTION_DAYS_MIN


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
    updated_at: datetime | None
