"""Request and response shapes of the support console API."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import StringConstraints

from alva.deliveries.models import DeliveryStatus
from alva.deliveries.schemas import DeliveryDetailOut
from alva.support.models import SupportAction

# Every action needs a reason a colleague can understand later; whitespace alone is no reason.
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1000)]
TenantSort = Literal["name", "-name", "subdomain", "-subdomain", "created_at", "-created_at", "status", "-status"]
StoreStatus = Literal["active", "suspended"]
TenantStatus = Literal["spare", "active", "suspended"]
ActionOutcome = Literal["done", "refused", "not_sent"]


# --- auth ----------------------------------------------------------------------------------------


class StaffLoginIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    totp: str = Field(max_length=16)


class StaffTotpSetupIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)


class StaffTotpSetupOut(Schema):
    provisioning_uri: str


class StaffTotpConfirmIn(Schema):
    code: str = Field(max_length=16)


class StaffOut(Schema):
    id: int
    email: str


class StaffUserOut(Schema):
    id: int
    email: str
    full_name: str


class StaffSessionOut(Schema):
    user: StaffUserOut
    csrf_token: str


class StaffCsrfOut(Schema):
    csrf_token: str


# --- stores --------------------------------------------------------------------------------------


class TenantQuery(Schema):
    search: str | None = Field(default=None, max_length=254)
    status: StoreStatus | None = None
    sort: TenantSort = "-created_at"
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=25, ge=1, le=100)


class SupportTenantOut(Schema):
    id: int
    name: str
    subdomain: str | None
    status: TenantStatus
    created_at: datetime
    owner_email: str | None
    plan_code: str


class SupportTenantPageOut(Schema):
    items: list[SupportTenantOut]
    count: int


class TenantPlanOut(Schema):
    code: str
    name: str
    subscription_status: str | None
    period_start: datetime
    period_end: datetime
    past_due_since: datetime | None


class TenantUsageOut(Schema):
    deliveries: int
    deliveries_limit: int
    storage_bytes: int
    storage_limit_bytes: int
    bundles: int
    bundle_limit: int


class TenantKlaviyoOut(Schema):
    mode: str | None
    health: str
    account_id: str
    account_name: str
    connected_at: datetime | None
    last_error: str
    last_error_at: datetime | None


class WebhookErrorOut(Schema):
    received_at: datetime
    status_code: int
    error_code: str
    error_message: str


class TenantWebhooksOut(Schema):
    accepted: int
    duplicate: int
    rejected: int
    reject_rate: float
    last_errors: list[WebhookErrorOut]


class TenantOutboxOut(Schema):
    pending: int
    sending: int
    waiting_for_connection: int
    oldest_unsent_at: datetime | None
    failed_24h: int


class SupportTenantDetailOut(Schema):
    id: int
    name: str
    subdomain: str | None
    schema_name: str
    status: TenantStatus
    url: str
    created_at: datetime
    claimed_at: datetime | None
    owners: list[str]
    member_count: int
    plan: TenantPlanOut
    usage: TenantUsageOut
    klaviyo: TenantKlaviyoOut
    webhooks_24h: TenantWebhooksOut
    outbox: TenantOutboxOut


class SupportTenantBriefOut(Schema):
    id: int
    name: str
    subdomain: str | None
    status: TenantStatus


# --- deliveries ----------------------------------------------------------------------------------


class DeliverySearchQuery(Schema):
    email: str | None = Field(default=None, max_length=254)
    delivery_id: UUID | None = None
    tenant_id: int | None = None
    status: DeliveryStatus | None = None
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=25, ge=1, le=100)


class IndexedDeliveryOut(Schema):
    delivery_id: UUID
    tenant: SupportTenantBriefOut
    bundle_name: str
    status: DeliveryStatus
    is_test: bool
    created_at: datetime


class IndexedDeliveryPageOut(Schema):
    items: list[IndexedDeliveryOut]
    count: int


class SupportDeliveryDetailOut(DeliveryDetailOut):
    tenant: SupportTenantBriefOut


# --- actions and the audit log -------------------------------------------------------------------


class ReasonIn(Schema):
    reason: Reason


class SupportExtendIn(Schema):
    reason: Reason
    days: int = Field(ge=1, le=365)


class AuditResultOut(Schema):
    outcome: ActionOutcome
    detail: str
    finished_at: datetime


class AuditEntryOut(Schema):
    id: int
    created_at: datetime
    staff_id: int
    staff_email: str
    action: SupportAction
    tenant: SupportTenantBriefOut | None
    delivery_id: UUID | None
    reason: str
    details: dict[str, object]
    result: AuditResultOut | None


class AuditEntryPageOut(Schema):
    items: list[AuditEntryOut]
    count: int


class AuditQuery(Schema):
    tenant_id: int | None = None
    staff_id: int | None = None
    action: SupportAction | None = None
    delivery_id: UUID | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=50, ge=1, le=200)
