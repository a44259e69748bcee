"""Closing a store cancels its Stripe subscription: at once through a message, or later through the sweeper."""

import json

import pytest

from alva.billing import services
from alva.billing.models import Subscription
from alva.billing.stripe_client import BillingUnavailable
from alva.core.redis import get_redis
from alva.tenants.models import Tenant
from alva.tenants.services import store_close

from .conftest import deliver_all, subscribe


@pytest.fixture
def subscribed(owner_client, tenant_a, stripe_standin):
    return subscribe(owner_client, stripe_standin, "growth")


def close(tenant):
    Tenant.objects.filter(pk=tenant.pk).update(status=Tenant.Status.CLOSED)


def cancel_requests(standin, subscription_id):
    return [r for r in standin.requests_to(f"/v1/subscriptions/{subscription_id}") if r.method == "DELETE"]


def queued_cancellations():
    messages = [json.loads(raw) for raw in get_redis().hvals("dramatiq:ingest.msgs")]
    return [m["args"] for m in messages if m["actor_name"] == "billing.subscription_cancel_for_closed_store"]


def test_closing_a_store_sends_the_cancellation_after_commit(tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        store_close(tenant=tenant_a)

    assert queued_cancellations() == [[tenant_a.id]]


def test_a_closed_store_is_canceled_at_stripe_and_stripes_webhook_puts_it_on_free(tenant_a, subscribed, stripe_standin):
    close(tenant_a)

    asked = services.subscription_cancel_for_closed_store(tenant_id=tenant_a.id)

    assert asked is True
    assert len(cancel_requests(stripe_standin, subscribed["id"])) == 1
    assert stripe_standin.state.subscriptions[subscribed["id"]]["status"] == "canceled"
    deleted = stripe_standin.state.events[-1]
    assert deleted["type"] == "customer.subscription.deleted"
    assert deliver_all([deleted]) == ["applied"]
    row = Subscription.objects.select_related("plan").get(tenant=tenant_a)
    assert (row.plan.code, row.status) == ("free", "canceled")


def test_a_subscription_already_canceled_at_stripe_is_not_an_error(tenant_a, subscribed, stripe_standin):
    stripe_standin.cancel_subscription(subscribed["id"])  # e.g. the owner canceled in the portal; event not yet in
    close(tenant_a)

    assert services.subscription_cancel_for_closed_store(tenant_id=tenant_a.id) is True
    assert len(cancel_requests(stripe_standin, subscribed["id"])) == 1


def test_open_or_unsubscribed_stores_ask_stripe_nothing(tenant_a, tenant_b, subscribed, stripe_standin):
    close(tenant_b)  # on Free: no Stripe subscription

    assert services.subscription_cancel_for_closed_store(tenant_id=tenant_a.id) is False  # still open
    assert services.subscription_cancel_for_closed_store(tenant_id=tenant_b.id) is False
    assert cancel_requests(stripe_standin, subscribed["id"]) == []


def test_stripe_being_down_raises_so_the_actor_retries(tenant_a, subscribed, stripe_standin):
    close(tenant_a)
    stripe_standin.inject_faults(f"/v1/subscriptions/{subscribed['id']}", [{"status": 503}], method="DELETE")

    with pytest.raises(BillingUnavailable):
        services.subscription_cancel_for_closed_store(tenant_id=tenant_a.id)
    assert stripe_standin.state.subscriptions[subscribed["id"]]["status"] == "active"


def test_the_sweeper_cancels_every_closed_store_still_billed_and_nothing_else(
    owner_client, tenant_a, subscribed, stripe_standin
):
    close(tenant_a)

    assert services.subscriptions_cancel_for_closed_stores() == 1
    deliver_all([stripe_standin.state.events[-1]])
    assert services.subscriptions_cancel_for_closed_stores() == 0
    assert len(cancel_requests(stripe_standin, subscribed["id"])) == 1
