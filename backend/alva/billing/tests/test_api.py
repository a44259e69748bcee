"""Plans as data, GET /billing per role and per store, Checkout and the Customer Portal through the Stripe stand-in."""

from datetime import UTC, datetime

import pytest

from alva.accounts.models import Role
from alva.billing.models import Plan, Subscription
from alva.billing.selectors import billing_period
from alva.core.testing import store_client

from .conftest import session_id_of, subscribe

GIB = 1024**3
SUCCESS_URL = "http://alpha.alva.localhost/settings/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}"
CANCEL_URL = "http://alpha.alva.localhost/settings/billing?checkout=canceled"


def checkout(client, plan="starter"):
    return client.post("/api/v1/billing/checkout", {"plan": plan}, content_type="application/json")


# --- plans ---------------------------------------------------------------------------------------


def test_the_migration_seeds_the_four_plans(db):
    plans = list(Plan.objects.values_list("code", "monthly_deliveries", "storage_bytes", "bundle_limit"))

    assert plans == [
        ("free", 100, 1 * GIB, 3),
        ("starter", 1_000, 10 * GIB, 20),
        ("growth", 10_000, 100 * GIB, 100),
        ("scale", 100_000, 1_024 * GIB, 1_000),
    ]


def test_any_member_lists_the_plans(member_a):
    response = member_a.client().get("/api/v1/billing/plans")

    assert response.status_code == 200
    assert [(p["code"], p["name"], p["price_monthly_cents"]) for p in response.json()] == [
        ("free", "Free", 0),
        ("starter", "Starter", 1_900),
        ("growth", "Growth", 4_900),
        ("scale", "Scale", 14_900),
    ]


def test_plans_need_a_login(tenant_a):
    assert store_client(tenant_a).get("/api/v1/billing/plans").status_code == 401


# --- GET /billing --------------------------------------------------------------------------------


def test_a_new_store_is_on_free_with_nothing_used(owner_client, tenant_a):
    response = owner_client.get("/api/v1/billing")

    assert response.status_code == 200
    body = response.json()
    period = billing_period(subscription=None, now=datetime.now(UTC))
    assert body["plan"]["code"] == "free"
    assert body["status"] == "active"
    assert body["usage"] == {"deliveries": 0, "storage_bytes": 0, "bundles": 0}
    assert body["limits"] == {"deliveries": 100, "storage_bytes": GIB, "bundles": 3}
    assert body["over_quota"] == {"deliveries": False, "storage": False}
    assert body["period"] == {
        "start": period.start.isoformat().replace("+00:00", "Z"),
        "end": period.end.isoformat().replace("+00:00", "Z"),
    }
    assert body["renews_at"] is None
    assert body["past_due_since"] is None
    assert body["payment_hold_starts_at"] is None
    assert body["deliveries_held_for_payment"] is False
    assert body["deliveries_held"] == 0
    assert body["portal_available"] is False
    # Reading is not writing: no subscription row appears for a store that never subscribed.
    assert not Subscription.objects.filter(tenant=tenant_a).exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ADMIN])
def test_only_owners_see_billing(make_member, tenant_a, role):
    response = make_member(tenant_a, role).client().get("/api/v1/billing")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_billing_needs_a_login(tenant_a):
    response = store_client(tenant_a).get("/api/v1/billing")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_each_store_sees_only_its_own_plan(owner_client, owner_b, stripe_standin):
    subscribe(owner_client, stripe_standin, plan="growth")

    mine = owner_client.get("/api/v1/billing").json()
    theirs = owner_b.client().get("/api/v1/billing").json()

    assert (mine["plan"]["code"], mine["limits"]["deliveries"], mine["portal_available"]) == ("growth", 10_000, True)
    assert (theirs["plan"]["code"], theirs["limits"]["deliveries"], theirs["portal_available"]) == ("free", 100, False)


def test_a_session_of_one_store_is_useless_on_another(owner_a, tenant_b):
    session = owner_a.client().cookies
    other = store_client(tenant_b)
    other.cookies = session

    assert other.get("/api/v1/billing").status_code == 401


# --- Checkout ------------------------------------------------------------------------------------


def test_checkout_creates_a_customer_and_a_subscription_session(owner_a, owner_client, tenant_a, stripe_standin):
    response = checkout(owner_client, "starter")

    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith(f"{stripe_standin.base_url}/c/pay/cs_test_")
    session = stripe_standin.state.checkout_sessions[session_id_of(url)]
    customer_id = Subscription.objects.get(tenant=tenant_a).stripe_customer_id
    assert session["mode"] == "subscription"
    assert session["customer"] == customer_id
    assert session["client_reference_id"] == str(tenant_a.id)
    assert session["_line_items"] == [{"price": "price_starter", "quantity": 1}]
    assert session["success_url"] == SUCCESS_URL
    assert session["cancel_url"] == CANCEL_URL
    assert session["metadata"] == {"tenant_id": str(tenant_a.id), "plan": "starter"}
    assert session["_subscription_metadata"] == {"tenant_id": str(tenant_a.id), "plan": "starter"}
    customer = stripe_standin.state.customers[customer_id]
    assert (customer["email"], customer["name"]) == (owner_a.user.email, tenant_a.name)
    assert customer["metadata"] == {"tenant_id": str(tenant_a.id), "subdomain": "alpha"}
    # Checkout alone changes no plan: Stripe's events do.
    assert Subscription.objects.get(tenant=tenant_a).plan.code == "free"


