"""Writes for customers and deliveries: from a receipt to a delivery, status changes, the event log."""

from __future__ import annotations

import logging
from datetime import timedelta
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone

from alva.billing import services as billing
from alva.catalog.selectors import bundle_ready_files
from alva.core.errors import ApiError, NotFound
from alva.core.tasks import enqueue_on_commit
from alva.core.tenancy import current_tenant
from alva.deliveries import notify, tokens
from alva.deliveries.models import Customer, Delivery, DeliveryEvent, DeliveryStatus, DownloadToken
from alva.deliveries.selectors import DeliveryHistory
from alva.fraud import scoring
from alva.fraud.selectors import fraud_settings_current
from alva.ingest import payload as payload_rules
from alva.ingest.models import WebhookCall
from alva.support.index import delivery_index_upsert

logger = logging.getLogger(__name__)

SYSTEM = "system"

# One statement, so two webhooks for the same new customer never race into a duplicate.
# Known values are kept when a later webhook leaves a field empty.
_CUSTOMER_UPSERT_SQL = """
INSERT INTO deliveries_customer
    (id, email, first_name, last_name, phone, klaviyo_profile_id, external_id, created_at, updated_at)
VALUES (gen_random_uuid(), %s, %s, %s, %s, %s, %s, now(), now())
ON CONFLICT (email) DO UPDATE SET
    first_name = COALESCE(NULLIF(EXCLUDED.first_name, ''), deliveries_customer.first_name),
    last_name = COALESCE(NULLIF(EXCLUDED.last_name, ''), deliveries_customer.last_name),
    phone = COALESCE(NULLIF(EXCLUDED.phone, ''), deliveries_customer.phone),
    klaviyo_profile_id = COALESCE(NULLIF(EXCLUDED.klaviyo_profile_id, ''), deliveries_customer.klaviyo_profile_id),
    external_id = COALESCE(NULLIF(EXCLUDED.external_id, ''), deliveries_customer.external_id),
    updated_at = now()
RETURNING id
"""


def customer_upsert(data: payload_rules.WebhookCustomer) -> Customer:
    with connection.cursor() as cursor:
        cursor.execute(
            _CUSTOMER_UPSERT_SQL,
            [data.email, data.first_name, data.last_name, data.phone, data.klaviyo_profile_id, data.external_id],
        )
        (customer_id,) = cursor.fetchone()
    return Customer.objects.get(id=customer_id)


def event_log(
    *, delivery: Delivery, kind: str, message: str, actor: str = SYSTEM, data: dict[str, object] | None = None
) -> None:
    DeliveryEvent.objects.create(delivery=delivery, kind=kind, message=message[:500], actor=actor, data=data or {})
    if kind == "status":
        # Creation and every status change are logged here: the support console's index follows them.
        delivery_index_upsert(delivery=delivery)


@transaction.atomic
def delivery_create_from_receipt(*, call_id: str | UUID) -> Delivery | None:
    """Idempotent: the delivery's id is the receipt's id, so a redelivered message finds it and stops."""
    call = WebhookCall.objects.select_for_update().filter(id=call_id, outcome=WebhookCall.Outcome.ACCEPTED).first()
    if call is None:
        logger.warning("receipt %s not found", call_id)
        return None
    existing = Delivery.objects.filter(id=call.id).first()
    if existing is not None:
        return existing
    if call.bundle_id is None or not isinstance(call.payload, dict):
        # The bundle was removed before this receipt was processed; nothing can be delivered.
        call.processed_at = timezone.now()
        call.error_message = "The bundle no longer exists."
        call.save(update_fields=["processed_at", "error_message"])
        return None
    customer = customer_upsert(payload_rules.extract_customer(call.payload))
    delivery = Delivery.objects.create(
        id=call.id, receipt=call, bundle_id=call.bundle_id, customer=customer, is_test=call.is_test
    )
    event_log(
        delivery=delivery,
        kind="status",
        message="Webhook accepted; delivery is Processing." + (" (test)" if call.is_test else ""),
    )
    call.processed_at = timezone.now()
    call.save(update_fields=["processed_at"])
    from alva.deliveries.tasks import decide

    enqueue_on_commit(decide, str(delivery.id))
    return delivery


# --- deciding (queue `fraud`) -------------------------------------------------------------------

_STATUS_FOR = {
    scoring.Decision.APPROVE: DeliveryStatus.APPROVED,
    scoring.Decision.REVIEW: DeliveryStatus.PENDING_REVIEW,
    scoring.Decision.BLOCK: DeliveryStatus.BLOCKED,
}


def _locked(delivery_id: UUID | str) -> Delivery | None:
    return Delivery.objects.select_for_update().select_related("customer", "bundle").filter(id=delivery_id).first()


