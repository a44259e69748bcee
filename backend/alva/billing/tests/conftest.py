"""Fixtures of the billing tests: Stripe settings, the Stripe stand-in, URLconfs serving billing, helpers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

import dramatiq
import pytest
from django.test import Client

from alva.accounts.models import Role
from alva.billing import services
from alva.core.tasks import actor, broker
from alva.core.testing import public_client
from devtools.stripe_standin import DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET, StandinHandle, start_standin
from devtools.stripe_standin.signing import signed_payload

PRICES = {"starter": "price_starter", "growth": "price_growth", "scale": "price_scale"}
RELEASE_QUEUE = "fraud"


@pytest.fixture(autouse=True)
def billing_settings(settings) -> None:
    settings.STRIPE_WEBHOOK_SECRET = DEFAULT_WEBHOOK_SECRET
    settings.STRIPE_API_KEY = ""  # no Stripe unless a test starts the stand-in
    settings.STRIPE_PRICE_STARTER = PRICES["starter"]
    settings.STRIPE_PRICE_GROWTH = PRICES["growth"]
    settings.STRIPE_PRICE_SCALE = PRICES["scale"]
    settings.BILLING_PAST_DUE_GRACE_DAYS = 14


@pytest.fixture
def stripe_standin(settings) -> Iterator[StandinHandle]:
    handle = start_standin()
    settings.STRIPE_API_BASE = handle.base_url
    settings.STRIPE_API_KEY = DEFAULT_API_KEY
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.STRIPE_TIMEOUT_SECONDS = 5.0
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def owner_client(owner_a) -> Client:
    return owner_a.client()


@pytest.fixture
def member_a(make_member, tenant_a):
    return make_member(tenant_a, Role.MEMBER)


def post_event(
    event: dict[str, Any], *, secret: str = DEFAULT_WEBHOOK_SECRET, signature: str | None = None, timestamp=None
):
    body, header = signed_payload(event, secret, timestamp)
    headers = {} if signature == "" else {"HTTP_STRIPE_SIGNATURE": signature or header}
    return public_client().post("/webhooks/stripe", data=body, content_type="application/json", **headers)


def deliver_all(events: list[dict[str, Any]]) -> list[str]:
    outcomes = []
    for event in events:
        response = post_event(event)
        assert response.status_code == 200, response.content
        outcomes.append(response.json()["outcome"])
    return outcomes


def session_id_of(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[1]


def subscribe(client: Client, standin: StandinHandle, plan: str = "starter") -> dict[str, Any]:
    """Checkout through the API, pay on the stand-in, deliver Stripe's events; returns the subscription."""
    response = client.post("/api/v1/billing/checkout", {"plan": plan}, content_type="application/json")
    assert response.status_code == 200, response.content
    events = standin.complete_checkout(session_id_of(response.json()["url"]))
    assert deliver_all(events) == ["applied", "applied", "applied"]
    return events[0]["data"]["object"]


def queued(queue: str = RELEASE_QUEUE) -> list[dict[str, Any]]:
    client = broker.client
    raw = list(client.hvals(f"dramatiq:{queue}.msgs")) + list(client.hvals(f"dramatiq:{queue}.DQ.msgs"))
    return [json.loads(item) for item in raw]


@pytest.fixture
def release_actor() -> Iterator[dramatiq.Actor]:
    """deliveries.release_plan_holds as deliveries declares it; a recording stand-in until it does."""
    name = services.RELEASE_PLAN_HOLDS_ACTOR
    import_module("alva.deliveries.tasks")
    try:
        existing = broker.get_actor(name)
    except dramatiq.errors.ActorNotFound:
        existing = None
    if existing is not None:
        yield existing
        return

    @actor(actor_name=name, queue_name=RELEASE_QUEUE, tenant_scoped=True, max_retries=0)
    def release_plan_holds(reason: str) -> None:
        """Test stand-in for the deliveries actor."""

    try:
        yield release_plan_holds
    finally:
        broker.actors.pop(name, None)
