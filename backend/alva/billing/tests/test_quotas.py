"""Quotas: atomic per-period delivery counters, the 14-day past-due rule, storage and bundle limits, the banner."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction

from alva.billing import services
from alva.billing.models import Plan, StorageUsage, Subscription, UsageCounter
from alva.billing.selectors import Period, billing_period
from alva.catalog.models import Bundle
from alva.core.errors import ApiError
from alva.core.testing import in_schema, run_concurrently
from alva.deliveries.models import Delivery, DeliveryStatus
from alva.tenants.models import Tenant
from tests.pipeline import delivery_for, ready_bundle

GIB = 1024**3


def period_now(tenant) -> Period:
    return billing_period(subscription=Subscription.objects.filter(tenant=tenant).first(), now=datetime.now(UTC))


def counted(tenant) -> int:
    period = period_now(tenant)
    return (
        UsageCounter.objects.filter(tenant=tenant, period_start=period.start)
        .values_list("deliveries", flat=True)
        .first()
        or 0
    )


def set_counter(tenant, deliveries: int) -> None:
    period = period_now(tenant)
    UsageCounter.objects.update_or_create(
        tenant=tenant, period_start=period.start, defaults={"period_end": period.end, "deliveries": deliveries}
    )


def put_on(tenant, code: str, **fields) -> Subscription:
    row, _ = Subscription.objects.update_or_create(
        tenant=tenant, defaults={"plan": Plan.objects.get(code=code), **fields}
    )
    return row


def consume(tenant, *, is_test=False) -> bool:
    return services.delivery_quota_consume(tenant_id=tenant.id, is_test=is_test)


# --- deliveries ----------------------------------------------------------------------------------


def test_each_delivery_is_counted_once_in_the_current_period(tenant_a):
    results = [consume(tenant_a) for _ in range(3)]

    assert results == [True, True, True]
    counter = UsageCounter.objects.get(tenant=tenant_a)
    period = period_now(tenant_a)
    assert (counter.deliveries, counter.period_start, counter.period_end) == (3, period.start, period.end)


def test_the_pipeline_counts_from_inside_the_stores_schema(tenant_a):
    # Workers call in with the store's schema active: the public billing tables are found on the search_path.
    with in_schema(tenant_a):
        assert [consume(tenant_a), consume(tenant_a)] == [True, True]

    assert counted(tenant_a) == 2


def test_test_deliveries_are_neither_counted_nor_held(tenant_a):
    set_counter(tenant_a, 100)

    assert consume(tenant_a, is_test=True) is True
    assert counted(tenant_a) == 100


def test_the_free_quota_stops_at_100(tenant_a):
    set_counter(tenant_a, 99)

    assert [consume(tenant_a), consume(tenant_a), consume(tenant_a)] == [True, False, False]
    assert counted(tenant_a) == 100


def test_the_quota_is_the_stores_plan(tenant_a):
    now = datetime.now(UTC)
    put_on(
        tenant_a, "starter", current_period_start=now - timedelta(days=3), current_period_end=now + timedelta(days=27)
    )
    set_counter(tenant_a, 999)

    assert [consume(tenant_a), consume(tenant_a)] == [True, False]
    assert UsageCounter.objects.get(tenant=tenant_a).period_start == now - timedelta(days=3)


def test_stores_count_separately(tenant_a, tenant_b):
    set_counter(tenant_a, 100)

    assert consume(tenant_b) is True
    assert (counted(tenant_a), counted(tenant_b)) == (100, 1)


def test_a_free_store_counts_per_calendar_month():
    period = billing_period(subscription=None, now=datetime(2026, 1, 31, 23, 59, tzinfo=UTC))

    assert period == Period(start=datetime(2026, 1, 1, tzinfo=UTC), end=datetime(2026, 2, 1, tzinfo=UTC))


def test_a_late_renewal_webhook_does_not_stop_the_period_from_rolling_on(db, tenant_a):
    row = put_on(
        tenant_a,
        "starter",
        current_period_start=datetime(2026, 1, 31, 12, tzinfo=UTC),
        current_period_end=datetime(2026, 2, 28, 12, tzinfo=UTC),
    )

    period = billing_period(subscription=row, now=datetime(2026, 3, 5, tzinfo=UTC))

    assert period == Period(start=datetime(2026, 2, 28, 12, tzinfo=UTC), end=datetime(2026, 3, 31, 12, tzinfo=UTC))


@pytest.mark.parametrize(("days", "allowed"), [(13, True), (15, False)])
def test_past_due_for_more_than_14_days_holds_deliveries(tenant_a, days, allowed):
    put_on(tenant_a, "starter", status="past_due", past_due_since=datetime.now(UTC) - timedelta(days=days))

    assert consume(tenant_a) is allowed
    assert counted(tenant_a) == (1 if allowed else 0)


def test_a_canceled_store_is_counted_on_free(tenant_a):
    put_on(tenant_a, "free", status="canceled")
    set_counter(tenant_a, 100)

    assert consume(tenant_a) is False


def test_a_rolled_back_decision_uncounts_its_delivery(tenant_a):
    def decide_then_fail() -> None:
        with transaction.atomic():
            assert consume(tenant_a) is True
            raise RuntimeError("the pipeline failed after counting")

    with pytest.raises(RuntimeError):
        decide_then_fail()

    assert counted(tenant_a) == 0


# --- concurrency, on committed data and real connections ------------------------------------------


@pytest.fixture
def committed_tenant(django_db_setup, django_db_blocker) -> Iterator[Tenant]:
    """The session's store "beta" (committed); whatever billing rows the test commits are removed after."""
    with django_db_blocker.unblock():
        tenant = Tenant.objects.get(subdomain="beta")
    yield tenant
    with django_db_blocker.unblock():
        UsageCounter.objects.filter(tenant=tenant).delete()
        StorageUsage.objects.filter(tenant=tenant).delete()
        Subscription.objects.filter(tenant=tenant).delete()


