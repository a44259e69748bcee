"""Retention: expired customer PII becomes stable pseudonyms, counts survive, erasure on request, settings."""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import pytest
from django.db import connection
from django.utils import timezone

from alva.accounts.models import Role
from alva.core.redis import get_redis
from alva.core.testing import in_schema, store_client
from alva.deliveries import analytics, retention, selectors
from alva.deliveries.models import Customer, Delivery, DeliveryEvent, Download, DownloadToken
from alva.deliveries.tasks import redact_expired_pii
from alva.deliveries.tests.conftest import page_path
from alva.ingest.models import WebhookCall
from alva.klaviyo.models import OutboxEvent
from alva.store.models import AuditEntry
from alva.support.models import DeliveryIndex
from alva.tenants import periodic
from alva.tenants.models import Tenant
from tests.pipeline import delivery_for, ready_bundle

OLD_DAYS = 120  # beyond the default 90-day period
PSEUDONYM = re.compile(r"^redacted-[0-9a-f]{16}@redacted\.invalid$")
NETWORK = ipaddress.ip_network("100::/64")


@dataclass(frozen=True)
class Person:
    email: str
    first_name: str
    last_name: str
    phone: str
    klaviyo_id: str
    external_id: str
    ips: tuple[str, ...]
    user_agent: str

    def body(self) -> dict[str, str]:
        return {
            "first_name": self.first_name, "last_name": self.last_name, "phone": self.phone,
            "klaviyo_profile_id": self.klaviyo_id, "external_id": self.external_id,
        }  # fmt: skip

    def pii(self) -> list[str]:
        return [self.email, self.first_name, self.last_name, self.phone, self.klaviyo_id, self.external_id,
                *self.ips, self.user_agent]  # fmt: skip


AUGUSTA = Person("augusta.ada@example.com", "Augustina", "Byronsdottir", "+44 20 7946 0018", "01KAUGUSTAPROFILE",
                 "ext-augusta-77", ("203.0.113.9", "2001:db8::77"), "AugustaBrowser/1.0")  # fmt: skip
GRACE = Person("grace.brewster@example.com", "Gracielle", "Brewsterton", "+1 202 555 0143", "01KGRACEPROFILE",
               "ext-grace-12", ("198.51.100.23",), "GraceBrowser/2.0")  # fmt: skip
LINUS = Person("linus.recent@example.com", "Linusbert", "Recentsen", "+358 40 555 0199", "01KLINUSPROFILE",
               "ext-linus-3", ("192.0.2.201",), "LinusBrowser/3.0")  # fmt: skip
REJECTED_EMAIL = "augusta.ada@example"  # not a valid address: the call was rejected and logged with its payload
OLD_WEBHOOK_IPS = ("192.0.2.40", "192.0.2.44", "192.0.2.45")


# --- helpers ---------------------------------------------------------------------------------------


def download(tenant, delivery, person: Person, ip: str, file_index: int = 0) -> None:
    path = page_path(tenant, delivery)
    client = store_client(tenant)
    file_id = client.get(path, HTTP_ACCEPT="application/json").json()["files"][file_index]["id"]
    response = client.post(f"{path}/files/{file_id}", REMOTE_ADDR=ip, HTTP_USER_AGENT=person.user_agent)
    assert response.status_code == 303


def age(email: str, days: int, *, live_token: bool = False) -> None:
    """Move one customer's whole history `days` into the past (call inside the store's schema)."""
    then = timezone.now() - timedelta(days=days)
    customer = Customer.objects.get(email=email)
    ids = list(Delivery.objects.filter(customer=customer).values_list("id", flat=True))
    Customer.objects.filter(id=customer.id).update(created_at=then)
    Delivery.objects.filter(id__in=ids).update(created_at=then, decided_at=then)
    Delivery.objects.filter(id__in=ids, first_download_at__isnull=False).update(
        first_download_at=then + timedelta(hours=1)
    )
    Delivery.objects.filter(id__in=ids, all_files_downloaded_at__isnull=False).update(
        all_files_downloaded_at=then + timedelta(hours=2)
    )
    WebhookCall.objects.filter(id__in=ids).update(received_at=then)  # a delivery's id is its receipt's
    tokens = DownloadToken.objects.filter(delivery_id__in=ids)
    if live_token:
        tokens.update(created_at=then)
    else:
        tokens.update(created_at=then, expires_at=then + timedelta(days=3), expiry_notified_at=then + timedelta(days=3))
    Download.objects.filter(token__delivery_id__in=ids).update(created_at=then + timedelta(hours=1))
    OutboxEvent.objects.filter(delivery_id__in=ids).update(created_at=then)


