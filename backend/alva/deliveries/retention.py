"""Retention: customer PII replaced by stable pseudonyms after the store's period, or at once on request.

What counts as PII here (product.md §7): the customer's email, names, phone and Klaviyo ids; download IPs
and user agents; the IPs a token has seen; webhook payloads and remote IPs (rejected calls' too); the
profile and properties of Klaviyo outbox events once they are sent or failed. Deliveries, statuses,
counts and analytics stay: the email becomes `redacted-<hmac>@redacted.invalid` and an IP becomes an
address in 100::/64 (RFC 6666, discard-only), each keyed per store, so one person stays one customer
and distinct-IP counts survive.

A customer is redacted only as a whole, and only once nothing about them is still moving: no delivery
and no download within the period, no delivery waiting for a decision and no link that can still be
used or still has to fire `Alva Token Expired`. Everything that happens to a customer after that would
reach Klaviyo under the pseudonym, so the merchant actions that could do it refuse redacted customers
(`alva.deliveries.services._for_action`, under the delivery's row lock).
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Case, Exists, F, Func, OuterRef, Q, QuerySet, TextField, Value, When
from django.utils import timezone
from django.utils.crypto import salted_hmac

from alva.core.errors import NotFound
from alva.core.tenancy import current_schema
from alva.deliveries.models import Customer, Delivery, DeliveryEvent, DeliveryStatus, Download, DownloadToken
from alva.ingest.models import WebhookCall
from alva.klaviyo.models import OutboxEvent
from alva.store.models import AuditEntry
from alva.store.selectors import store_settings_current
from alva.store.services import audit_record
from alva.support.index import delivery_index_redact, delivery_index_upsert

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# Below the actor's time limit: what is left waits for the next run (every step is idempotent).
TIME_BUDGET_SECONDS = 8 * 60

PSEUDONYM_DOMAIN = "redacted.invalid"
PSEUDONYM_NETWORK = ipaddress.IPv6Network("100::/64")
# The shape outbox_enqueue writes, with nothing in it: a resent redacted event can only fail at Klaviyo.
REDACTED_PROFILE = {"email": "", "first_name": "", "last_name": "", "klaviyo_profile_id": ""}
# Rejected calls quote the invalid address they received (alva.ingest.payload).
REDACTED_INVALID_EMAIL_MESSAGE = "The email address was not valid (redacted)."
# Klaviyo's error details can quote the profile.
_EMAIL_LIKE = r"[^\s\"'<>@,;:]+@[^\s\"'<>@,;:]+"

ERASE_ACTION = "customer.erase"
UNDECIDED = (DeliveryStatus.PROCESSING, DeliveryStatus.PENDING_REVIEW)
FINISHED_EVENTS = (OutboxEvent.State.SENT, OutboxEvent.State.FAILED)
UNSENT_EVENTS = (OutboxEvent.State.PENDING, OutboxEvent.State.WAITING_FOR_CONNECTION)


# --- pseudonyms --------------------------------------------------------------------------------


def _keyed_hex(kind: str, value: str) -> str:
    # The key comes from the environment and the salt names the store: a copy of the database alone
    # cannot confirm a guessed address, and one address has different pseudonyms in different stores.
    # RETENTION_PSEUDONYM_KEY, when set, keeps pseudonyms stable across a SECRET_KEY rotation.
    secret = getattr(settings, "RETENTION_PSEUDONYM_KEY", "") or settings.SECRET_KEY
    salt = f"alva.deliveries.retention.{kind}:{current_schema()}"
    return salted_hmac(salt, value, secret=secret, algorithm="sha256").hexdigest()


def email_pseudonym(email: str) -> str:
    """Stable per store and address: the same person redacted twice gets the same pseudonym."""
    return f"redacted-{_keyed_hex('email', email.strip().lower())[:16]}@{PSEUDONYM_DOMAIN}"


def ip_pseudonym(ip: str) -> str:
    """An address in 100::/64 standing for `ip`: the same IP maps to the same address, so counts of IPs survive."""
    canonical = str(ipaddress.ip_address(ip))
    host_bits = int(_keyed_hex("ip", canonical)[:16], 16)
    return str(PSEUDONYM_NETWORK[host_bits])


# --- the periodic job ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RedactionResult:
    customers: int = 0
    merged: int = 0
    outbox_events: int = 0
    webhook_calls: int = 0
    complete: bool = True  # False when the time budget ran out; the next run carries on


def retention_cutoff(*, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=store_settings_current().retention_days)


def expired_customers(*, cutoff: datetime, now: datetime) -> QuerySet[Customer]:
    """Customers not yet redacted whose whole history is older than `cutoff` and finished."""
    deliveries = Delivery.objects.filter(customer=OuterRef("pk"))
    tokens = DownloadToken.objects.filter(delivery__customer=OuterRef("pk"))
    return (
        Customer.objects.filter(redacted_at__isnull=True, created_at__lt=cutoff)
        .exclude(Exists(deliveries.filter(created_at__gte=cutoff)))
        .exclude(Exists(deliveries.filter(status__in=UNDECIDED)))
        .exclude(Exists(Download.objects.filter(token__delivery__customer=OuterRef("pk"), created_at__gte=cutoff)))
        # A link that still works, or whose `Alva Token Expired` is still to be sent, is activity to come.
        .exclude(
            Exists(tokens.filter(Q(expiry_notified_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True))
        )
    )


def redact_expired_pii(
    *, now: datetime | None = None, batch_size: int = BATCH_SIZE, time_budget_seconds: float = TIME_BUDGET_SECONDS
) -> RedactionResult:
    """Redact everything older than the store's retention period, in batches of one transaction each."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now=now)
    deadline = time.monotonic() + time_budget_seconds
    counts = {"customers": 0, "merged": 0, "outbox_events": 0, "webhook_calls": 0}
    # Keyset over (created_at, id): customers found still active are not scanned again by every batch.
    after: tuple[datetime, UUID] | None = None

    def customers() -> int:
        nonlocal after
        redacted, merged, after = _redact_expired_customer_batch(cutoff=cutoff, now=now, limit=batch_size, after=after)
        counts["customers"] += redacted
        counts["merged"] += merged
        return redacted

    def outbox() -> int:
        redacted = _redact_finished_outbox_batch(cutoff=cutoff, now=now, limit=batch_size)
        counts["outbox_events"] += redacted
        return redacted

    def webhook_calls() -> int:
        redacted = _redact_unlinked_webhook_call_batch(cutoff=cutoff, limit=batch_size)
        counts["webhook_calls"] += redacted
        return redacted

    complete = True
    for step in (customers, outbox, webhook_calls):
        # A short batch means the step found everything there was to find.
        while complete and step() >= batch_size:
            complete = time.monotonic() < deadline
    result = RedactionResult(**counts, complete=complete)
    logger.info(
        "retention: redacted %d customers (%d merged), %d outbox events, %d webhook calls; complete=%s",
        result.customers, result.merged, result.outbox_events, result.webhook_calls, result.complete,
    )  # fmt: skip
    return result


