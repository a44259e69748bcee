"""Merchant API of the ingest app: webhook configuration, Send Test and the webhook log."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from alva.accounts.auth import merchant_auth, principal, requires_role
from alva.accounts.models import Role
from alva.ingest import secrets as webhook_secrets
from alva.ingest import selectors, services
from alva.ingest.receiver import SECRET_HEADER
from alva.ingest.schemas import (
    RotatedOut,
    SecretOut,
    SendTestIn,
    SendTestOut,
    WebhookLogOut,
    WebhookLogQuery,
    WebhookSettingsOut,
)

router = Router(tags=["ingest"], auth=merchant_auth)

HEADER_NAME = SECRET_HEADER.removeprefix("HTTP_").replace("_", "-").lower()


@router.get("/settings/webhook", response=WebhookSettingsOut)
@requires_role(Role.MEMBER)
def webhook_settings(request: HttpRequest) -> dict[str, object]:
    secret = webhook_secrets.webhook_secret_ensure()
    return {
        "header": HEADER_NAME,
        "secret_hint": f"…{secret.current_hint}",
        "previous_secret_valid_until": secret.previous_valid_until,
        "rate_limit_per_second": secret.rate_limit_per_second,
        "body_template": selectors.BODY_TEMPLATE,
        "endpoints": selectors.webhook_endpoints(subdomain=request.tenant.subdomain),  # type: ignore[attr-defined]
    }


@router.post("/settings/webhook/reveal", response=SecretOut)
@requires_role(Role.ADMIN)
def webhook_secret_reveal(request: HttpRequest) -> dict[str, str]:
    return {"secret": webhook_secrets.webhook_secret_reveal(actor=principal(request).user.email)}


@router.post("/settings/webhook/rotate", response=RotatedOut)
@requires_role(Role.ADMIN)
def webhook_secret_rotate(request: HttpRequest) -> dict[str, object]:
    secret, previous_valid_until = webhook_secrets.webhook_secret_rotate(actor=principal(request).user.email)
    return {"secret": secret, "previous_secret_valid_until": previous_valid_until}


@router.post("/settings/webhook/test", response={202: SendTestOut})
@requires_role(Role.ADMIN)
def webhook_send_test(request: HttpRequest, payload: SendTestIn) -> Status[dict[str, str]]:
    delivery_id = services.webhook_send_test(
        email=payload.email, bundle_id=payload.bundle_id, actor=principal(request).user.email
    )
    return Status(202, {"delivery_id": delivery_id})


@router.get("/webhook-log", response=WebhookLogOut)
@requires_role(Role.MEMBER)
def webhook_log(request: HttpRequest, query: Query[WebhookLogQuery]) -> dict[str, object]:
    calls, count = selectors.webhook_log(query=query)
    items = [
        {**{f: getattr(c, f) for f in ("id", "received_at", "bundle_id", "outcome", "status_code", "error_code",
                                          "error_message", "duplicate_of_id", "is_test")},
         "delivery_id": c.id if c.outcome == "accepted" else c.duplicate_of_id}
        for c in calls
    ]  # fmt: skip
    return {"items": items, "count": count}
