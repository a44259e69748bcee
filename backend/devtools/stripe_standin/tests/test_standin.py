"""Tests of the Stripe stand-in over loopback HTTP, through the real `stripe` library as Alva uses it."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import stripe

from devtools.stripe_standin import (
    DEFAULT_API_KEY,
    DEFAULT_WEBHOOK_SECRET,
    StandinConfig,
    StandinHandle,
    signature_header,
    start_standin,
)
from devtools.stripe_standin.__main__ import _parser, build_config
from devtools.stripe_standin.forms import decode, encode


@pytest.fixture
def standin() -> Iterator[StandinHandle]:
    handle = start_standin()
    try:
        yield handle
    finally:
        handle.stop()


def client_for(standin: StandinHandle, key: str = DEFAULT_API_KEY) -> stripe.StripeClient:
    return stripe.StripeClient(
        key,
        base_addresses={"api": standin.base_url},
        max_network_retries=0,
        http_client=stripe.RequestsClient(timeout=5),
    )


def checkout_params(customer: str, **extra: Any) -> Any:
    """Typed loosely: the tests also send what Stripe's own parameter types forbid."""
    return {
        "mode": "subscription",
        "customer": customer,
        "client_reference_id": "42",
        "line_items": [{"price": "price_starter", "quantity": 1}],
        "success_url": "http://shop.example/billing?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://shop.example/billing",
        "metadata": {"tenant_id": "42"},
        "subscription_data": {"metadata": {"tenant_id": "42"}},
        **extra,
    }


def subscribed(standin: StandinHandle) -> tuple[str, str, list[dict[str, Any]]]:
    """(customer id, subscription id, events) of a completed subscription checkout."""
    client = client_for(standin)
    customer = client.v1.customers.create({"email": "owner@shop.example"})
    session = client.v1.checkout.sessions.create(checkout_params(customer.id))
    events = standin.complete_checkout(session.id)
    return customer.id, events[0]["data"]["object"]["id"], events


# --- form encoding -------------------------------------------------------------------------------


def test_nested_form_parameters_decode_like_stripes() -> None:
    body = "mode=subscription&metadata[plan]=starter&line_items[0][price]=p1&line_items[1][price]=p2&expand[]=a"

    assert decode(body) == {
        "mode": "subscription",
        "metadata": {"plan": "starter"},
        "line_items": [{"price": "p1"}, {"price": "p2"}],
        "expand": ["a"],
    }


def test_encode_is_the_inverse_of_decode() -> None:
    params = {"a": "x y&z", "m": {"k": "v"}, "items": [{"id": "si_1", "quantity": 2}], "flag": True}

    assert decode(encode(params)) == {
        "a": "x y&z",
        "m": {"k": "v"},
        "items": [{"id": "si_1", "quantity": "2"}],
        "flag": "true",
    }


# --- auth ----------------------------------------------------------------------------------------


def test_a_wrong_key_is_a_401(standin: StandinHandle) -> None:
    with pytest.raises(stripe.AuthenticationError) as caught:
        client_for(standin, "sk_test_wrong_key_123").v1.customers.create({"email": "a@b.example"})

    assert caught.value.http_status == 401
    assert caught.value.user_message == "Invalid API Key provided: sk_test_****_123"
    assert standin.state.customers == {}


def test_no_key_is_a_401_with_stripes_error_shape(standin: StandinHandle) -> None:
    response = httpx.post(f"{standin.base_url}/v1/customers", data={"email": "a@b.example"}, timeout=5)

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert response.json()["error"]["message"].startswith("You did not provide an API key.")


# --- customers -----------------------------------------------------------------------------------


def test_customers_are_created_and_retrieved(standin: StandinHandle) -> None:
    client = client_for(standin)

    created = client.v1.customers.create({"name": "Alpha", "email": "o@alpha.example", "metadata": {"tenant_id": "7"}})
    fetched = client.v1.customers.retrieve(created.id)

    assert created.id.startswith("cus_")
    assert (fetched.id, fetched.name, fetched.email, fetched.to_dict()["metadata"]) == (
        created.id,
        "Alpha",
        "o@alpha.example",
        {"tenant_id": "7"},
    )
    [request] = standin.requests_to("/v1/customers")
    assert request.params == {"name": "Alpha", "email": "o@alpha.example", "metadata": {"tenant_id": "7"}}
    assert request.api_version == stripe.api_version
    assert request.authorization == "Bearer …ndin"


def test_an_unknown_customer_is_a_404_resource_missing(standin: StandinHandle) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client_for(standin).v1.customers.retrieve("cus_missing")

    assert (caught.value.http_status, caught.value.code, caught.value.param) == (404, "resource_missing", "id")