@transaction.atomic
def _redact_expired_customer_batch(
    *, cutoff: datetime, now: datetime, limit: int, after: tuple[datetime, UUID] | None
) -> tuple[int, int, tuple[datetime, UUID] | None]:
    """Returns (customers redacted, rows merged, where the next batch starts)."""
    candidates = expired_customers(cutoff=cutoff, now=now)
    if after is not None:
        since, last_id = after
        candidates = candidates.filter(Q(created_at__gt=since) | Q(created_at=since, id__gt=last_id))
    # Locked customers are being written by a webhook right now: they are active, skip them this run.
    rows = list(
        candidates.select_for_update(skip_locked=True)
        .order_by("created_at", "id")
        .values_list("id", "created_at")[:limit]
    )
    if not rows:
        return 0, 0, after
    ids = [customer_id for customer_id, _ in rows]
    return len(ids), redact_customers(ids, now=now), (rows[-1][1], rows[-1][0])


def _redact_finished_outbox_batch(*, cutoff: datetime, now: datetime, limit: int) -> int:
    """Events that were still on their way when their customer was redacted, and events of no delivery."""
    of_redacted = Delivery.objects.filter(customer__redacted_at__isnull=False).values("id")
    with transaction.atomic():
        ids = list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(state__in=FINISHED_EVENTS)
            .filter(Q(delivery_id__in=of_redacted) | Q(delivery_id__isnull=True, created_at__lt=cutoff))
            .exclude(profile=REDACTED_PROFILE)
            .order_by()
            .values_list("id", flat=True)[:limit]
        )
        return _redact_outbox(OutboxEvent.objects.filter(id__in=ids), now=now) if ids else 0


