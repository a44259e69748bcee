"""Request and response shapes of the Klaviyo settings endpoints (secrets are never part of a response)."""

from datetime import datetime

from ninja import Field, Schema

from alva.klaviyo.models import KlaviyoHealth, KlaviyoMode


class KlaviyoApiKeyIn(Schema):
    api_key: str = Field(min_length=1, max_length=200)


class AccountOut(Schema):
    id: str
    name: str


class KlaviyoConnectionOut(Schema):
    mode: KlaviyoMode | None
    health: KlaviyoHealth
    account: AccountOut | None
    scopes: list[str]
    connected_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    waiting_events: int


class OAuthStartOut(Schema):
    authorize_url: str
