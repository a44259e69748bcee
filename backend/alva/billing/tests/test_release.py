"""Releasing held deliveries: when a store's allowance grows, deliveries.release_plan_holds is sent into its schema."""

from datetime import UTC, datetime, timedelta

from alva.billing import services
from alva.billing.models import Subscription

from .conftest import deliver_all, queued, subscribe


def release_messages(actor) -> list[tuple[str, list, str]]:
    return [
        (m["actor_name"], m["args"], m["options"]["tenant_schema"])
        for m in queued(actor.queue_name)
        if m["actor_name"] == services.RELEASE_PLAN_HOLDS_ACTOR
    ]


def test_an_upgrade_sends_the_release_into_the_stores_schema_after_commit(
    owner_client, tenant_a, stripe_standin, release_actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        subscribe(owner_client, stripe_standin, "growth")
        assert release_messages(release_actor) == []
    for callback in callbacks:
        callback()

    assert release_messages(release_actor) == [
        (services.RELEASE_PLAN_HOLDS_ACTOR, ["plan_upgraded"], tenant_a.schema_name)
    ]


def test_a_change_to_a_bigger_plan_releases_again(
    owner_client, tenant_a, stripe_standin, release_actor, django_capture_on_commit_callbacks
):
    subscription = subscribe(owner_client, stripe_standin, "starter")

    with django_capture_on_commit_callbacks(execute=True):
        deliver_all([stripe_standin.update_subscription(subscription["id"], price_id="price_scale")])

    assert release_messages(release_actor) == [
        (services.RELEASE_PLAN_HOLDS_ACTOR, ["plan_upgraded"], tenant_a.schema_name)
    ]


def test_a_downgrade_or_cancellation_releases_nothing(
    owner_client, stripe_standin, release_actor, django_capture_on_commit_callbacks
):
    subscription = subscribe(owner_client, stripe_standin, "growth")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        deliver_all([stripe_standin.update_subscription(subscription["id"], price_id="price_starter")])
        deliver_all([stripe_standin.cancel_subscription(subscription["id"])])

    assert callbacks == []
    assert release_messages(release_actor) == []


def test_payment_recovered_after_the_grace_period_releases(
    owner_client, tenant_a, stripe_standin, release_actor, django_capture_on_commit_callbacks
):
    subscription = subscribe(owner_client, stripe_standin, "starter")
    deliver_all(stripe_standin.renew_subscription(subscription["id"], paid=False))
    Subscription.objects.filter(tenant=tenant_a).update(past_due_since=datetime.now(UTC) - timedelta(days=20))
    paid, _ = stripe_standin.pay_invoice(subscription["id"])
    paid["created"] += 60

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_all([paid]) == ["applied"]

    assert release_messages(release_actor) == [
        (services.RELEASE_PLAN_HOLDS_ACTOR, ["payment_recovered"], tenant_a.schema_name)
    ]


def test_a_renewal_starts_a_new_period_and_releases(
    owner_client, tenant_a, stripe_standin, release_actor, django_capture_on_commit_callbacks
):
    subscription = subscribe(owner_client, stripe_standin, "starter")
    _, updated = stripe_standin.renew_subscription(subscription["id"])

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_all([updated]) == ["applied"]

    assert release_messages(release_actor) == [
        (services.RELEASE_PLAN_HOLDS_ACTOR, ["period_renewed"], tenant_a.schema_name)
    ]


def test_a_replayed_upgrade_releases_once(
    owner_client, tenant_a, stripe_standin, release_actor, django_capture_on_commit_callbacks
):
    subscription = subscribe(owner_client, stripe_standin, "starter")
    upgrade = stripe_standin.update_subscription(subscription["id"], price_id="price_growth")

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_all([upgrade, upgrade]) == ["applied", "duplicate"]

    assert len(release_messages(release_actor)) == 1


def test_without_the_deliveries_actor_the_webhook_still_succeeds(
    owner_client, tenant_a, stripe_standin, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "RELEASE_PLAN_HOLDS_ACTOR", "deliveries.not_declared")

    with django_capture_on_commit_callbacks(execute=True):
        subscribe(owner_client, stripe_standin, "growth")

    assert Subscription.objects.get(tenant=tenant_a).plan.code == "growth"