def test_concurrent_deliveries_never_pass_the_quota(committed_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        set_counter(committed_tenant, 90)
        results = run_concurrently([lambda: consume(committed_tenant) for _ in range(25)])
        final = counted(committed_tenant)

    assert results.count(True) == 10
    assert results.count(False) == 15
    assert final == 100


def test_concurrent_first_deliveries_of_a_period_create_one_counter(committed_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        results = run_concurrently([lambda: consume(committed_tenant) for _ in range(12)])
        counters = list(UsageCounter.objects.filter(tenant=committed_tenant).values_list("deliveries", flat=True))

    assert results == [True] * 12
    assert counters == [12]


def test_concurrent_uploads_never_pass_the_storage_quota(committed_tenant, django_db_blocker):
    def store_300_mib() -> object:
        return services.storage_usage_adjust(
            tenant_id=committed_tenant.id, delta_bytes=300 * 1024**2, enforce_quota=True
        )

    with django_db_blocker.unblock():
        results = run_concurrently([store_300_mib for _ in range(6)])
        final = StorageUsage.objects.get(tenant=committed_tenant).bytes

    refused = [r for r in results if isinstance(r, ApiError)]
    assert len(refused) == 3
    assert {r.code for r in refused} == {"storage_quota_exceeded"}
    assert final == 900 * 1024**2


# --- storage -------------------------------------------------------------------------------------


def test_storage_is_adjusted_in_both_directions_and_never_below_zero(tenant_a):
    assert services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=500) == 500
    assert services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=-200) == 300
    assert services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=-1_000) == 0


def test_an_upload_that_fits_passes_the_check(tenant_a):
    services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=GIB - 10)

    services.storage_quota_check(tenant_id=tenant_a.id, additional_bytes=10)


def test_an_upload_that_does_not_fit_is_a_402(tenant_a):
    services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=GIB - 10)

    with pytest.raises(ApiError) as caught:
        services.storage_quota_check(tenant_id=tenant_a.id, additional_bytes=11)

    assert (caught.value.status, caught.value.code) == (402, "storage_quota_exceeded")
    assert "1.0 GB" in caught.value.message
    assert StorageUsage.objects.get(tenant=tenant_a).bytes == GIB - 10


def test_an_enforced_increase_past_the_quota_changes_nothing(tenant_a):
    services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=GIB)

    with pytest.raises(ApiError) as caught:
        services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=1, enforce_quota=True)

    assert caught.value.code == "storage_quota_exceeded"
    assert StorageUsage.objects.get(tenant=tenant_a).bytes == GIB
    # Deleting always works, over quota or not.
    assert services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=-GIB, enforce_quota=True) == 0