def test_a_second_checkout_reuses_the_customer(owner_client, stripe_standin):
    first = checkout(owner_client, "starter")
    second = checkout(owner_client, "growth")

    assert (first.status_code, second.status_code) == (200, 200)
    assert len(stripe_standin.requests_to("/v1/customers")) == 1
    assert len(stripe_standin.state.customers) == 1
    assert len(stripe_standin.state.checkout_sessions) == 2


def test_a_customer_deleted_in_stripe_is_replaced(owner_client, tenant_a, stripe_standin):
    checkout(owner_client)
    old = Subscription.objects.get(tenant=tenant_a).stripe_customer_id
    stripe_standin.delete_customer(old)

    response = checkout(owner_client)

    assert response.status_code == 200
    new = Subscription.objects.get(tenant=tenant_a).stripe_customer_id
    assert new != old
    assert stripe_standin.state.checkout_sessions[session_id_of(response.json()["url"])]["customer"] == new


@pytest.mark.parametrize("plan", ["free", "platinum", ""])
def test_checkout_needs_a_paid_plan(owner_client, stripe_standin, plan):
    response = checkout(owner_client, plan)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert list(response.json()["error"]["fields"]) == ["plan"]
    assert stripe_standin.state.requests == []


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ADMIN])
def test_only_owners_check_out(make_member, tenant_a, stripe_standin, role):
    client = make_member(tenant_a, role).client()

    assert checkout(client).status_code == 403
    assert client.post("/api/v1/billing/portal").status_code == 403
    assert stripe_standin.state.requests == []
    assert not Subscription.objects.filter(tenant=tenant_a).exists()


def test_a_subscriber_changes_plan_in_the_portal_instead_of_buying_twice(owner_client, tenant_a, stripe_standin):
    subscription = subscribe(owner_client, stripe_standin, "starter")
    sessions_before = len(stripe_standin.state.checkout_sessions)

    response = checkout(owner_client, "growth")

    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith(f"{stripe_standin.base_url}/p/session/bps_test_")
    portal = stripe_standin.state.portal_sessions[session_id_of(url)]
    assert portal["flow"]["type"] == "subscription_update_confirm"
    assert portal["flow"]["subscription_update_confirm"] == {
        "subscription": subscription["id"],
        "items": [{"id": subscription["items"]["data"][0]["id"], "price": "price_growth", "quantity": "1"}],
    }
    assert portal["return_url"] == "http://alpha.alva.localhost/settings/billing"
    assert len(stripe_standin.state.checkout_sessions) == sessions_before


def test_checking_out_the_current_plan_is_a_conflict(owner_client, stripe_standin):
    subscribe(owner_client, stripe_standin, "starter")
    requests_before = len(stripe_standin.state.requests)

    response = checkout(owner_client, "starter")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_on_plan"
    assert len(stripe_standin.state.requests) == requests_before


def test_stripe_down_is_a_503_and_changes_nothing(owner_client, tenant_a, stripe_standin):
    stripe_standin.inject_faults("/v1/customers", [{"status": 500}])

    response = checkout(owner_client)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "billing_unavailable"
    assert not Subscription.objects.filter(tenant=tenant_a).exists()


def test_stripe_unreachable_is_a_503(owner_client, settings):
    settings.STRIPE_API_KEY = "sk_test_standin"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.STRIPE_TIMEOUT_SECONDS = 2.0

    response = checkout(owner_client)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "billing_unavailable"


def test_billing_not_configured_is_a_503(owner_client):
    response = checkout(owner_client)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "billing_unavailable"


def test_a_plan_without_a_price_cannot_be_bought(owner_client, stripe_standin, settings):
    settings.STRIPE_PRICE_SCALE = ""

    response = checkout(owner_client, "scale")

    assert response.status_code == 503
    assert stripe_standin.state.requests == []


# --- Customer Portal -----------------------------------------------------------------------------


def test_the_portal_needs_a_billing_account(owner_client, stripe_standin):
    response = owner_client.post("/api/v1/billing/portal")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_billing_account"
    assert stripe_standin.state.requests == []


def test_the_portal_opens_for_the_stores_customer(owner_client, tenant_a, stripe_standin):
    subscribe(owner_client, stripe_standin)

    response = owner_client.post("/api/v1/billing/portal")

    assert response.status_code == 200
    portal = stripe_standin.state.portal_sessions[session_id_of(response.json()["url"])]
    assert portal["customer"] == Subscription.objects.get(tenant=tenant_a).stripe_customer_id
    assert portal["return_url"] == "http://alpha.alva.localhost/settings/billing"
    assert portal["flow"] is None
