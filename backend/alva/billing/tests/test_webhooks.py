"""POST /webhooks/stripe: signatures checked for real, events deduplicated by id, the plan and status follow Stripe."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from alva.billing.models import Plan, StripeEvent, Subscription
from alva.core.testing import public_client

from .conftest import deliver_all, post_event, subscribe


def state_of(tenant):
    row = Subscription.objects.select_related("plan").get(tenant=tenant)
    return row.plan.code, row.status


def at(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


@pytest.fixture
def subscribed(owner_client, tenant_a, stripe_standin):
    """Store A on Starter through a real Checkout on the stand-in; yields the Stripe subscription."""
    return subscribe(owner_client, stripe_standin, "starter")


# --- signatures ----------------------------------------------------------------------------------


def test_a_signed_event_is_applied(tenant_a, subscribed):
    row = Subscription.objects.get(tenant=tenant_a)
    item = subscribed["items"]["data"][0]

    assert state_of(tenant_a) == ("starter", "active")
    assert row.stripe_subscription_id == subscribed["id"]
    assert row.stripe_customer_id == subscribed["customer"]
    assert row.stripe_price_id == "price_starter"
    assert (row.current_period_start, row.current_period_end) == (
        at(item["current_period_start"]),
        at(item["current_period_end"]),
    )
    assert row.past_due_since is None
    assert sorted(StripeEvent.objects.values_list("type", "outcome", "tenant_id")) == [
        ("checkout.session.completed", "applied", tenant_a.id),
        ("customer.subscription.created", "applied", tenant_a.id),
        ("invoice.paid", "applied", tenant_a.id),
    ]


@pytest.mark.parametrize(
    ("secret", "signature"),
    [
        ("whsec_someone_else", None),  # signed with another secret
        ("whsec_standin", ""),  # no Stripe-Signature header
        ("whsec_standin", "t=1,v1=deadbeef"),  # a made-up header
        ("whsec_standin", "garbage"),
    ],
    ids=["wrong-secret", "missing", "forged", "malformed"],
)
def test_a_bad_or_missing_signature_is_a_400_and_does_nothing(tenant_a, stripe_standin, secret, signature):
    event = stripe_standin.event("customer.subscription.deleted", {"id": "sub_x", "customer": "cus_x"})

    response = post_event(event, secret=secret, signature=signature)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_signature"
    assert StripeEvent.objects.count() == 0


def test_a_tampered_body_fails_the_signature(stripe_standin, db):
    event = stripe_standin.event("invoice.paid", {"id": "in_1", "customer": "cus_1"})
    body, header = stripe_standin.signed(event)
    tampered = body.replace(b"cus_1", b"cus_2")

    response = public_client().post(
        "/webhooks/stripe", data=tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_an_old_signature_is_refused_as_a_replay_of_a_captured_request(stripe_standin, db):
    event = stripe_standin.event("invoice.paid", {"id": "in_1", "customer": "cus_1"})

    response = post_event(event, timestamp=int(time.time()) - 3600)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_signature"


def test_a_signed_body_that_is_no_event_is_a_400(db):
    response = post_event({"hello": "world"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_event"
    assert StripeEvent.objects.count() == 0


def test_without_a_webhook_secret_every_webhook_is_refused(stripe_standin, settings, db):
    settings.STRIPE_WEBHOOK_SECRET = ""
    event = stripe_standin.event("invoice.paid", {"id": "in_1", "customer": "cus_1"})

    response = post_event(event, secret="")

    assert response.status_code == 503
    assert StripeEvent.objects.count() == 0


def test_only_post(db):
    response = public_client().get("/webhooks/stripe")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


# --- deduplication -------------------------------------------------------------------------------


def test_a_replayed_event_is_a_200_no_op(tenant_a, subscribed, stripe_standin):
    cancel = stripe_standin.cancel_subscription(subscribed["id"])
    assert deliver_all([cancel]) == ["applied"]
    # Put the store back by hand: a replay that re-applied the cancellation would move it to Free again.
    Subscription.objects.filter(tenant=tenant_a).update(status="active", plan=Plan.objects.get(code="starter"))

    response = post_event(cancel)

    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "duplicate"}
    assert state_of(tenant_a) == ("starter", "active")
    assert StripeEvent.objects.filter(id=cancel["id"]).count() == 1


def test_an_unknown_event_type_is_acknowledged_and_ignored(tenant_a, stripe_standin):
    event = stripe_standin.event("customer.created", {"id": "cus_1", "object": "customer"})

    response = post_event(event)

    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "ignored"}
    assert list(StripeEvent.objects.values_list("id", "outcome")) == [(event["id"], "ignored")]
    assert not Subscription.objects.filter(tenant=tenant_a).exists()


def test_an_event_of_an_unknown_customer_is_acknowledged_as_unmatched(stripe_standin, db):
    event = stripe_standin.event(
        "customer.subscription.updated", {"id": "sub_1", "customer": "cus_nobody", "status": "active", "metadata": {}}
    )

    response = post_event(event)

    assert response.json() == {"received": True, "outcome": "unmatched"}
    assert Subscription.objects.count() == 0


# --- the subscription lifecycle ------------------------------------------------------------------


def test_the_plan_follows_a_change_of_price(tenant_a, subscribed, stripe_standin):
    event = stripe_standin.update_subscription(subscribed["id"], price_id="price_growth")

    assert deliver_all([event]) == ["applied"]
    assert state_of(tenant_a) == ("growth", "active")
    assert Subscription.objects.get(tenant=tenant_a).stripe_price_id == "price_growth"


def test_a_deleted_subscription_puts_the_store_back_on_free(tenant_a, subscribed, stripe_standin):
    assert deliver_all([stripe_standin.cancel_subscription(subscribed["id"])]) == ["applied"]

    row = Subscription.objects.get(tenant=tenant_a)
    assert state_of(tenant_a) == ("free", "canceled")
    assert (row.current_period_start, row.current_period_end, row.stripe_price_id) == (None, None, "")
    # The customer stays, for the next Checkout and the portal's invoice history.
    assert row.stripe_customer_id == subscribed["customer"]


def test_a_canceled_store_can_subscribe_again(owner_client, tenant_a, subscribed, stripe_standin):
    deliver_all([stripe_standin.cancel_subscription(subscribed["id"])])

    again = subscribe(owner_client, stripe_standin, "scale")

    assert state_of(tenant_a) == ("scale", "active")
    assert Subscription.objects.get(tenant=tenant_a).stripe_subscription_id == again["id"]
    assert len(stripe_standin.state.customers) == 1


def test_cancel_at_period_end_is_shown_and_stops_the_renewal_date(owner_client, tenant_a, subscribed, stripe_standin):
    deliver_all([stripe_standin.update_subscription(subscribed["id"], cancel_at_period_end=True)])

    body = owner_client.get("/api/v1/billing").json()

    assert (body["plan"]["code"], body["cancel_at_period_end"], body["renews_at"]) == ("starter", True, None)


def test_a_paid_store_renews_on_its_stripe_period(owner_client, tenant_a, subscribed):
    body = owner_client.get("/api/v1/billing").json()
    end = at(subscribed["items"]["data"][0]["current_period_end"])

    assert body["renews_at"] == end.isoformat().replace("+00:00", "Z")
    assert body["period"]["end"] == body["renews_at"]


def test_subscription_events_arriving_before_checkout_completed_still_land(owner_client, tenant_a, stripe_standin):
    response = owner_client.post("/api/v1/billing/checkout", {"plan": "growth"}, content_type="application/json")
    created, completed, paid = stripe_standin.complete_checkout(response.json()["url"].rsplit("/", 1)[1])

    assert deliver_all([paid, created, completed]) == ["ignored", "applied", "applied"]
    assert state_of(tenant_a) == ("growth", "active")


def test_an_older_event_never_overwrites_a_newer_state(tenant_a, subscribed, stripe_standin):
    upgrade = stripe_standin.update_subscription(subscribed["id"], price_id="price_growth")
    cancel = stripe_standin.cancel_subscription(subscribed["id"])
    upgrade["created"] = cancel["created"] - 10

    assert deliver_all([cancel, upgrade]) == ["applied", "stale"]
    assert state_of(tenant_a) == ("free", "canceled")


def test_an_incomplete_subscription_grants_no_plan_until_paid(owner_client, tenant_a, stripe_standin):
    response = owner_client.post("/api/v1/billing/checkout", {"plan": "starter"}, content_type="application/json")
    created, completed, _ = stripe_standin.complete_checkout(response.json()["url"].rsplit("/", 1)[1])
    created["data"]["object"]["status"] = "incomplete"

    deliver_all([created, completed])
    assert state_of(tenant_a) == ("free", "incomplete")

    deliver_all([stripe_standin.update_subscription(created["data"]["object"]["id"], status="active")])
    assert state_of(tenant_a) == ("starter", "active")


# --- payments ------------------------------------------------------------------------------------


def test_a_failed_renewal_makes_the_store_past_due_since_the_failure(tenant_a, subscribed, stripe_standin):
    failed, updated = stripe_standin.renew_subscription(subscribed["id"], paid=False)

    assert deliver_all([failed]) == ["applied"]
    row = Subscription.objects.get(tenant=tenant_a)
    assert (row.status, row.past_due_since) == ("past_due", at(failed["created"]))
    assert row.plan.code == "starter"

    # The subscription's own past_due update keeps the first failure's time.
    updated["created"] = failed["created"] + 5
    assert deliver_all([updated]) == ["applied"]
    assert Subscription.objects.get(tenant=tenant_a).past_due_since == at(failed["created"])


def test_a_paid_invoice_clears_past_due(tenant_a, subscribed, stripe_standin):
    deliver_all(stripe_standin.renew_subscription(subscribed["id"], paid=False))
    paid, updated = stripe_standin.pay_invoice(subscribed["id"])
    paid["created"] = updated["created"] = int(time.time()) + 60

    assert deliver_all([paid]) == ["applied"]
    row = Subscription.objects.get(tenant=tenant_a)
    assert (row.status, row.past_due_since) == ("active", None)
    assert deliver_all([updated]) == ["applied"]
    assert state_of(tenant_a) == ("starter", "active")


def test_a_failed_first_payment_does_not_make_a_store_past_due(owner_client, tenant_a, stripe_standin):
    response = owner_client.post("/api/v1/billing/checkout", {"plan": "starter"}, content_type="application/json")
    created, completed, invoice = stripe_standin.complete_checkout(response.json()["url"].rsplit("/", 1)[1])
    created["data"]["object"]["status"] = "incomplete"
    deliver_all([created, completed])
    failed = stripe_standin.event("invoice.payment_failed", {**invoice["data"]["object"], "status": "open"})

    assert deliver_all([failed]) == ["applied"]
    row = Subscription.objects.get(tenant=tenant_a)
    assert (row.status, row.past_due_since) == ("incomplete", None)


def test_an_invoice_of_another_subscription_is_ignored(tenant_a, subscribed, stripe_standin):
    failed, _ = stripe_standin.renew_subscription(subscribed["id"], paid=False)
    failed["data"]["object"]["parent"]["subscription_details"]["subscription"] = "sub_other"

    assert deliver_all([failed]) == ["ignored"]
    assert state_of(tenant_a) == ("starter", "active")


def test_older_api_versions_shapes_are_understood(tenant_a, subscribed, stripe_standin):
    """Before 2025-03-31 the period sat on the subscription and the invoice named its subscription directly."""
    item = subscribed["items"]["data"][0]
    legacy = {
        **subscribed,
        "status": "past_due",
        "current_period_start": item["current_period_start"] + 100,
        "current_period_end": item["current_period_end"] + 100,
        "items": {"data": [{"id": item["id"], "price": {"id": "price_growth"}}]},
    }
    invoice = {
        "id": "in_legacy",
        "object": "invoice",
        "customer": subscribed["customer"],
        "subscription": subscribed["id"],
    }

    assert deliver_all([stripe_standin.event("customer.subscription.updated", legacy)]) == ["applied"]
    row = Subscription.objects.get(tenant=tenant_a)
    assert (row.plan.code, row.status, row.current_period_start) == (
        "growth",
        "past_due",
        at(item["current_period_start"] + 100),
    )
    paid = stripe_standin.event("invoice.paid", invoice)
    paid["created"] += 1
    assert deliver_all([paid]) == ["applied"]
    assert state_of(tenant_a) == ("growth", "active")


def test_past_due_since_is_shown_on_the_billing_page(owner_client, tenant_a, subscribed, stripe_standin):
    failed, _ = stripe_standin.renew_subscription(subscribed["id"], paid=False)
    deliver_all([failed])
    Subscription.objects.filter(tenant=tenant_a).update(past_due_since=datetime.now(UTC) - timedelta(days=15))

    body = owner_client.get("/api/v1/billing").json()

    assert body["status"] == "past_due"
    assert body["deliveries_held_for_payment"] is True