def test_a_deleted_customer_is_retrieved_as_deleted(standin: StandinHandle) -> None:
    client = client_for(standin)
    customer = client.v1.customers.create({"email": "a@b.example"})
    standin.delete_customer(customer.id)

    assert client.v1.customers.retrieve(customer.id).to_dict()["deleted"] is True


def test_an_idempotency_key_replays_the_first_answer(standin: StandinHandle) -> None:
    client = client_for(standin)
    first = client.v1.customers.create({"email": "a@b.example"}, {"idempotency_key": "k-1"})
    second = client.v1.customers.create({"email": "a@b.example"}, {"idempotency_key": "k-1"})

    assert first.id == second.id
    assert len(standin.state.customers) == 1
    with pytest.raises(stripe.IdempotencyError):
        client.v1.customers.create({"email": "other@b.example"}, {"idempotency_key": "k-1"})


# --- Checkout Sessions ---------------------------------------------------------------------------


def test_a_subscription_checkout_session_is_created_and_retrieved(standin: StandinHandle) -> None:
    client = client_for(standin)
    customer = client.v1.customers.create({"email": "a@b.example"})

    session = client.v1.checkout.sessions.create(checkout_params(customer.id))
    fetched = client.v1.checkout.sessions.retrieve(session.id)

    assert session.id.startswith("cs_test_")
    assert session.url == f"{standin.base_url}/c/pay/{session.id}"
    assert (fetched.mode, fetched.status, fetched.customer, fetched.client_reference_id) == (
        "subscription",
        "open",
        customer.id,
        "42",
    )
    assert fetched.amount_total == 1_900
    assert fetched.subscription is None
    assert "_line_items" not in fetched


@pytest.mark.parametrize(
    ("change", "param", "code"),
    [
        ({"line_items": [{"price": "price_nope", "quantity": 1}]}, "line_items[0][price]", "resource_missing"),
        ({"line_items": None}, "line_items", "parameter_missing"),
        ({"success_url": None}, "success_url", "parameter_missing"),
        ({"success_url": "not a url"}, "success_url", "url_invalid"),
        ({"customer": "cus_nope"}, "customer", "resource_missing"),
        ({"client_reference_id": "x" * 201}, "client_reference_id", "string_too_long"),
    ],
)
def test_checkout_sessions_are_validated(standin: StandinHandle, change: dict[str, Any], param: str, code: str) -> None:
    client = client_for(standin)
    customer = client.v1.customers.create({"email": "a@b.example"})
    params = checkout_params(customer.id)
    params.update(change)

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params)

    assert (caught.value.http_status, caught.value.param, caught.value.code) == (400, param, code)
    assert standin.state.checkout_sessions == {}


def test_completing_a_checkout_starts_a_subscription_and_makes_its_events(standin: StandinHandle) -> None:
    customer_id, subscription_id, events = subscribed(standin)

    assert [e["type"] for e in events] == [
        "customer.subscription.created",
        "checkout.session.completed",
        "invoice.paid",
    ]
    session = events[1]["data"]["object"]
    assert (session["status"], session["payment_status"], session["subscription"]) == (
        "complete",
        "paid",
        subscription_id,
    )
    invoice = events[2]["data"]["object"]
    assert invoice["parent"]["subscription_details"]["subscription"] == subscription_id
    subscription = client_for(standin).v1.subscriptions.retrieve(subscription_id)
    item = subscription["items"]["data"][0]
    assert (subscription.status, subscription.customer, item["price"]["id"]) == ("active", customer_id, "price_starter")
    assert subscription.to_dict()["metadata"] == {"tenant_id": "42"}
    assert item["current_period_end"] > item["current_period_start"]
    assert all(e["api_version"] == standin.config.api_version for e in events)


def test_an_unknown_subscription_is_a_404(standin: StandinHandle) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client_for(standin).v1.subscriptions.retrieve("sub_missing")

    assert caught.value.http_status == 404


def test_the_subscription_lifecycle_makes_stripes_events(standin: StandinHandle) -> None:
    _, subscription_id, _ = subscribed(standin)

    upgraded = standin.update_subscription(subscription_id, price_id="price_growth")
    failed, past_due = standin.renew_subscription(subscription_id, paid=False)
    paid, active = standin.pay_invoice(subscription_id)
    deleted = standin.cancel_subscription(subscription_id)

    assert upgraded["data"]["object"]["items"]["data"][0]["price"]["id"] == "price_growth"
    assert upgraded["data"]["previous_attributes"]["items"]["data"][0]["price"]["id"] == "price_starter"
    assert (failed["type"], failed["data"]["object"]["status"]) == ("invoice.payment_failed", "open")
    assert (past_due["data"]["object"]["status"], past_due["data"]["previous_attributes"]) == (
        "past_due",
        {"items": upgraded["data"]["object"]["items"], "status": "active"},
    )
    assert (paid["type"], active["data"]["object"]["status"]) == ("invoice.paid", "active")
    assert (deleted["type"], deleted["data"]["object"]["status"]) == ("customer.subscription.deleted", "canceled")