@transaction.atomic
def delivery_decide(*, delivery_id: UUID | str) -> Delivery | None:
    """Score a Processing delivery and act on the band. A second run finds it decided and does nothing."""
    delivery = _locked(delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PROCESSING:
        return delivery
    customer = delivery.customer
    result = scoring.score(
        scoring.FraudInput(
            email=customer.email,
            first_name=customer.first_name,
            last_name=customer.last_name,
            bundle_id=delivery.bundle_id,
            received_at=delivery.created_at,
        ),
        fraud_settings_current(),
        DeliveryHistory(delivery_id=delivery.id, received_at=delivery.created_at),
    )
    delivery.fraud_score = result.score
    delivery.fraud_signals = list(result.signals)
    delivery.decided_at = timezone.now()
    status = _STATUS_FOR[result.decision]
    if status != DeliveryStatus.BLOCKED and not _quota_allows(delivery):
        # Nothing accepted is lost: over the plan's quota the delivery waits, and an upgrade releases it.
        delivery.fraud_signals = [*delivery.fraud_signals, PLAN_LIMIT_SIGNAL]
        _set_status(delivery, DeliveryStatus.PENDING_REVIEW, actor="billing", note="Held: plan limit reached.")
        return delivery
    _set_status(delivery, status, actor="fraud", note=f"Fraud score {result.score}.")
    if status == DeliveryStatus.APPROVED:
        _grant(delivery)
    elif status == DeliveryStatus.BLOCKED:
        notify.fire_delivery_blocked(delivery=delivery, reason=_block_reason(result.signals))
    return delivery


PLAN_LIMIT_SIGNAL: scoring.Signal = {
    "signal": "plan_limit_reached",
    "points": 0,
    "detail": "Plan limit reached: this store has used its deliveries for the period. Upgrading releases it.",
}


def _quota_allows(delivery: Delivery) -> bool:
    return billing.delivery_quota_consume(tenant_id=current_tenant().id, is_test=delivery.is_test)


def _held_for_plan(delivery: Delivery) -> bool:
    return any(s.get("signal") == PLAN_LIMIT_SIGNAL["signal"] for s in delivery.fraud_signals)


def _release_hold(delivery: Delivery) -> None:
    delivery.fraud_signals = [s for s in delivery.fraud_signals if s.get("signal") != PLAN_LIMIT_SIGNAL["signal"]]


def deliveries_release_plan_holds(*, reason: str) -> int:
    """Re-decide deliveries held for the plan, oldest first, while the quota allows; returns how many were released."""
    released = 0
    held = Delivery.objects.filter(
        status=DeliveryStatus.PENDING_REVIEW, fraud_signals__contains=[{"signal": PLAN_LIMIT_SIGNAL["signal"]}]
    ).order_by("created_at")
    for delivery_id in held.values_list("id", flat=True):
        with transaction.atomic():
            delivery = _locked(delivery_id)
            if delivery is None or not _held_for_plan(delivery) or delivery.status != DeliveryStatus.PENDING_REVIEW:
                continue
            if not _quota_allows(delivery):
                break
            _release_hold(delivery)
            decision = scoring.decision_for(delivery.fraud_score or 0, fraud_settings_current())
            if decision == scoring.Decision.APPROVE:
                _set_status(delivery, DeliveryStatus.APPROVED, actor="billing", note=f"Released ({reason}).")
                _grant(delivery)
            else:
                delivery.save()
                event_log(delivery=delivery, kind="status", message=f"Plan hold released ({reason}); review remains.")
            released += 1
    return released


def _block_reason(signals: list[scoring.Signal]) -> str:
    strongest = max(signals, key=lambda s: s["points"], default=None)
    return strongest["detail"] if strongest else "Blocked by the store's fraud rules."


def _set_status(delivery: Delivery, status: str, *, actor: str, note: str = "") -> None:
    previous = delivery.status
    delivery.status = status
    delivery.save()
    message = f"{previous} → {status}." + (f" {note}" if note else "")
    event_log(delivery=delivery, kind="status", message=message, actor=actor, data={"from": previous, "to": status})


def _grant(delivery: Delivery) -> DownloadToken:
    """A fresh token and the `Alva Download Ready` event that carries its link."""
    token, raw = tokens.token_issue(delivery=delivery)
    page_url = notify.download_page_url(subdomain=current_tenant().subdomain, raw_token=raw)
    notify.fire_download_ready(
        delivery=delivery, token=token, page_url=page_url, files=bundle_ready_files(delivery.bundle)
    )
    event_log(
        delivery=delivery,
        kind="token",
        message=f"Download link issued, valid until {token.expires_at:%Y-%m-%d %H:%M} UTC.",
    )
    return token


# --- merchant actions ------------------------------------------------------------------------------

ACTION_STATES: dict[str, set[str]] = {
    "approve": {DeliveryStatus.PENDING_REVIEW, DeliveryStatus.BLOCKED},
    "block": {DeliveryStatus.PENDING_REVIEW, DeliveryStatus.APPROVED},
    "resend": {DeliveryStatus.APPROVED, DeliveryStatus.DOWNLOADED, DeliveryStatus.EXPIRED},
    "extend": {DeliveryStatus.APPROVED, DeliveryStatus.DOWNLOADED, DeliveryStatus.EXPIRED},
    "revoke": {DeliveryStatus.APPROVED, DeliveryStatus.DOWNLOADED, DeliveryStatus.PENDING_REVIEW},
    "reset-downloads": {DeliveryStatus.APPROVED, DeliveryStatus.DOWNLOADED, DeliveryStatus.EXPIRED},
}


def _for_action(delivery_id: UUID, action: str) -> Delivery:
    delivery = _locked(delivery_id)
    if delivery is None:
        raise NotFound("No such delivery.")
    if action != "revoke" and delivery.customer.redacted_at is not None:
        # Checked under the row lock: anything but revoking would reach Klaviyo, or reopen a link, under a pseudonym.
        raise ApiError(
            409,
            "customer_redacted",
            "This customer's personal data has been redacted, so the delivery can no longer be sent or changed.",
        )
    if delivery.status not in ACTION_STATES[action]:
        allowed = ", ".join(sorted(ACTION_STATES[action]))
        raise ApiError(
            409, "invalid_state", f"Cannot {action} a delivery that is {delivery.status} (allowed: {allowed})."
        )
    return delivery


def _live_token(delivery: Delivery) -> DownloadToken:
    token = delivery.tokens.filter(revoked_at__isnull=True).order_by("-created_at").first()
    if token is None:
        raise ApiError(409, "no_token", "This delivery has no live download link.")
    return token


@transaction.atomic
def delivery_approve(*, delivery_id: UUID, actor: str) -> Delivery:
    delivery = _for_action(delivery_id, "approve")
    if _held_for_plan(delivery):
        if not _quota_allows(delivery):
            raise ApiError(402, "plan_limit_reached", "The plan's delivery limit is reached: upgrade to approve.")
        _release_hold(delivery)
    delivery.decided_at = timezone.now()
    _set_status(delivery, DeliveryStatus.APPROVED, actor=actor, note="Approved by the merchant.")
    _grant(delivery)
    return delivery


@transaction.atomic
def delivery_block(*, delivery_id: UUID, actor: str) -> Delivery:
    delivery = _for_action(delivery_id, "block")
    delivery.tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    _set_status(delivery, DeliveryStatus.BLOCKED, actor=actor, note="Blocked by the merchant.")
    notify.fire_delivery_blocked(delivery=delivery, reason="Blocked by the store.")
    return delivery


@transaction.atomic
def delivery_resend(*, delivery_id: UUID, actor: str) -> Delivery:
    """A new link (the old one stops working) and a new `Alva Download Ready` event."""
    delivery = _for_action(delivery_id, "resend")
    if delivery.status != DeliveryStatus.APPROVED:
        _set_status(delivery, DeliveryStatus.APPROVED, actor=actor, note="Link resent.")
    else:
        event_log(delivery=delivery, kind="action", message="Link resent.", actor=actor)
    _grant(delivery)
    return delivery


@transaction.atomic
def delivery_extend(*, delivery_id: UUID, days: int, actor: str) -> Delivery:
    delivery = _for_action(delivery_id, "extend")
    token = _live_token(delivery)
    base = max(token.expires_at, timezone.now())
    token.expires_at = base + timedelta(days=days)
    token.expiry_notified_at = None
    token.save(update_fields=["expires_at", "expiry_notified_at"])
    note = f"Link extended by {days} day(s), until {token.expires_at:%Y-%m-%d %H:%M} UTC."
    if delivery.status == DeliveryStatus.EXPIRED:
        _set_status(delivery, DeliveryStatus.APPROVED, actor=actor, note=note)
    else:
        event_log(delivery=delivery, kind="action", message=note, actor=actor)
    return delivery


@transaction.atomic
def delivery_revoke(*, delivery_id: UUID, actor: str) -> Delivery:
    delivery = _for_action(delivery_id, "revoke")
    delivery.tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    _set_status(delivery, DeliveryStatus.REVOKED, actor=actor, note="Link revoked by the merchant.")
    return delivery


@transaction.atomic
def delivery_reset_downloads(*, delivery_id: UUID, actor: str) -> Delivery:
    delivery = _for_action(delivery_id, "reset-downloads")
    token = _live_token(delivery)
    DownloadToken.objects.filter(id=token.id).update(downloads_used=0, ips_seen=[])
    event_log(delivery=delivery, kind="action", message="Download count and IPs reset.", actor=actor)
    return delivery
