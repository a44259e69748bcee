"""The Klaviyo settings API: roles, API-key validation against Klaviyo, secrets never returned, tenant isolation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alva.accounts.models import Role
from alva.core.crypto import decrypt
from alva.core.testing import in_schema, store_client
from alva.klaviyo.models import KlaviyoConnection, OutboxEvent
from alva.klaviyo.services import PURPOSE_API_KEY, connection_connect_api_key
from alva.tenants.urls import store_host

from .helpers import API_KEY, enqueue

URL = "/api/v1/settings/klaviyo"

DISCONNECTED: dict[str, object] = {
    "mode": None,
    "health": "disconnected",
    "account": None,
    "scopes": [],
    "connected_at": None,
    "last_error": None,
    "last_error_at": None,
    "waiting_events": 0,
}


def put_key(client, key=API_KEY):
    return client.put(URL, {"api_key": key}, content_type="application/json")


def test_member_reads_a_disconnected_store(make_member, tenant_a):
    member = make_member(tenant_a, Role.MEMBER)

    response = member.client().get(URL)

    assert response.status_code == 200
    assert response.json() == DISCONNECTED


def test_admin_connects_with_a_private_api_key_stored_sealed(make_member, tenant_a, klaviyo):
    admin = make_member(tenant_a, Role.ADMIN)

    response = put_key(admin.client())

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "mode": "api_key",
        "health": "connected",
        "account": {"id": "EmuDev", "name": "Alva Emulator Store"},
        "scopes": [],
        "connected_at": body["connected_at"],
        "last_error": None,
        "last_error_at": None,
        "waiting_events": 0,
    }
    assert body["connected_at"] is not None
    with in_schema(tenant_a):
        stored = KlaviyoConnection.objects.get()
        assert API_KEY not in str(KlaviyoConnection.objects.values().get())
        assert decrypt(stored.api_key_encrypted, purpose=PURPOSE_API_KEY) == API_KEY
    [request] = klaviyo.state.requests
    assert (request.method, request.path, request.status) == ("GET", "/api/accounts", 200)
    assert request.headers["authorization"] == "Klaviyo-API-Key …_dev"
    assert request.headers["revision"] == "2026-07-15"
    assert request.headers["accept"] == "application/vnd.api+json"


def test_the_key_is_never_returned(owner_a, klaviyo):
    client = owner_a.client()
    put = put_key(client)

    got = client.get(URL)

    assert got.status_code == 200
    assert got.json()["mode"] == "api_key"
    assert API_KEY not in put.content.decode()
    assert API_KEY not in got.content.decode()


def test_a_key_klaviyo_refuses_is_422_on_the_field_and_stores_nothing(owner_a, klaviyo):
    response = put_key(owner_a.client(), "pk_wrong")

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "validation_error",
        "message": "Some fields are invalid.",
        "fields": {"api_key": ["Klaviyo did not accept this API key. Copy a private API key from Klaviyo."]},
    }
    with in_schema(owner_a.tenant):
        assert not KlaviyoConnection.objects.exists()


@pytest.mark.parametrize("key", ["", "pk with space", "x" * 201])
def test_malformed_keys_are_422_without_asking_klaviyo(owner_a, klaviyo, key):
    response = put_key(owner_a.client(), key)

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["api_key"]
    assert klaviyo.state.requests == []


def test_klaviyo_unreachable_is_503(owner_a, klaviyo, settings):
    klaviyo.inject_faults("/api/accounts", [{"disconnect": True}])

    response = put_key(owner_a.client())

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "klaviyo_unavailable"
    with in_schema(owner_a.tenant):
        assert not KlaviyoConnection.objects.exists()


def test_klaviyo_server_error_is_502(owner_a, klaviyo):
    klaviyo.inject_faults("/api/accounts", [{"status": 500}])

    response = put_key(owner_a.client())

    assert response.status_code == 502
    assert response.json()["error"] == {
        "code": "klaviyo_error",
        "message": "Klaviyo answered 500. Try again in a minute.",
    }


def test_klaviyo_rate_limit_is_503_with_retry_after(owner_a, klaviyo):
    klaviyo.inject_faults("/api/accounts", [{"status": 429, "retry_after": 7}])

    response = put_key(owner_a.client())

    assert response.status_code == 503
    assert response["Retry-After"] == "7"


def test_members_cannot_change_the_connection(make_member, tenant_a, klaviyo):
    member = make_member(tenant_a, Role.MEMBER)
    client = member.client()

    responses = [put_key(client), client.delete(URL), client.get(f"{URL}/oauth/start")]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert responses[0].json()["error"] == {
        "code": "forbidden",
        "message": "This action needs the admin role or higher.",
    }
    assert klaviyo.state.requests == []
    with in_schema(tenant_a):
        assert not KlaviyoConnection.objects.exists()


def test_anonymous_callers_are_401(tenant_a):
    client = store_client(tenant_a)

    assert client.get(URL).status_code == 401
    assert client.put(URL, {"api_key": API_KEY}, content_type="application/json").status_code == 401


def test_disconnect_forgets_the_key_and_new_events_wait(owner_a, klaviyo):
    client = owner_a.client()
    put_key(client)

    response = client.delete(URL)

    assert response.status_code == 204
    assert client.get(URL).json() == DISCONNECTED
    with in_schema(owner_a.tenant):
        stored = KlaviyoConnection.objects.get()
        assert (stored.mode, stored.api_key_encrypted, stored.health) == ("", "", "disconnected")
    assert client.delete(URL).status_code == 204


def test_waiting_events_are_counted_and_released_by_connecting(owner_a, klaviyo, django_capture_on_commit_callbacks):
    with in_schema(owner_a.tenant):
        event = enqueue()
        OutboxEvent.objects.filter(id=event.id).update(state=OutboxEvent.State.WAITING_FOR_CONNECTION)
    client = owner_a.client()
    assert client.get(URL).json()["waiting_events"] == 1

    with django_capture_on_commit_callbacks() as callbacks:
        response = put_key(client)

    assert response.json()["waiting_events"] == 0
    assert len(callbacks) == 1
    with in_schema(owner_a.tenant):
        released = OutboxEvent.objects.get(id=event.id)
        assert released.state == "pending"
        assert released.next_attempt_at <= timezone.now() + timedelta(seconds=1)


def test_a_connection_is_the_stores_own(owner_a, owner_b, klaviyo):
    put_key(owner_a.client())
    b_client = owner_b.client()

    assert b_client.get(URL).json() == DISCONNECTED
    assert b_client.delete(URL).status_code == 204
    assert owner_a.client().get(URL).json()["health"] == "connected"
    with in_schema(owner_b.tenant):
        assert not KlaviyoConnection.objects.exists()


def test_a_session_of_store_a_does_not_work_on_store_b(owner_a, tenant_b, klaviyo):
    client = owner_a.client()
    client.defaults["HTTP_HOST"] = store_host(tenant_b.subdomain)

    response = put_key(client)

    assert response.status_code == 401
    assert klaviyo.state.requests == []
    with in_schema(tenant_b):
        assert not KlaviyoConnection.objects.exists()


def test_connecting_twice_keeps_one_row(tenant_a, klaviyo):
    with in_schema(tenant_a):
        connection_connect_api_key(api_key=API_KEY)
        connection_connect_api_key(api_key=API_KEY)

        assert KlaviyoConnection.objects.count() == 1
