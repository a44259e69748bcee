"""Request and response shapes of the fraud settings endpoints."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from alva.fraud.models import MAX_ENTRY_LENGTH, MAX_LIST_ENTRIES, FraudSettings

ListEntry = Annotated[str, StringConstraints(max_length=MAX_ENTRY_LENGTH)]


class FraudSettingsIn(Schema):
    """The whole settings object (PUT replaces it); approve_max must stay below review_max."""

    approve_max: int = Field(strict=True, ge=0, le=99, description="Highest score that is approved.")
    review_max: int = Field(strict=True, ge=1, le=100, description="Highest score held for review; above it, blocked.")
    block_list: list[ListEntry] = Field(
        max_length=MAX_LIST_ENTRIES, description="Emails or domains (`example.com` or `@example.com`) always blocked."
    )
    allow_list: list[ListEntry] = Field(
        max_length=MAX_LIST_ENTRIES, description="Emails or domains always approved (overrides every other signal)."
    )
    repeat_window_hours: int = Field(strict=True, ge=1, le=168)
    repeat_threshold: int = Field(
        strict=True, ge=2, le=100, description="Deliveries of one bundle to one email in the window, this one included."
    )
    velocity_window_minutes: int = Field(strict=True, ge=1, le=1440)
    velocity_threshold: int = Field(
        strict=True,
        ge=2,
        le=1000,
        description="Deliveries of any bundle to one email in the window, this one included.",
    )


class FraudSettingsOut(Schema):
    approve_max: int
    review_max: int
    block_list: list[str]
    allow_list: list[str]
    repeat_window_hours: int
    repeat_threshold: int
    velocity_window_minutes: int
    velocity_threshold: int
    updated_at: datetime | None
    updated_by: str | None

    @staticmethod
    def resolve_updated_by(obj: FraudSettings) -> str | None:
        return obj.updated_by or None