# --- Billing Portal ------------------------------------------------------------------------------


def test_a_portal_session_is_created_for_a_customer(standin: StandinHandle) -> None:
    client = client_for(standin)
    customer = client.v1.customers.create({"email": "a@b.example"})

    session = client.v1.billing_portal.sessions.create({"customer": customer.id, "return_url": "http://shop.example/b"})

    assert session.url == f"{standin.base_url}/p/session/{session.id}"
    assert (session.customer, session.return_url, session.flow) == (customer.id, "http://shop.example/b", None)


def test_a_plan_change_flow_must_name_the_customers_subscription_item(standin: StandinHandle) -> None:
    customer_id, subscription_id, events = subscribed(standin)
    item_id = events[0]["data"]["object"]["items"]["data"][0]["id"]
    client = client_for(standin)

    def flow(item: str, customer: str = customer_id) -> Any:
        return {
            "customer": customer,
            "flow_data": {
                "type": "subscription_update_confirm",
                "subscription_update_confirm": {
                    "subscription": subscription_id,
                    "items": [{"id": item, "price": "price_growth", "quantity": 1}],
                },
            },
        }

    ok = client.v1.billing_portal.sessions.create(flow(item_id))
    assert ok.flow is not None
    with pytest.raises(stripe.InvalidRequestError) as wrong_item:
        client.v1.billing_portal.sessions.create(flow("si_other"))
    assert wrong_item.value.param == "flow_data[subscription_update_confirm][items][0][id]"
    other = client.v1.customers.create({"email": "other@b.example"})
    with pytest.raises(stripe.InvalidRequestError) as not_theirs:
        client.v1.billing_portal.sessions.create(flow(item_id, customer=other.id))
    assert not_theirs.value.param == "flow_data[subscription_update_confirm][subscription]"


def test_a_portal_session_needs_a_known_customer(standin: StandinHandle) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client_for(standin).v1.billing_portal.sessions.create({"customer": "cus_missing"})

    assert (caught.value.http_status, caught.value.param) == (400, "customer")


# --- signatures ----------------------------------------------------------------------------------


def test_signed_events_verify_with_stripes_own_code(standin: StandinHandle) -> None:
    _, _, events = subscribed(standin)
    body, header = standin.signed(events[1])

    event = stripe.Webhook.construct_event(body.decode(), header, DEFAULT_WEBHOOK_SECRET)

    assert (event.id, event.type) == (events[1]["id"], "checkout.session.completed")
    assert event.data.object.client_reference_id == "42"


def test_the_signature_scheme_is_stripes() -> None:
    # t=<time>,v1=HMAC-SHA256(secret, "<time>.<payload>"), computed here independently of the helper.
    expected = hmac.new(b"whsec_test", b'1700000000.{"id":"evt_1"}', hashlib.sha256).hexdigest()

    assert signature_header('{"id":"evt_1"}', "whsec_test", timestamp=1_700_000_000) == f"t=1700000000,v1={expected}"


@pytest.mark.parametrize("mutation", ["secret", "body", "old"])
def test_bad_signatures_fail_stripes_verification(standin: StandinHandle, mutation: str) -> None:
    event = standin.event("invoice.paid", {"id": "in_1", "object": "invoice"})
    secret = "whsec_other" if mutation == "secret" else DEFAULT_WEBHOOK_SECRET
    timestamp = int(time.time()) - 3_600 if mutation == "old" else None
    body, header = standin.signed(event, secret=secret, timestamp=timestamp)
    if mutation == "body":
        body = body.replace(b"in_1", b"in_2")

    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body.decode(), header, DEFAULT_WEBHOOK_SECRET)


# --- faults --------------------------------------------------------------------------------------


def test_injected_faults_are_answered_once_then_normal_service_resumes(standin: StandinHandle) -> None:
    standin.inject_faults("/v1/customers", [{"status": 500}, {"status": 429}], method="POST")
    client = client_for(standin)

    with pytest.raises(stripe.APIError):
        client.v1.customers.create({"email": "a@b.example"})
    with pytest.raises(stripe.RateLimitError):
        client.v1.customers.create({"email": "a@b.example"})
    assert client.v1.customers.create({"email": "a@b.example"}).id.startswith("cus_")