def _redact_unlinked_webhook_call_batch(*, cutoff: datetime, limit: int) -> int:
    """Webhook calls that are no delivery's receipt (rejected, duplicate, orphaned) are redacted by their age."""
    unlinked = Q(outcome__in=[WebhookCall.Outcome.REJECTED, WebhookCall.Outcome.DUPLICATE]) | Q(
        # An accepted call not yet processed is work to do: never take its payload away.
        outcome=WebhookCall.Outcome.ACCEPTED,
        processed_at__isnull=False,
    ) & ~Exists(Delivery.objects.filter(receipt_id=OuterRef("pk")))
    holds_pii = (
        Q(payload__isnull=False)
        | Q(remote_ip__isnull=False)
        | (Q(error_code="invalid_email") & ~Q(error_message=REDACTED_INVALID_EMAIL_MESSAGE))
    )
    with transaction.atomic():
        ids = list(
            WebhookCall.objects.select_for_update(skip_locked=True)
            .filter(unlinked, holds_pii, received_at__lt=cutoff)
            .order_by()
            .values_list("id", flat=True)[:limit]
        )
        if not ids:
            return 0
        return _redact_webhook_calls(WebhookCall.objects.filter(id__in=ids))


# --- redaction of given customers (shared by the job and by erasure) -----------------------------


_PSEUDONYMISE_SQL = """
UPDATE deliveries_customer AS c SET
    email = m.pseudonym, first_name = '', last_name = '', phone = '', klaviyo_profile_id = '', external_id = '',
    redacted_at = %s, updated_at = %s
FROM unnest(%s::uuid[], %s::text[]) AS m(id, pseudonym)
WHERE c.id = m.id
"""

_MOVE_DELIVERIES_SQL = """
UPDATE deliveries_delivery AS d SET customer_id = m.survivor, updated_at = %s
FROM unnest(%s::uuid[], %s::uuid[]) AS m(absorbed, survivor)
WHERE d.customer_id = m.absorbed
"""

_KEEP_FIRST_SEEN_SQL = """
UPDATE deliveries_customer AS c SET created_at = LEAST(c.created_at, m.since)
FROM unnest(%s::uuid[], %s::timestamptz[]) AS m(id, since)
WHERE c.id = m.id
"""

# Already pseudonymous addresses are not in the mapping and stay as they are.
_DOWNLOADS_SQL = """
UPDATE deliveries_download AS d SET
    user_agent = '',
    ip = COALESCE((SELECT m.pseudonym FROM unnest(%s::inet[], %s::inet[]) AS m(ip, pseudonym) WHERE m.ip = d.ip), d.ip)
FROM deliveries_downloadtoken AS t, deliveries_delivery AS v
WHERE d.token_id = t.id AND t.delivery_id = v.id AND v.customer_id = ANY(%s::uuid[])
  AND (d.user_agent <> '' OR (d.ip IS NOT NULL AND NOT d.ip <<= %s::inet))
"""

_TOKENS_SQL = """
UPDATE deliveries_downloadtoken AS t SET ips_seen = ARRAY(
    SELECT COALESCE(m.pseudonym, x.ip)
    FROM unnest(t.ips_seen) WITH ORDINALITY AS x(ip, n)
    LEFT JOIN unnest(%s::inet[], %s::inet[]) AS m(ip, pseudonym) ON m.ip = x.ip
    ORDER BY x.n
)
FROM deliveries_delivery AS v
WHERE t.delivery_id = v.id AND v.customer_id = ANY(%s::uuid[])
  AND EXISTS (SELECT 1 FROM unnest(t.ips_seen) AS s(ip) WHERE NOT s.ip <<= %s::inet)
"""

