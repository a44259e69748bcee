"""Shapes of the deliveries, customers and analytics endpoints."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from alva.deliveries.models import DeliveryStatus

Sort = Literal["created_at", "-created_at", "status", "-status"]


class CustomerBriefOut(Schema):
    id: UUID
    email: str
    first_name: str
    last_name: str


class BundleBriefOut(Schema):
    id: UUID
    name: str


class DeliveryOut(Schema):
    id: UUID
    status: DeliveryStatus
    is_test: bool
    fraud_score: int | None
    customer: CustomerBriefOut
    bundle: BundleBriefOut
    created_at: datetime
    decided_at: datetime | None
    first_download_at: datetime | None


class DeliveryPageOut(Schema):
    items: list[DeliveryOut]
    count: int


class DeliveryQuery(Schema):
    email: str | None = Field(default=None, max_length=254)
    status: DeliveryStatus | None = None
    bundle_id: UUID | None = None
    customer_id: UUID | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    sort: Sort = "-created_at"
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=25, ge=1, le=200)


class SignalOut(Schema):
    signal: str
    points: int
    detail: str


class DownloadOut(Schema):
    id: UUID
    file_id: UUID
    file_name: str
    ip: str | None
    user_agent: str
    created_at: datetime


class TokenOut(Schema):
    id: UUID
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    downloads_used: int
    max_downloads: int
    ips_used: int
    max_unique_ips: int
    downloads: list[DownloadOut]


class EventOut(Schema):
    kind: str
    message: str
    actor: str
    created_at: datetime


class KlaviyoEventOut(Schema):
    id: UUID
    metric: str
    state: str
    attempts: int
    last_error: str
    sent_at: datetime | None
    created_at: datetime


class CustomerOut(CustomerBriefOut):
    phone: str
    klaviyo_profile_id: str
    external_id: str
    created_at: datetime
    redacted_at: datetime | None = Field(description="When the personal data was replaced by a pseudonym.")


class DeliveryDetailOut(DeliveryOut):
    customer: CustomerOut
    fraud_signals: list[SignalOut]
    payload: dict[str, object] | None
    tokens: list[TokenOut]
    events: list[EventOut]
    klaviyo_events: list[KlaviyoEventOut]


class ExtendIn(Schema):
    days: int = Field(ge=1, le=365)


class CustomerListOut(CustomerOut):
    delivery_count: int
    downloaded_count: int


class CustomerPageOut(Schema):
    items: list[CustomerListOut]
    count: int


class CustomerQuery(Schema):
    email: str | None = Field(default=None, max_length=254)
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=25, ge=1, le=200)


class CustomerDetailOut(CustomerOut):
    deliveries: list[DeliveryOut]


class CustomerErasureOut(Schema):
    """What `DELETE /customers/{id}` did; a repeat answers the same way with `already_erased` and zero counts."""

    customer_id: UUID
    email: str = Field(description="The pseudonym that replaced the address.")
    redacted_at: datetime
    already_erased: bool
    deliveries: int
    deliveries_revoked: int = Field(description="Undecided deliveries (Processing, Pending Review) now Revoked.")
    tokens_revoked: int
    klaviyo_events_cancelled: int


class PendingCountOut(Schema):
    pending_review: int


class AnalyticsQuery(Schema):
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")


class DayCount(Schema):
    day: date
    count: int


class DayStatusCount(Schema):
    day: date
    status: DeliveryStatus
    count: int


class TopBundleOut(Schema):
    bundle_id: UUID
    name: str
    deliveries: int
    downloads: int


class AnalyticsOut(Schema):
    date_from: date = Field(serialization_alias="from")
    date_to: date = Field(serialization_alias="to")
    deliveries_per_day: list[DayStatusCount]
    downloads_per_day: list[DayCount]
    deliveries_total: int
    fraud_rate: float
    median_minutes_to_first_download: float | None
    top_bundles: list[TopBundleOut]
