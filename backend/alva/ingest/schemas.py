"""Shapes of the webhook settings and webhook log endpoints."""

from datetime import datetime
from uuid import UUID

from ninja import Field, Schema


class EndpointOut(Schema):
    bundle_id: UUID
    bundle_name: str
    active: bool
    url: str


class WebhookSettingsOut(Schema):
    header: str
    secret_hint: str
    previous_secret_valid_until: datetime | None
    rate_limit_per_second: int
    body_template: str
    endpoints: list[EndpointOut]


class SecretOut(Schema):
    secret: str


class RotatedOut(Schema):
    secret: str
    previous_secret_valid_until: datetime


class SendTestIn(Schema):
    email: str = Field(max_length=254)
    bundle_id: UUID | None = None


class SendTestOut(Schema):
    delivery_id: UUID


class WebhookCallOut(Schema):
    id: UUID
    received_at: datetime
    bundle_id: UUID | None
    outcome: str
    status_code: int
    error_code: str
    error_message: str
    duplicate_of: UUID | None = Field(alias="duplicate_of_id")
    delivery_id: UUID | None
    is_test: bool


class WebhookLogOut(Schema):
    items: list[WebhookCallOut]
    count: int


class WebhookLogQuery(Schema):
    outcome: str | None = Field(default=None, pattern="^(accepted|duplicate|rejected)$")
    bundle_id: UUID | None = None
    error_code: str | None = Field(default=None, max_length=64)
    received_after: datetime | None = None
    received_before: datetime | None = None
    page: int = Field(default=1, ge=1, le=10_000)
    page_size: int = Field(default=50, ge=1, le=200)