def test_unknown_paths_are_a_404(standin: StandinHandle) -> None:
    response = httpx.get(
        f"{standin.base_url}/v1/charges", headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"}, timeout=5
    )

    assert response.status_code == 404
    assert response.json()["error"]["type"] == "invalid_request_error"


# --- development pages: pay, and webhooks delivered to a configured URL ----------------------------


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[str, str, bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.headers["Host"], self.headers["Stripe-Signature"], body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[str, str, bytes]]]]:
    _Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhooks/stripe", _Receiver.received
    finally:
        server.shutdown()
        server.server_close()


def test_the_pay_page_completes_checkout_and_delivers_signed_events(
    receiver: tuple[str, list[tuple[str, str, bytes]]],
) -> None:
    url, received = receiver
    config = StandinConfig(webhook_url=url, webhook_host="app.alva.localhost")
    with start_standin(config=config) as standin:
        client = client_for(standin)
        customer = client.v1.customers.create({"email": "a@b.example"})
        session = client.v1.checkout.sessions.create(checkout_params(customer.id))
        assert session.url is not None

        page = httpx.get(session.url, timeout=5)
        paid = httpx.post(f"{session.url}/complete", timeout=5)

    assert page.status_code == 200
    assert "Pay" in page.text
    assert paid.status_code == 303
    assert paid.headers["Location"] == f"http://shop.example/billing?session_id={session.id}"
    assert [json.loads(body)["type"] for _, _, body in received] == [
        "customer.subscription.created",
        "checkout.session.completed",
        "invoice.paid",
    ]
    for host, header, body in received:
        assert host == "app.alva.localhost"
        stripe.Webhook.construct_event(body.decode(), header, DEFAULT_WEBHOOK_SECRET)


def test_the_portal_page_confirms_a_plan_change(receiver: tuple[str, list[tuple[str, str, bytes]]]) -> None:
    url, received = receiver
    with start_standin(config=StandinConfig(webhook_url=url)) as standin:
        customer_id, subscription_id, events = subscribed(standin)
        item_id = events[0]["data"]["object"]["items"]["data"][0]["id"]
        portal = client_for(standin).v1.billing_portal.sessions.create(
            {
                "customer": customer_id,
                "return_url": "http://shop.example/billing",
                "flow_data": {
                    "type": "subscription_update_confirm",
                    "subscription_update_confirm": {
                        "subscription": subscription_id,
                        "items": [{"id": item_id, "price": "price_scale"}],
                    },
                },
            }
        )
        confirmed = httpx.post(f"{portal.url}/confirm", timeout=5)
        price = standin.state.subscriptions[subscription_id]["items"]["data"][0]["price"]["id"]

    assert (confirmed.status_code, urlsplit(confirmed.headers["Location"]).path) == (303, "/billing")
    assert price == "price_scale"
    assert [json.loads(body)["type"] for _, _, body in received] == ["customer.subscription.updated"]


def test_canceling_through_the_api_delivers_the_deleted_event_and_cannot_repeat(
    receiver: tuple[str, list[tuple[str, str, bytes]]],
) -> None:
    url, received = receiver
    with start_standin(config=StandinConfig(webhook_url=url)) as standin:
        _, subscription_id, _ = subscribed(standin)
        received.clear()
        canceled = client_for(standin).v1.subscriptions.cancel(subscription_id)
        with pytest.raises(stripe.InvalidRequestError) as again:
            client_for(standin).v1.subscriptions.cancel(subscription_id)

    assert (canceled.id, canceled.status) == (subscription_id, "canceled")
    assert (again.value.http_status, again.value.code) == (404, "resource_missing")
    [(_, header, body)] = received
    event = stripe.Webhook.construct_event(body.decode(), header, DEFAULT_WEBHOOK_SECRET)
    assert (event.type, event.data.object.id) == ("customer.subscription.deleted", subscription_id)


# --- command line --------------------------------------------------------------------------------


def test_flags_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIPE_STANDIN_API_KEYS", "sk_test_env")
    monkeypatch.setenv("STRIPE_STANDIN_WEBHOOK_SECRET", "whsec_env")

    config = build_config(_parser().parse_args(["--api-key", "sk_test_flag", "--price", "price_pro=2900"]))

    assert config.api_keys == ("sk_test_flag",)
    assert config.webhook_secret == "whsec_env"
    assert list(config.prices) == ["price_pro"]
    assert config.prices["price_pro"].unit_amount == 2_900