_IPS_SQL = """
SELECT d.ip FROM deliveries_download d
JOIN deliveries_downloadtoken t ON t.id = d.token_id JOIN deliveries_delivery v ON v.id = t.delivery_id
WHERE v.customer_id = ANY(%s::uuid[]) AND d.ip IS NOT NULL AND NOT d.ip <<= %s::inet
UNION
SELECT s.ip FROM deliveries_downloadtoken t JOIN deliveries_delivery v ON v.id = t.delivery_id,
    unnest(t.ips_seen) AS s(ip)
WHERE v.customer_id = ANY(%s::uuid[]) AND NOT s.ip <<= %s::inet
"""


def redact_customers(customer_ids: Sequence[UUID], *, now: datetime) -> int:
    """Pseudonymise these customers and everything of theirs; idempotent. Returns how many rows were merged.

    Call inside a transaction, with the customers locked. A customer whose pseudonym is already taken
    (the same address, redacted before and seen again since) absorbs that row's deliveries, so the
    person stays one customer and the unique email holds; the absorbing row is the one being redacted,
    so an id a caller holds (DELETE /customers/{id}) stays valid.
    """
    ids = list(customer_ids)
    fresh = dict(Customer.objects.filter(id__in=ids, redacted_at__isnull=True).values_list("id", "email"))
    pseudonyms = {customer_id: email_pseudonym(email) for customer_id, email in fresh.items()}
    merged = _absorb_earlier_pseudonyms(pseudonyms, now=now)
    with connection.cursor() as cursor:
        if pseudonyms:
            cursor.execute(_PSEUDONYMISE_SQL, [now, now, list(pseudonyms), list(pseudonyms.values())])
        mapping = _ip_mapping(cursor, ids)
        real, fake = list(mapping), list(mapping.values())
        network = str(PSEUDONYM_NETWORK)
        cursor.execute(_DOWNLOADS_SQL, [real, fake, ids, network])
        cursor.execute(_TOKENS_SQL, [real, fake, ids, network])
    _redact_webhook_calls(WebhookCall.objects.filter(delivery__customer_id__in=ids))
    of_customers = Delivery.objects.filter(customer_id__in=ids).values("id")
    _redact_outbox(
        OutboxEvent.objects.filter(delivery_id__in=of_customers, state__in=FINISHED_EVENTS).exclude(
            profile=REDACTED_PROFILE
        ),
        now=now,
    )
    # The support console's cross-store index keeps a keyed hash of the address: it goes too.
    delivery_index_redact(delivery_ids=Delivery.objects.filter(customer_id__in=ids).values_list("id", flat=True))
    return merged


def _absorb_earlier_pseudonyms(pseudonyms: dict[UUID, str], *, now: datetime) -> int:
    if not pseudonyms:
        return 0
    survivor_of = {pseudonym: customer_id for customer_id, pseudonym in pseudonyms.items()}
    holders = list(
        Customer.objects.select_for_update()
        .filter(email__in=list(survivor_of))
        .exclude(id__in=list(pseudonyms))
        .values_list("id", "email", "created_at")
    )
    if not holders:
        return 0
    absorbed = [holder_id for holder_id, _, _ in holders]
    survivors = [survivor_of[email] for _, email, _ in holders]
    with connection.cursor() as cursor:
        cursor.execute(_MOVE_DELIVERIES_SQL, [now, absorbed, survivors])
        cursor.execute(_KEEP_FIRST_SEEN_SQL, [survivors, [since for _, _, since in holders]])
    Customer.objects.filter(id__in=absorbed).delete()
    return len(absorbed)


def _ip_mapping(cursor: CursorWrapper, customer_ids: list[UUID]) -> dict[str, str]:
    network = str(PSEUDONYM_NETWORK)
    cursor.execute(_IPS_SQL, [customer_ids, network, customer_ids, network])
    return {str(ip): ip_pseudonym(str(ip)) for (ip,) in cursor.fetchall()}


def _redact_webhook_calls(calls: QuerySet[WebhookCall]) -> int:
    return calls.filter(
        Q(payload__isnull=False)
        | Q(remote_ip__isnull=False)
        | (Q(error_code="invalid_email") & ~Q(error_message=REDACTED_INVALID_EMAIL_MESSAGE))
    ).update(
        payload=None,
        remote_ip=None,
        error_message=_case_invalid_email(),
    )


