"""POST /webhook/{slug}: the contract of product.md §4, status by status."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from alva.catalog.models import Bundle
from alva.core.redis import get_redis
from alva.core.testing import in_schema, store_client
from alva.deliveries.models import Customer, Delivery
from alva.deliveries.services import delivery_create_from_receipt
from alva.ingest.models import WebhookCall, WebhookSecret
from alva.ingest.secrets import webhook_secret_rotate
from alva.ingest.services import receipts_sweep
from alva.ingest.tests.conftest import make_endpoint

BODY = {"email": "Buyer@Example.com", "first_name": "Ada", "last_name": "Lovelace", "order_id": "ORD-1001"}


def calls(tenant, **filters):
    with in_schema(tenant):
        return list(WebhookCall.objects.filter(**filters).order_by("received_at"))


def queued(actor_name="ingest.process_receipt"):
    messages = [json.loads(raw) for raw in get_redis().hvals("dramatiq:ingest.msgs")]
    return [m for m in messages if m["actor_name"] == actor_name]


def test_accepted_call_is_recorded_and_enqueued_after_commit(endpoint_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = endpoint_a.post(BODY)

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "Processing"
    [call] = calls(endpoint_a.tenant)
    assert str(call.id) == body["delivery_id"]
    assert (call.outcome, call.status_code, call.idempotency_key) == ("accepted", 202, "order:ORD-1001")
    assert call.payload == BODY
    assert call.bundle_id == endpoint_a.bundle.id
    [message] = queued()
    assert message["args"] == [body["delivery_id"]]
    assert message["options"]["tenant_schema"] == endpoint_a.tenant.schema_name


def test_receipt_becomes_a_processing_delivery_with_its_customer(endpoint_a):
    delivery_id = endpoint_a.post(BODY).json()["delivery_id"]

    with in_schema(endpoint_a.tenant):
        delivery = delivery_create_from_receipt(call_id=delivery_id)
        again = delivery_create_from_receipt(call_id=delivery_id)
        customer = Customer.objects.get()
        call = WebhookCall.objects.get(id=delivery_id)

        assert str(delivery.id) == delivery_id
        assert again.id == delivery.id
        assert Delivery.objects.count() == 1
        assert delivery.status == "Processing"
        assert (customer.email, customer.first_name, customer.last_name) == ("buyer@example.com", "Ada", "Lovelace")
        assert call.processed_at is not None
        assert [e.kind for e in delivery.events.all()] == ["status"]


def test_a_later_webhook_updates_the_customer_but_keeps_known_fields(endpoint_a):
    first = endpoint_a.post({**BODY, "phone": "+15550001"}).json()["delivery_id"]
    second = endpoint_a.post({"email": "buyer@example.com", "first_name": "Augusta", "order_id": "ORD-2"}).json()[
        "delivery_id"
    ]

    with in_schema(endpoint_a.tenant):
        delivery_create_from_receipt(call_id=first)
        delivery_create_from_receipt(call_id=second)
        [customer] = Customer.objects.all()

        assert (customer.first_name, customer.last_name, customer.phone) == ("Augusta", "Lovelace", "+15550001")
        assert customer.deliveries.count() == 2


def test_same_order_id_twice_is_one_delivery(endpoint_a):
    first = endpoint_a.post(BODY)
    second = endpoint_a.post(BODY)

    assert first.status_code == 202
    assert second.status_code == 200
    assert second.json() == {"duplicate": True, "delivery_id": first.json()["delivery_id"]}
    accepted, duplicate = calls(endpoint_a.tenant)
    assert duplicate.outcome == "duplicate"
    assert duplicate.duplicate_of_id == accepted.id


@pytest.mark.parametrize(
    ("first", "second", "headers", "same"),
    [
        (
            {"email": "a@example.com", "idempotency_key": "k1"},
            {"email": "a@example.com", "idempotency_key": "k1", "x": 1},
            {},
            True,
        ),
        (
            {"email": "a@example.com", "idempotency_key": "k1"},
            {"email": "a@example.com", "idempotency_key": "k2"},
            {},
            False,
        ),
        ({"email": "a@example.com", "x": 1}, {"email": "a@example.com", "x": 2}, {"HTTP_IDEMPOTENCY_KEY": "h1"}, True),
        (
            {"email": "a@example.com", "$event_id": "e1"},
            {"email": "a@example.com", "$event_id": "e1", "n": 2},
            {},
            True,
        ),
        ({"email": "a@example.com", "n": 1}, {"n": 1, "email": "a@example.com"}, {}, True),
        ({"email": "a@example.com", "n": 1}, {"email": "a@example.com", "n": 2}, {}, False),
    ],
    ids=["body-key-same", "body-key-differs", "header-key", "event-id", "canonical-body-same", "body-differs"],
)
def test_idempotency_key_rules(endpoint_a, first, second, headers, same):
    one = endpoint_a.post(first, **headers)
    two = endpoint_a.post(second, **headers)

    assert one.status_code == 202
    assert two.status_code == (200 if same else 202)


def test_same_order_for_two_bundles_is_two_deliveries(endpoint_a):
    other = make_endpoint(endpoint_a.tenant, endpoint_a.transport, name="Second bundle")

    assert endpoint_a.post(BODY).status_code == 202
    assert other.post(BODY).status_code == 202


@pytest.mark.parametrize(
    "body",
    [
        {"person": {"email": "p@example.com", "first_name": "P"}},
        {"profile": {"email": "p@example.com"}},
        {"profile": {"attributes": {"email": "p@example.com"}}},
        {"$email": "p@example.com", "$first_name": "P"},
        {"customer": {"email": "p@example.com"}},
    ],
    ids=["person", "profile", "profile-attributes", "dollar-keys", "customer"],
)
def test_accepted_body_shapes(endpoint_a, body):
    response = endpoint_a.post(body)

    assert response.status_code == 202
    with in_schema(endpoint_a.tenant):
        delivery_create_from_receipt(call_id=response.json()["delivery_id"])
        assert Customer.objects.get().email == "p@example.com"


def test_unknown_fields_are_kept_in_the_raw_payload(endpoint_a):
    body = {**BODY, "utm_source": "spring", "items": [{"sku": "X"}]}

    endpoint_a.post(body)

    assert calls(endpoint_a.tenant)[0].payload == body


@pytest.mark.parametrize(
    ("secret", "message"),
    [("", "The x-alva-webhook-secret header is missing."), ("whsec_wrong", "The webhook secret is wrong.")],
)
def test_missing_or_wrong_secret_is_401_and_logged(endpoint_a, secret, message):
    response = endpoint_a.post(BODY, secret=secret)

    assert response.status_code == 401
    assert response.json() == {"error": {"code": "invalid_secret", "message": message}}
    [call] = calls(endpoint_a.tenant)
    assert (call.outcome, call.status_code, call.error_code, call.payload) == ("rejected", 401, "invalid_secret", None)


def test_previous_secret_works_for_24_hours_after_rotation(endpoint_a):
    with in_schema(endpoint_a.tenant):
        new_secret, valid_until = webhook_secret_rotate(actor="owner@example.com")

    old = endpoint_a.post({**BODY, "order_id": "1"})
    new = endpoint_a.post({**BODY, "order_id": "2"}, secret=new_secret)
    with in_schema(endpoint_a.tenant):
        secret = WebhookSecret.objects.get()
        secret.previous_valid_until = timezone.now() - timedelta(seconds=1)
        secret.save()
    expired = endpoint_a.post({**BODY, "order_id": "3"})

    assert valid_until - timezone.now() > timedelta(hours=23, minutes=59)
    assert (old.status_code, new.status_code, expired.status_code) == (202, 202, 401)


def test_unknown_endpoint_is_404(endpoint_a):
    response = endpoint_a.client().post(
        "/webhook/no-such-slug",
        json.dumps(BODY),
        content_type="application/json",
        HTTP_X_ALVA_WEBHOOK_SECRET=endpoint_a.secret,
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_endpoint"
    assert calls(endpoint_a.tenant)[0].status_code == 404


def test_inactive_bundle_is_409(endpoint_a):
    with in_schema(endpoint_a.tenant):
        Bundle.objects.filter(id=endpoint_a.bundle.id).update(active=False)

    response = endpoint_a.post(BODY)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "bundle_inactive"


def test_body_over_64_kb_is_413(endpoint_a):
    response = endpoint_a.post({"email": "a@example.com", "pad": "x" * 70_000})

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
    assert calls(endpoint_a.tenant, outcome="accepted") == []


@pytest.mark.parametrize(
    ("raw", "code", "field"),
    [
        ("{not json", "invalid_json", "__body__"),
        ("[1, 2]", "invalid_json", "__body__"),
        ("[" * 5000 + "]" * 5000, "invalid_json", "__body__"),
        (json.dumps({"first_name": "x"}), "missing_email", "email"),
        (json.dumps({"email": "{{ person.email }}"}), "invalid_email", "email"),
        (json.dumps({"email": "not-an-email"}), "invalid_email", "email"),
    ],
    ids=["malformed", "array", "deep-nesting", "no-email", "unrendered-template", "bad-email"],
)
def test_unusable_bodies_are_422_with_the_field(endpoint_a, raw, code, field):
    response = endpoint_a.post(raw)

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == code
    assert list(error["fields"]) == [field]
    [call] = calls(endpoint_a.tenant)
    assert (call.outcome, call.error_code) == ("rejected", code)


def test_over_the_store_rate_limit_is_429_with_retry_after(endpoint_a, monkeypatch):
    from alva.ingest import endpoints

    monkeypatch.setattr(endpoints.time, "time", lambda: 1_800_000_000.5)  # every call in one one-second window
    with in_schema(endpoint_a.tenant):
        WebhookSecret.objects.update(rate_limit_per_second=3)

    responses = [endpoint_a.post({**BODY, "order_id": str(i)}) for i in range(5)]

    assert [r.status_code for r in responses] == [202, 202, 202, 429, 429]
    assert responses[3]["Retry-After"] == "1"
    assert responses[3].json()["error"]["code"] == "rate_limited"
    assert [c.status_code for c in calls(endpoint_a.tenant)] == [202, 202, 202, 429, 429]


def test_rate_limit_is_per_store(endpoint_a, endpoint_b, monkeypatch):
    from alva.ingest import endpoints

    monkeypatch.setattr(endpoints.time, "time", lambda: 1_800_000_000.5)
    for endpoint in (endpoint_a, endpoint_b):
        with in_schema(endpoint.tenant):
            WebhookSecret.objects.update(rate_limit_per_second=1)

    assert endpoint_a.post({**BODY, "order_id": "a1"}).status_code == 202
    assert endpoint_b.post({**BODY, "order_id": "b1"}).status_code == 202
    assert endpoint_a.post({**BODY, "order_id": "a2"}).status_code == 429


def test_get_is_405(endpoint_a):
    response = endpoint_a.client().get(endpoint_a.path)

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_redis_down_still_accepts_and_the_sweeper_recovers(endpoint_a, monkeypatch, django_capture_on_commit_callbacks):
    from alva.ingest import endpoints, tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(endpoints, "get_redis", broker_down)
    monkeypatch.setattr(tasks.process_receipt, "send_with_options", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = endpoint_a.post(BODY)
    monkeypatch.undo()

    assert response.status_code == 202
    assert queued() == []
    with in_schema(endpoint_a.tenant):
        assert receipts_sweep(older_than=timedelta(seconds=-1)) == 1
    assert [m["args"] for m in queued()] == [[response.json()["delivery_id"]]]


def test_database_down_is_503_and_marks_the_connection_for_closing(endpoint_a, monkeypatch):
    import psycopg
    from django.db import connections

    def refuse() -> None:
        raise psycopg.OperationalError("connection refused")

    store_client(endpoint_a.tenant).get("/api/v1/auth/csrf")  # host resolution is cached before the outage
    database = connections["default"]
    with monkeypatch.context() as outage:  # undone before the fixtures' own teardown needs the database
        outage.setattr(database, "errors_occurred", False)
        outage.setattr(database, "ensure_connection", refuse)

        response = endpoint_a.post(BODY)
        # Django health-checks (and closes) a connection with this flag when the request ends.
        flagged = database.errors_occurred

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert flagged is True


def test_slug_of_store_a_is_unknown_on_store_b(endpoint_a, endpoint_b):
    response = endpoint_b.client().post(
        endpoint_a.path, json.dumps(BODY), content_type="application/json", HTTP_X_ALVA_WEBHOOK_SECRET=endpoint_a.secret
    )

    assert response.status_code == 404
    assert calls(endpoint_a.tenant) == []


def test_secret_of_store_a_does_not_open_store_b(endpoint_a, endpoint_b):
    response = endpoint_b.post(BODY, secret=endpoint_a.secret)

    assert response.status_code == 401
    assert calls(endpoint_b.tenant, outcome="accepted") == []


def test_nul_characters_are_refused_not_a_503(endpoint_a):
    response = endpoint_a.post('{"email": "a@example.com", "note": "bad \\u0000 byte"}')

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_json"


@pytest.mark.parametrize("slug", ["%00", "a%2Fb", "x" * 65, "%F0%9F%92%A5"])
def test_malformed_slugs_are_404(endpoint_a, slug):
    response = endpoint_a.client().post(
        f"/webhook/{slug}", "{}", content_type="application/json", HTTP_X_ALVA_WEBHOOK_SECRET=endpoint_a.secret
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] in {"unknown_endpoint", "not_found"}
