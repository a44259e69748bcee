"""Stores in the console: search, sort and pages over every store; one store's health in numbers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from alva.accounts.models import Membership, Role, User
from alva.billing.models import Plan, StorageUsage, Subscription, UsageCounter
from alva.billing.selectors import billing_period
from alva.core.tenancy import current_schema
from alva.core.testing import in_schema
from alva.ingest.models import WebhookCall
from alva.klaviyo.models import KlaviyoConnection, OutboxEvent
from alva.support.cross_tenant import CrossTenantMisuse, in_tenant_schema_for_support
from alva.tenants.models import Tenant
from tests.pipeline import ready_bundle

TENANTS = "/api/support/v1/tenants"


@pytest.fixture
def shops(db, tenant_a, tenant_b):
    """Three more stores (rows only: listing needs no schema), with owners, on top of alpha and beta."""
    made = []
    base = timezone.now() - timedelta(days=30)
    for index, (subdomain, name, status) in enumerate(
        [("candle-co", "Candle Co", "active"), ("zebra-prints", "Zebra Prints", "suspended"),
         ("apex-audio", "apex audio", "active")]
    ):  # fmt: skip
        tenant = Tenant.objects.bulk_create(
            [Tenant(schema_name=f"t_rows_{index}", subdomain=subdomain, name=name, status=status)]
        )[0]
        Tenant.objects.filter(id=tenant.id).update(created_at=base + timedelta(days=index))
        owner = User.objects.create_user(f"owner@{subdomain}.example.com", "owner-password-1")
        Membership.objects.create(user=owner, tenant=tenant, role=Role.OWNER)
        made.append(tenant)
    return made


def names(response):
    assert response.status_code == 200, response.content
    return [item["subdomain"] for item in response.json()["items"]]


def test_list_pages_through_every_store_but_spares(staff_client, shops):
    first = staff_client.get(TENANTS, {"sort": "name", "page_size": 2})
    second = staff_client.get(TENANTS, {"sort": "name", "page_size": 2, "page": 2})
    third = staff_client.get(TENANTS, {"sort": "name", "page_size": 2, "page": 3})

    assert first.json()["count"] == 5
    assert names(first) + names(second) + names(third) == ["alpha", "apex-audio", "beta", "candle-co", "zebra-prints"]
    assert Tenant.objects.filter(status="spare").exists()


def test_list_item_shape(staff_client, shops):
    [item] = staff_client.get(TENANTS, {"search": "candle"}).json()["items"]

    assert item == {
        "id": shops[0].id,
        "name": "Candle Co",
        "subdomain": "candle-co",
        "status": "active",
        "created_at": item["created_at"],
        "owner_email": "owner@candle-co.example.com",
        "plan_code": "free",
    }


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ZEBRA", ["zebra-prints"]),  # name, any case
        ("apex-aud", ["apex-audio"]),  # subdomain
        ("owner@candle-co", ["candle-co"]),  # owner email
        ("example.com", ["apex-audio", "zebra-prints", "candle-co"]),  # every owner
        ("  candle  ", ["candle-co"]),
        ("no-such-store", []),
    ],
)
def test_search_by_name_subdomain_or_owner_email(staff_client, shops, search, expected):
    assert names(staff_client.get(TENANTS, {"search": search})) == expected


def test_sorts(staff_client, shops, tenant_a, tenant_b):
    # alpha and beta were made at session start, long after the rows above claim to have been created.
    def order(sort):
        return names(staff_client.get(TENANTS, {"sort": sort}))

    assert order("-created_at")[-3:] == ["apex-audio", "zebra-prints", "candle-co"]
    assert order("created_at")[:3] == ["candle-co", "zebra-prints", "apex-audio"]
    assert order("-name") == ["zebra-prints", "candle-co", "beta", "apex-audio", "alpha"]
    assert order("subdomain") == ["alpha", "apex-audio", "beta", "candle-co", "zebra-prints"]
    assert order("-subdomain") == ["zebra-prints", "candle-co", "beta", "apex-audio", "alpha"]
    assert order("status")[-1] == "zebra-prints"
    assert order("-status")[0] == "zebra-prints"


def test_filter_by_status(staff_client, shops):
    assert names(staff_client.get(TENANTS, {"status": "suspended"})) == ["zebra-prints"]


@pytest.mark.parametrize("params", [{"sort": "schema_name"}, {"page": 0}, {"page_size": 101}, {"status": "spare"}])
def test_bad_list_parameters_are_422(staff_client, params):
    response = staff_client.get(TENANTS, params)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_plan_code_comes_from_the_subscription(staff_client, tenant_a):
    Subscription.objects.create(tenant=tenant_a, plan=Plan.objects.get(code="growth"))

    [item] = staff_client.get(TENANTS, {"search": "alpha"}).json()["items"]

    assert item["plan_code"] == "growth"


# --- one store's health --------------------------------------------------------------------------


def _age(model, row_id, **delta):
    model.objects.filter(id=row_id).update(**{k: timezone.now() - v for k, v in delta.items()})


@pytest.fixture
def unhealthy_store(tenant_a, owner_a, make_member):
    """Store A with a plan, usage, bundles, a failing Klaviyo connection, webhook errors and an outbox backlog."""
    make_member(tenant_a, Role.MEMBER)
    subscription = Subscription.objects.create(
        tenant=tenant_a,
        plan=Plan.objects.get(code="starter"),
        status="active",
        current_period_start=timezone.now() - timedelta(days=3),
        current_period_end=timezone.now() + timedelta(days=27),
    )
    period = billing_period(subscription=subscription, now=timezone.now())
    UsageCounter.objects.create(tenant=tenant_a, period_start=period.start, period_end=period.end, deliveries=7)
    StorageUsage.objects.create(tenant=tenant_a, bytes=123_456)
    with in_schema(tenant_a):
        ready_bundle(tenant_a.schema_name, name="One")
        ready_bundle(tenant_a.schema_name, name="Two")
        ready_bundle(tenant_a.schema_name, name="Off", active=False)
        KlaviyoConnection.objects.create(
            mode="api_key",
            api_key_encrypted="sealed",
            account_id="ACC1",
            account_name="Alpha Shop",
            health="failing",
            last_error="Klaviyo answered 500.",
            last_error_at=timezone.now(),
        )
        for outcome, code, error in [("accepted", 202, ""), ("accepted", 202, ""), ("accepted", 202, ""),
                                     ("duplicate", 200, ""), ("rejected", 401, "bad_secret"),
                                     ("rejected", 422, "invalid_email")]:  # fmt: skip
            WebhookCall.objects.create(
                slug="s", outcome=outcome, status_code=code, error_code=error, error_message=f"{error} happened"
            )
        old = WebhookCall.objects.create(slug="s", outcome="rejected", status_code=409, error_code="bundle_inactive")
        _age(WebhookCall, old.id, received_at=timedelta(days=2))
        for state in ["pending", "pending", "sending", "waiting_for_connection", "sent", "failed", "failed"]:
            OutboxEvent.objects.create(
                metric="Alva Download Ready",
                properties={},
                profile={},
                unique_id=f"{state}-{OutboxEvent.objects.count()}",
                state=state,
            )
        stale_failure = OutboxEvent.objects.filter(state="failed").first()
        _age(OutboxEvent, stale_failure.id, updated_at=timedelta(days=3))
        oldest = OutboxEvent.objects.filter(state="pending").first()
        _age(OutboxEvent, oldest.id, created_at=timedelta(hours=5))
        oldest.refresh_from_db()
    return {"oldest_unsent_at": oldest.created_at}


def test_detail_numbers(staff_client, tenant_a, owner_a, unhealthy_store):
    response = staff_client.get(f"{TENANTS}/{tenant_a.id}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["subdomain"], body["status"], body["schema_name"]) == (
        tenant_a.id, "alpha", "active", tenant_a.schema_name,
    )  # fmt: skip
    assert body["url"] == "http://alpha.alva.localhost/"
    assert body["owners"] == [owner_a.user.email]
    assert body["member_count"] == 2
    assert {k: body["plan"][k] for k in ("code", "name", "subscription_status")} == {
        "code": "starter", "name": "Starter", "subscription_status": "active",
    }  # fmt: skip
    assert body["usage"] == {
        "deliveries": 7,
        "deliveries_limit": 1_000,
        "storage_bytes": 123_456,
        "storage_limit_bytes": 10 * 1024**3,
        "bundles": 2,
        "bundle_limit": 20,
    }
    klaviyo = body["klaviyo"]
    assert (klaviyo["mode"], klaviyo["health"], klaviyo["account_name"], klaviyo["last_error"]) == (
        "api_key", "failing", "Alpha Shop", "Klaviyo answered 500.",
    )  # fmt: skip
    webhooks = body["webhooks_24h"]
    assert (webhooks["accepted"], webhooks["duplicate"], webhooks["rejected"]) == (3, 1, 2)
    assert webhooks["reject_rate"] == round(2 / 6, 4)
    assert [(e["status_code"], e["error_code"]) for e in webhooks["last_errors"]] == [
        (422, "invalid_email"), (401, "bad_secret"),
    ]  # fmt: skip
    outbox = body["outbox"]
    assert [outbox[k] for k in ("pending", "sending", "waiting_for_connection", "failed_24h")] == [2, 1, 1, 1]
    assert outbox["oldest_unsent_at"].startswith(unhealthy_store["oldest_unsent_at"].strftime("%Y-%m-%dT%H:%M:%S"))
    # Reading the store's tables left the connection in the public schema.
    assert current_schema() == "public"


def test_detail_of_a_store_with_nothing_yet(staff_client, tenant_b):
    body = staff_client.get(f"{TENANTS}/{tenant_b.id}").json()

    assert body["plan"]["code"] == "free"
    assert body["plan"]["subscription_status"] is None
    assert body["usage"]["deliveries"] == 0
    assert body["klaviyo"]["health"] == "disconnected"
    assert body["webhooks_24h"] == {"accepted": 0, "duplicate": 0, "rejected": 0, "reject_rate": 0.0, "last_errors": []}
    assert body["outbox"]["oldest_unsent_at"] is None


def test_detail_of_a_spare_or_unknown_store_is_404(staff_client):
    spare = Tenant.objects.filter(status="spare").first()

    assert staff_client.get(f"{TENANTS}/{spare.id}").status_code == 404
    assert staff_client.get(f"{TENANTS}/999999").status_code == 404


# --- the one schema switch -----------------------------------------------------------------------


def test_the_helper_returns_to_public_even_when_the_block_fails(tenant_a):
    seen = []

    def fail_inside():
        with in_tenant_schema_for_support(tenant_a):
            seen.append(current_schema())
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail_inside()

    assert seen == [tenant_a.schema_name]

    assert current_schema() == "public"
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0].startswith("public")


def test_the_helper_refuses_to_nest_or_to_start_inside_a_store(tenant_a, tenant_b):
    with in_schema(tenant_a), pytest.raises(CrossTenantMisuse), in_tenant_schema_for_support(tenant_b):
        pass  # pragma: no cover
    with (
        in_tenant_schema_for_support(tenant_a),
        pytest.raises(CrossTenantMisuse),
        in_tenant_schema_for_support(tenant_b),
    ):
        pass  # pragma: no cover
    assert current_schema() == "public"