def _case_invalid_email() -> Case:
    return Case(
        When(error_code="invalid_email", then=Value(REDACTED_INVALID_EMAIL_MESSAGE)),
        default=F("error_message"),
        output_field=TextField(),
    )


def _redact_outbox(events: QuerySet[OutboxEvent], *, now: datetime) -> int:
    return events.update(
        profile=REDACTED_PROFILE,
        properties={},
        last_error=Func(
            F("last_error"), Value(_EMAIL_LIKE), Value("[email]"), Value("g"),
            function="regexp_replace", output_field=TextField(),
        ),
        updated_at=now,
    )  # fmt: skip


# --- erasure on request ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureResult:
    customer: Customer
    already_erased: bool
    deliveries: int
    deliveries_revoked: int
    tokens_revoked: int
    klaviyo_events_cancelled: int


@transaction.atomic
def customer_erase(*, customer_id: UUID, actor: str) -> ErasureResult:
    """Erase one customer's PII now, whatever its age: links revoked, unsent events cancelled, audited.

    Idempotent: a repeat finds nothing left to change and records nothing more.
    """
    customer = Customer.objects.select_for_update().filter(id=customer_id).first()
    if customer is None:
        raise NotFound("No such customer.")
    deliveries = list(Delivery.objects.select_for_update().filter(customer=customer).order_by("created_at", "id"))
    delivery_ids = [d.id for d in deliveries]
    already_erased = AuditEntry.objects.filter(action=ERASE_ACTION, detail__customer_id=str(customer.id)).exists()
    now = timezone.now()

    tokens_revoked = DownloadToken.objects.filter(delivery_id__in=delivery_ids, revoked_at__isnull=True).update(
        revoked_at=now
    )
    # Undecided deliveries would otherwise be scored, approved or released later, under the pseudonym.
    undecided = {d.id: d.status for d in deliveries if d.status in UNDECIDED}
    Delivery.objects.filter(id__in=list(undecided)).update(status=DeliveryStatus.REVOKED, updated_at=now)
    cancelled = OutboxEvent.objects.filter(delivery_id__in=delivery_ids, state__in=UNSENT_EVENTS).update(
        state=OutboxEvent.State.FAILED,
        last_error="Not sent: the customer's personal data was erased on request.",
        updated_at=now,
    )
    redact_customers([customer.id], now=now)
    customer.refresh_from_db()
    for revoked in Delivery.objects.select_related("customer", "bundle").filter(id__in=list(undecided)):
        delivery_index_upsert(delivery=revoked)  # its status changed outside services.event_log

    changed = bool(tokens_revoked or undecided or cancelled) or not already_erased
    if changed:
        DeliveryEvent.objects.bulk_create(
            [_privacy_event(d, actor=actor, previous=undecided.get(d.id)) for d in deliveries]
        )
    if not already_erased:
        audit_record(
            actor=actor,
            action=ERASE_ACTION,
            detail={
                "customer_id": str(customer.id),
                "deliveries": len(deliveries),
                "deliveries_revoked": len(undecided),
                "tokens_revoked": tokens_revoked,
                "klaviyo_events_cancelled": cancelled,
            },
        )
    return ErasureResult(
        customer=customer,
        already_erased=already_erased,
        deliveries=len(deliveries),
        deliveries_revoked=len(undecided),
        tokens_revoked=tokens_revoked,
        klaviyo_events_cancelled=cancelled,
    )


def _privacy_event(delivery: Delivery, *, actor: str, previous: str | None) -> DeliveryEvent:
    message = "The customer's personal data was erased on request; their download links were revoked."
    data: dict[str, object] = {}
    if previous:
        message += f" {previous} → {DeliveryStatus.REVOKED}."
        data = {"from": previous, "to": DeliveryStatus.REVOKED}
    return DeliveryEvent(delivery=delivery, kind="privacy", message=message[:500], actor=actor, data=data)


# --- guard for merchant actions --------------------------------------------------------------------