def test_a_bigger_plan_has_more_storage(tenant_a):
    put_on(tenant_a, "growth")

    services.storage_quota_check(tenant_id=tenant_a.id, additional_bytes=100 * GIB)
    with pytest.raises(ApiError):
        services.storage_quota_check(tenant_id=tenant_a.id, additional_bytes=100 * GIB + 1)


# --- bundles -------------------------------------------------------------------------------------


def make_bundles(tenant, count: int, *, active: bool = True) -> None:
    with in_schema(tenant):
        for index in range(count):
            Bundle.objects.create(name=f"Bundle {index}", active=active)


def test_free_allows_three_active_bundles(tenant_a):
    make_bundles(tenant_a, 2)
    make_bundles(tenant_a, 4, active=False)

    with in_schema(tenant_a):
        services.bundle_limit_check(tenant_id=tenant_a.id)
        Bundle.objects.create(name="Third")
        with pytest.raises(ApiError) as caught:
            services.bundle_limit_check(tenant_id=tenant_a.id)

    assert (caught.value.status, caught.value.code) == (402, "bundle_limit_reached")


def test_the_bundle_limit_is_counted_in_the_stores_own_schema_only(tenant_a, tenant_b):
    make_bundles(tenant_b, 3)

    with in_schema(tenant_a):
        services.bundle_limit_check(tenant_id=tenant_a.id)
        with pytest.raises(RuntimeError, match="own schema"):
            services.bundle_limit_check(tenant_id=tenant_b.id)


def test_the_bundle_limit_check_must_share_the_creating_transaction(committed_tenant, django_db_blocker):
    # Outside a transaction the lock would end with its own statement and two creations could both pass.
    with django_db_blocker.unblock(), in_schema(committed_tenant), pytest.raises(RuntimeError, match="inside the"):
        services.bundle_limit_check(tenant_id=committed_tenant.id)


# --- the banner ----------------------------------------------------------------------------------


def test_the_billing_page_shows_usage_and_over_quota_flags(owner_client, tenant_a):
    set_counter(tenant_a, 100)
    services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=GIB)
    make_bundles(tenant_a, 2)
    make_bundles(tenant_a, 1, active=False)

    body = owner_client.get("/api/v1/billing").json()

    assert body["usage"] == {"deliveries": 100, "storage_bytes": GIB, "bundles": 2}
    assert body["over_quota"] == {"deliveries": True, "storage": True}


def test_under_the_quotas_no_banner(owner_client, tenant_a):
    set_counter(tenant_a, 99)
    services.storage_usage_adjust(tenant_id=tenant_a.id, delta_bytes=GIB - 1)

    body = owner_client.get("/api/v1/billing").json()

    assert body["over_quota"] == {"deliveries": False, "storage": False}


def test_the_banner_counts_the_deliveries_held_for_the_plan_in_this_store_only(
    owner_client, owner_b, tenant_a, tenant_b
):
    set_counter(tenant_a, 100)
    set_counter(tenant_b, 100)
    with in_schema(tenant_a):
        bundle = ready_bundle(tenant_a.schema_name)
        held = [delivery_for(bundle, email=f"late{n}@example.com") for n in range(2)]
        # In review for another reason: not the plan's doing, so not counted.
        reviewed = delivery_for(bundle, email="review@example.com")
        Delivery.objects.filter(id=reviewed.id).update(fraud_signals=[])
    with in_schema(tenant_b):
        delivery_for(ready_bundle(tenant_b.schema_name), email="late@example.com")

    mine = owner_client.get("/api/v1/billing").json()
    theirs = owner_b.client().get("/api/v1/billing").json()

    assert [d.status for d in held] == [DeliveryStatus.PENDING_REVIEW] * 2
    assert (mine["over_quota"]["deliveries"], mine["deliveries_held"]) == (True, 2)
    assert theirs["deliveries_held"] == 1


def test_past_due_shows_when_deliveries_start_being_held(owner_client, tenant_a):
    since = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)
    put_on(tenant_a, "starter", status=Subscription.Status.PAST_DUE, past_due_since=since)

    body = owner_client.get("/api/v1/billing").json()

    assert body["status"] == "past_due"
    assert body["payment_hold_starts_at"] == "2030-01-24T12:00:00Z"
    assert body["deliveries_held_for_payment"] is False


def test_no_hold_date_while_paid_up(owner_client, tenant_a):
    put_on(tenant_a, "starter", status=Subscription.Status.ACTIVE, past_due_since=None)

    assert owner_client.get("/api/v1/billing").json()["payment_hold_starts_at"] is None