def schema_dump(tenant: Tenant) -> str:
    """Every row of every table of the store's schema, as JSON text: what a copy of the database would reveal."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [tenant.schema_name],
        )
        tables = [name for (name,) in cursor.fetchall()]
        rows: list[str] = []
        for table in tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{tenant.schema_name}"."{table}" t')  # noqa: S608
            rows += [row for (row,) in cursor.fetchall()]
    assert {"deliveries_customer", "ingest_webhookcall", "klaviyo_outboxevent"} <= set(tables)
    return "\n".join(rows).lower()


def readable(tenant: Tenant, values: list[str]) -> list[str]:
    dump = schema_dump(tenant)
    return [value for value in values if value.lower() in dump]


def counts_snapshot() -> dict[str, object]:
    """Everything the merchant counts or charts, keyed by stable ids (call inside the store's schema)."""
    today = timezone.now().date()
    return {
        "analytics": analytics.analytics_summary(date_from=today - timedelta(days=300), date_to=today),
        "statuses": sorted(Delivery.objects.values_list("id", "status", "bundle_id", "created_at")),
        "customers": sorted((c.delivery_count, c.downloaded_count, c.created_at) for c in selectors.customer_list()),
        "tokens": sorted(
            (t.id, t.downloads_used, len(t.ips_seen), t.revoked_at, t.expires_at) for t in DownloadToken.objects.all()
        ),
        "downloads": sorted(Download.objects.values_list("id", "token_id", "file_id", "created_at")),
        "distinct_download_ips": {
            t.id: t.downloads.values("ip").distinct().count() for t in DownloadToken.objects.all()
        },
        "webhook_calls": sorted(WebhookCall.objects.values_list("id", "outcome", "status_code", "received_at")),
        "outbox": sorted(OutboxEvent.objects.values_list("id", "metric", "state", "delivery_id")),
    }


@pytest.fixture
def history(tenant_a, bundle_a):
    """Store A: Augusta and Grace inactive for 120 days (downloads, Klaviyo events, webhook log), Linus recent."""
    with in_schema(tenant_a):
        augusta = [delivery_for(bundle_a, email=AUGUSTA.email, **AUGUSTA.body()) for _ in range(2)]
        grace = delivery_for(bundle_a, email=GRACE.email, **GRACE.body())
        linus = delivery_for(bundle_a, email=LINUS.email, **LINUS.body())
    download(tenant_a, augusta[0], AUGUSTA, AUGUSTA.ips[0], 0)
    download(tenant_a, augusta[0], AUGUSTA, AUGUSTA.ips[1], 1)
    download(tenant_a, augusta[0], AUGUSTA, AUGUSTA.ips[0], 1)
    download(tenant_a, grace, GRACE, GRACE.ips[0])
    download(tenant_a, linus, LINUS, LINUS.ips[0])
    with in_schema(tenant_a):
        WebhookCall.objects.filter(id__in=[d.id for d in augusta]).update(remote_ip=OLD_WEBHOOK_IPS[0])
        WebhookCall.objects.filter(id=linus.id).update(remote_ip="192.0.2.202")
        rejected = WebhookCall.objects.create(
            slug=bundle_a.webhook_slug, bundle=bundle_a, outcome="rejected", status_code=422,
            error_code="invalid_email", error_message=f"{REJECTED_EMAIL!r} is not a valid email address.",
            payload={"email": REJECTED_EMAIL, "first_name": AUGUSTA.first_name}, remote_ip=OLD_WEBHOOK_IPS[1],
        )  # fmt: skip
        duplicate = WebhookCall.objects.create(
            slug=bundle_a.webhook_slug, bundle=bundle_a, outcome="duplicate", status_code=200,
            duplicate_of_id=augusta[0].id, remote_ip=OLD_WEBHOOK_IPS[2],
        )  # fmt: skip
        recent_rejected = WebhookCall.objects.create(
            slug=bundle_a.webhook_slug, bundle=bundle_a, outcome="rejected", status_code=422,
            error_code="invalid_email", error_message="'linus@recent' is not a valid email address.",
            payload={"email": "linus@recent"}, remote_ip="192.0.2.203",
        )  # fmt: skip
        WebhookCall.objects.filter(id__in=[rejected.id, duplicate.id]).update(
            received_at=timezone.now() - timedelta(days=OLD_DAYS)
        )
        # Klaviyo has answered for every event but one of Augusta's, which still waits for a connection.
        events = OutboxEvent.objects.filter(delivery_id__in=[d.id for d in [*augusta, grace]]).order_by("created_at")
        events.update(state=OutboxEvent.State.SENT, sent_at=timezone.now())
        first = events.filter(delivery_id=augusta[1].id).get()
        OutboxEvent.objects.filter(id=first.id).update(
            state=OutboxEvent.State.FAILED, last_error=f"Klaviyo answered 400: {AUGUSTA.email} is not valid."
        )
        waiting = events.filter(metric="Alva Download Completed", delivery_id=augusta[0].id).last()
        OutboxEvent.objects.filter(id=waiting.id).update(state=OutboxEvent.State.WAITING_FOR_CONNECTION)
        age(AUGUSTA.email, OLD_DAYS)
        age(GRACE.email, OLD_DAYS)
    return {
        "augusta": augusta, "grace": grace, "linus": linus, "rejected": rejected, "duplicate": duplicate,
        "recent_rejected": recent_rejected, "waiting_event": waiting.id,
    }  # fmt: skip


def everything_erasure_touches() -> tuple[object, ...]:
    return (
        sorted(Customer.objects.values_list()),
        sorted(Delivery.objects.values_list()),
        sorted(DownloadToken.objects.values_list()),
        sorted(Download.objects.values_list()),
        sorted(WebhookCall.objects.values_list()),
        sorted(OutboxEvent.objects.values_list()),
        DeliveryEvent.objects.count(),
        AuditEntry.objects.count(),
    )


def customer(email_or_id: str | UUID) -> Customer:
    if isinstance(email_or_id, UUID):
        return Customer.objects.get(id=email_or_id)
    return Customer.objects.get(email=email_or_id)


# --- pseudonyms --------------------------------------------------------------------------------------


def test_pseudonyms_are_stable_distinct_and_keyed_per_store(tenant_a, tenant_b):
    with in_schema(tenant_a):
        first = retention.email_pseudonym("Ada@Example.com ")
        again = retention.email_pseudonym("ada@example.com")
        other = retention.email_pseudonym("grace@example.com")
        ip = retention.ip_pseudonym("203.0.113.9")
        ip_again = retention.ip_pseudonym("203.0.113.9")
        ip_other = retention.ip_pseudonym("203.0.113.10")
        ip_v6 = retention.ip_pseudonym("2001:DB8::1")
    with in_schema(tenant_b):
        elsewhere = retention.email_pseudonym("ada@example.com")
        ip_elsewhere = retention.ip_pseudonym("203.0.113.9")

    assert PSEUDONYM.match(first)
    assert first == again
    assert len({first, other, elsewhere}) == 3
    assert ip == ip_again
    assert len({ip, ip_other, ip_elsewhere, ip_v6}) == 4
    assert all(ipaddress.ip_address(p) in NETWORK for p in (ip, ip_other, ip_elsewhere, ip_v6))


# --- the periodic job --------------------------------------------------------------------------------


def test_expired_customers_lose_every_pii_column_and_nothing_old_stays_readable(history, tenant_a):
    augusta, grace, linus = history["augusta"], history["grace"], history["linus"]
    with in_schema(tenant_a):
        assert readable(tenant_a, [*AUGUSTA.pii(), *GRACE.pii(), REJECTED_EMAIL, *OLD_WEBHOOK_IPS]) != []

        redact_expired_pii.fn()

        redacted = [customer(augusta[0].customer_id), customer(grace.customer_id)]
        assert [(c.first_name, c.last_name, c.phone, c.klaviyo_profile_id, c.external_id) for c in redacted] == [
            ("", "", "", "", "")
        ] * 2
        assert all(PSEUDONYM.match(c.email) and c.redacted_at is not None for c in redacted)
        assert redacted[0].email != redacted[1].email
        receipts = WebhookCall.objects.filter(id__in=[augusta[0].id, augusta[1].id, grace.id])
        assert list(receipts.values_list("payload", "remote_ip")) == [(None, None)] * 3
        old_downloads = Download.objects.exclude(token__delivery=linus)
        assert old_downloads.count() == 4
        assert {d.user_agent for d in old_downloads} == {""}
        assert all(ipaddress.ip_address(d.ip) in NETWORK for d in old_downloads)
        old_tokens = DownloadToken.objects.exclude(delivery=linus)
        assert sorted(len(t.ips_seen) for t in old_tokens) == [0, 1, 2]
        assert all(ipaddress.ip_address(ip) in NETWORK for t in old_tokens for ip in t.ips_seen)
        finished = OutboxEvent.objects.filter(delivery_id__in=[augusta[0].id, augusta[1].id, grace.id]).exclude(
            id=history["waiting_event"]
        )
        assert finished.count() == 7  # 3 Ready, 3 of 4 Completed, All Files Downloaded
        assert all((e.profile, e.properties) == (retention.REDACTED_PROFILE, {}) for e in finished)
        assert finished.get(state="failed").last_error == "Klaviyo answered 400: [email] is not valid."
        rejected = WebhookCall.objects.get(id=history["rejected"].id)
        assert (rejected.payload, rejected.remote_ip, rejected.error_message) == (
            None, None, retention.REDACTED_INVALID_EMAIL_MESSAGE,
        )  # fmt: skip
        assert WebhookCall.objects.get(id=history["duplicate"].id).remote_ip is None
        # Only what is still on its way keeps the address it must be sent to (until it is sent).
        waiting = OutboxEvent.objects.get(id=history["waiting_event"])
        assert waiting.profile["email"] == AUGUSTA.email
        OutboxEvent.objects.filter(id=waiting.id).update(profile=retention.REDACTED_PROFILE)
        assert readable(tenant_a, [*AUGUSTA.pii(), *GRACE.pii(), REJECTED_EMAIL, *OLD_WEBHOOK_IPS]) == []
        # The support console's cross-store index (public schema) forgets the address's hash too.
        index = dict(DeliveryIndex.objects.values_list("delivery_id", "email_hash"))
        assert [index[d.id] for d in [*augusta, grace]] == ["", "", ""]
        assert len(index[linus.id]) == 64
        assert readable(tenant_a, [*LINUS.pii(), "192.0.2.202", "192.0.2.203", "linus@recent"]) == [
            *LINUS.pii(), "192.0.2.202", "192.0.2.203", "linus@recent",
        ]  # fmt: skip


def test_counts_statuses_and_analytics_are_the_same_before_and_after(history, tenant_a):
    with in_schema(tenant_a):
        before = counts_snapshot()

        result = retention.redact_expired_pii()

        after = counts_snapshot()
    assert (result.customers, result.merged, result.webhook_calls, result.complete) == (2, 0, 2, True)
    assert after == before
    assert before["analytics"]["deliveries_total"] == 4
    assert sum(day["count"] for day in before["analytics"]["downloads_per_day"]) == 5


def test_recent_or_still_active_customers_are_untouched(history, tenant_a, bundle_a, owner_a):
    with in_schema(tenant_a):
        # Old, but a second delivery is recent: not half-erased.
        mixed = delivery_for(bundle_a, email="mixed@example.com")
        age("mixed@example.com", OLD_DAYS)
        delivery_for(bundle_a, email="mixed@example.com")
        # Old, but the link still works (extended): downloads and `Alva Token Expired` are still to come.
        delivery_for(bundle_a, email="live.link@example.com")
        age("live.link@example.com", OLD_DAYS, live_token=True)
        # Old, but the merchant never decided: approving it later must reach Klaviyo with the real address.
        delivery_for(bundle_a, email="waiting@mailinator.com")
        age("waiting@mailinator.com", OLD_DAYS)
        # Old, but downloaded within the period.
        downloader = delivery_for(bundle_a, email="downloader@example.com")
    download(tenant_a, downloader, LINUS, "192.0.2.99")
    with in_schema(tenant_a):
        age("downloader@example.com", OLD_DAYS)
        Download.objects.filter(token__delivery=downloader).update(created_at=timezone.now() - timedelta(days=2))
        kept = ["mixed@example.com", "live.link@example.com", "waiting@mailinator.com", "downloader@example.com"]
        rows = lambda: sorted(Customer.objects.filter(email__in=[*kept, LINUS.email]).values_list())  # noqa: E731
        receipts = lambda: sorted(  # noqa: E731
            WebhookCall.objects.filter(delivery__customer__email__in=[*kept, LINUS.email]).values_list()
        )
        before, receipts_before = rows(), receipts()

        result = retention.redact_expired_pii()

        assert result.customers == 2  # Augusta and Grace only
        assert rows() == before
        assert receipts() == receipts_before
        assert Customer.objects.get(id=mixed.customer_id).redacted_at is None
        assert Download.objects.get(token__delivery=downloader).user_agent == LINUS.user_agent


def test_a_second_run_changes_nothing_and_batches_cover_everyone(history, tenant_a, bundle_a):
    with in_schema(tenant_a):
        # The oldest customer is still active (a live link): batches step over it, not stop at it.
        delivery_for(bundle_a, email="oldest.active@example.com")
        age("oldest.active@example.com", OLD_DAYS + 50, live_token=True)
        first = retention.redact_expired_pii(batch_size=1)
        state = sorted(Customer.objects.values_list())
        outbox_state = sorted(OutboxEvent.objects.values_list("id", "profile", "updated_at"))

        second = retention.redact_expired_pii(batch_size=1)

        assert (first.customers, first.webhook_calls) == (2, 2)
        assert (second.customers, second.merged, second.outbox_events, second.webhook_calls) == (0, 0, 0, 0)
        assert sorted(Customer.objects.values_list()) == state
        assert sorted(OutboxEvent.objects.values_list("id", "profile", "updated_at")) == outbox_state


def test_a_run_out_of_time_stops_between_batches_and_the_next_run_carries_on(history, tenant_a):
    with in_schema(tenant_a):
        cut_short = retention.redact_expired_pii(batch_size=1, time_budget_seconds=0)
        assert (cut_short.customers, cut_short.complete) == (1, False)

        rest = retention.redact_expired_pii(batch_size=1)

        assert (rest.customers, rest.webhook_calls, rest.complete) == (1, 2, True)
        assert Customer.objects.filter(redacted_at__isnull=False).count() == 2


def test_an_event_sent_after_its_customer_was_redacted_is_redacted_by_the_next_run(history, tenant_a):
    with in_schema(tenant_a):
        retention.redact_expired_pii()
        OutboxEvent.objects.filter(id=history["waiting_event"]).update(state=OutboxEvent.State.SENT)

        result = retention.redact_expired_pii()

        event = OutboxEvent.objects.get(id=history["waiting_event"])
    assert result.outbox_events == 1
    assert (event.profile, event.properties) == (retention.REDACTED_PROFILE, {})


def test_a_returning_customer_keeps_one_pseudonym_and_all_their_deliveries(history, tenant_a, bundle_a):
    with in_schema(tenant_a):
        retention.redact_expired_pii()
        first_pass = customer(history["augusta"][0].customer_id)
        # The same address comes back after its redaction, then goes quiet for the period again.
        comeback = delivery_for(bundle_a, email=AUGUSTA.email, **AUGUSTA.body())
        assert comeback.customer_id != first_pass.id
        age(AUGUSTA.email, 100)

        result = retention.redact_expired_pii()

        merged = Customer.objects.get(email=first_pass.email)
        assert result.merged == 1
        assert merged.id == comeback.customer_id
        assert merged.created_at == first_pass.created_at
        assert not Customer.objects.filter(id=first_pass.id).exists()
        assert sorted(merged.deliveries.values_list("id", flat=True)) == sorted(
            [history["augusta"][0].id, history["augusta"][1].id, comeback.id]
        )
        assert Customer.objects.filter(email__endswith="@redacted.invalid").count() == 2


def test_an_accepted_call_not_yet_processed_keeps_its_payload(tenant_a, bundle_a):
    with in_schema(tenant_a):
        call = WebhookCall.objects.create(
            slug=bundle_a.webhook_slug, bundle=bundle_a, outcome="accepted", status_code=202, idempotency_key="k1",
            payload={"email": "stuck@example.com"}, remote_ip="192.0.2.9",
        )  # fmt: skip
        WebhookCall.objects.filter(id=call.id).update(received_at=timezone.now() - timedelta(days=OLD_DAYS))

        retention.redact_expired_pii()

        call.refresh_from_db()
    assert (call.payload, call.remote_ip) == ({"email": "stuck@example.com"}, "192.0.2.9")


def test_the_period_is_the_store_setting(history, tenant_a, make_member):
    admin = make_member(tenant_a, Role.ADMIN).client()
    with in_schema(tenant_a):
        age(LINUS.email, 10)
        assert retention.redact_expired_pii().customers == 2  # 90 days: Linus (10 days) stays

    response = admin.put(
        "/api/v1/settings/store",
        {"retention_days": 7, "support_email": "", "brand_color": "#4f46e5"},
        content_type="application/json",
    )

    assert response.status_code == 200
    with in_schema(tenant_a):
        assert retention.redact_expired_pii().customers == 1
        assert PSEUDONYM.match(Customer.objects.get(id=history["linus"].customer_id).email)


# --- the actor, in its store -------------------------------------------------------------------------


def test_the_actor_runs_in_the_schema_it_is_given_and_touches_no_other_store(history, tenant_a, tenant_b):
    with in_schema(tenant_b):
        bundle_b = ready_bundle(tenant_b.schema_name)
        delivery_for(bundle_b, email=AUGUSTA.email, **AUGUSTA.body())
        age(AUGUSTA.email, OLD_DAYS)

    with in_schema(tenant_a):
        redact_expired_pii.fn()
        assert Customer.objects.filter(redacted_at__isnull=False).count() == 2

    with in_schema(tenant_b):
        assert Customer.objects.get().email == AUGUSTA.email
        redact_expired_pii.fn()
        assert PSEUDONYM.match(Customer.objects.get().email)


def test_fan_out_sends_the_job_into_every_active_store(tenant_a, tenant_b):
    active = set(Tenant.objects.filter(status=Tenant.Status.ACTIVE).values_list("schema_name", flat=True))

    sent = periodic.fan_out("redact-expired-pii")

    raw = get_redis().hvals("dramatiq:ingest.msgs")
    messages = [m for m in map(json.loads, raw) if m["actor_name"] == "deliveries.redact_expired_pii"]
    assert sent == len(active) == len(messages)
    assert {m["options"]["tenant_schema"] for m in messages} == active
    assert {tenant_a.schema_name, tenant_b.schema_name} <= active
    assert redact_expired_pii.queue_name == "ingest"
    assert redact_expired_pii.options["tenant_scoped"] is True


# --- erasure on request ------------------------------------------------------------------------------


def test_admin_erases_a_customer_now_links_die_and_it_is_audited(history, tenant_a, bundle_a, make_member):
    admin = make_member(tenant_a, Role.ADMIN)
    linus = history["linus"]
    path = page_path(tenant_a, linus)
    with in_schema(tenant_a):
        pending = delivery_for(bundle_a, email=LINUS.email, decide=False)
        unsent = OutboxEvent.objects.filter(delivery_id=linus.id, state="pending").count()
        before = counts_snapshot()
    assert store_client(tenant_a).get(path).status_code == 200

    response = admin.client().delete(f"/api/v1/customers/{linus.customer_id}")

    body = response.json()
    assert response.status_code == 200
    assert PSEUDONYM.match(body["email"])
    assert {k: body[k] for k in ("customer_id", "already_erased", "deliveries", "deliveries_revoked",
                                 "tokens_revoked", "klaviyo_events_cancelled")} == {
        "customer_id": str(linus.customer_id), "already_erased": False, "deliveries": 2, "deliveries_revoked": 1,
        "tokens_revoked": 1, "klaviyo_events_cancelled": unsent,
    }  # fmt: skip
    assert unsent == 2  # Download Ready and Download Completed had not been sent yet
    assert store_client(tenant_a).get(path).status_code == 403
    with in_schema(tenant_a):
        assert readable(tenant_a, [*LINUS.pii(), "192.0.2.202"]) == []
        assert Delivery.objects.get(id=pending.id).status == "Revoked"
        index = DeliveryIndex.objects.filter(delivery_id__in=[linus.id, pending.id])
        assert sorted(index.values_list("status", "email_hash")) == [("Downloaded", ""), ("Revoked", "")]
        assert Delivery.objects.get(id=linus.id).status == "Downloaded"
        events = DeliveryEvent.objects.filter(kind="privacy", delivery__customer_id=linus.customer_id)
        assert sorted((e.delivery_id, e.actor) for e in events) == sorted(
            [(linus.id, admin.user.email), (pending.id, admin.user.email)]
        )
        [audit] = AuditEntry.objects.filter(action="customer.erase")
        assert (audit.actor, audit.detail["customer_id"], audit.detail["tokens_revoked"]) == (
            admin.user.email, str(linus.customer_id), 1,
        )  # fmt: skip
        assert OutboxEvent.objects.filter(delivery_id=linus.id).exclude(profile=retention.REDACTED_PROFILE).count() == 0
        after = counts_snapshot()
        # Augusta and Grace were not asked about; Linus's counts stay (his undecided delivery is now Revoked).
        assert after["analytics"]["downloads_per_day"] == before["analytics"]["downloads_per_day"]
        assert after["customers"] == before["customers"]
        assert Customer.objects.filter(redacted_at__isnull=False).count() == 1


def test_erasure_is_idempotent(history, tenant_a, owner_a):
    client = owner_a.client()
    linus = history["linus"]
    first = client.delete(f"/api/v1/customers/{linus.customer_id}").json()
    with in_schema(tenant_a):
        state = everything_erasure_touches()

    again = client.delete(f"/api/v1/customers/{linus.customer_id}")

    assert again.status_code == 200
    assert again.json() == {
        **first, "already_erased": True, "deliveries_revoked": 0, "tokens_revoked": 0, "klaviyo_events_cancelled": 0,
    }  # fmt: skip
    with in_schema(tenant_a):
        assert everything_erasure_touches() == state


def test_a_customer_redacted_by_the_job_can_still_be_erased_on_request(history, tenant_a, owner_a):
    with in_schema(tenant_a):
        retention.redact_expired_pii()
        pseudonym = customer(history["grace"].customer_id).email

    response = owner_a.client().delete(f"/api/v1/customers/{history['grace'].customer_id}")

    assert response.status_code == 200
    assert (response.json()["email"], response.json()["already_erased"]) == (pseudonym, False)
    with in_schema(tenant_a):
        assert AuditEntry.objects.filter(action="customer.erase").count() == 1


def test_a_member_cannot_erase_and_nothing_changes(history, tenant_a, make_member):
    member = make_member(tenant_a, Role.MEMBER).client()
    linus = history["linus"]
    path = page_path(tenant_a, linus)
    with in_schema(tenant_a):
        before = everything_erasure_touches()

    response = member.delete(f"/api/v1/customers/{linus.customer_id}")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    with in_schema(tenant_a):
        assert everything_erasure_touches() == before
    assert store_client(tenant_a).get(path).status_code == 200


def test_another_stores_customer_is_not_found(tenant_a, tenant_b, owner_a):
    with in_schema(tenant_b):
        b_customer = delivery_for(ready_bundle(tenant_b.schema_name), email=LINUS.email).customer

    response = owner_a.client().delete(f"/api/v1/customers/{b_customer.id}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    with in_schema(tenant_b):
        assert list(Customer.objects.values_list("id", "email", "redacted_at")) == [(b_customer.id, LINUS.email, None)]
        assert AuditEntry.objects.count() == 0
    with in_schema(tenant_a):
        assert AuditEntry.objects.count() == 0


def test_actions_that_would_reach_klaviyo_refuse_a_redacted_customer(history, tenant_a, owner_a):
    client = owner_a.client()
    grace = history["grace"]
    with in_schema(tenant_a):
        retention.redact_expired_pii()
        events_before = OutboxEvent.objects.count()

    refused = [client.post(f"/api/v1/deliveries/{grace.id}/{action}") for action in ("resend", "block", "approve")]
    extend = client.post(f"/api/v1/deliveries/{grace.id}/extend", {"days": 3}, content_type="application/json")

    assert {(r.status_code, r.json()["error"]["code"]) for r in [*refused, extend]} == {(409, "customer_redacted")}
    with in_schema(tenant_a):
        assert OutboxEvent.objects.count() == events_before
    assert client.get(f"/api/v1/customers/{grace.customer_id}").json()["redacted_at"] is not None
