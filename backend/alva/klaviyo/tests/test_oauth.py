"""OAuth 2.0 + PKCE against the emulator: start, the public callback, completion on the store host, refresh, revoke."""

import json
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.core import signing
from django.db import connection as db_connection
from django.utils import timezone

from alva.accounts.models import Role
from alva.core.crypto import decrypt, encrypt
from alva.core.redis import get_redis
from alva.core.testing import in_schema, public_client
from alva.klaviyo import client as klaviyo_client
from alva.klaviyo import services
from alva.klaviyo.models import KlaviyoConnection, OutboxEvent
from alva.klaviyo.services import (
    OAUTH_STATE_SALT,
    PURPOSE_ACCESS_TOKEN,
    PURPOSE_REFRESH_TOKEN,
    connection_credential,
    connection_oauth_refresh,
    pkce_challenge,
)
from alva.klaviyo.tasks import send_event

from .helpers import API_KEY, enqueue

URL = "/api/v1/settings/klaviyo"
REDIRECT_URI = "http://app.alva.localhost/oauth/klaviyo/callback"
SCOPES = "accounts:read events:write"


def start(client) -> str:
    response = client.get(f"{URL}/oauth/start")
    assert response.status_code == 200, response.content
    return response.json()["authorize_url"]


def consent(authorize_url: str) -> str:
    """The browser at Klaviyo: consent is automatic in the emulator; returns where Klaviyo redirects to."""
    response = httpx.get(authorize_url, follow_redirects=False)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def through_public_host(location: str) -> str:
    """The browser at app.: our public callback checks the state and sends it on to the store host."""
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REDIRECT_URI
    response = public_client().get(f"{parts.path}?{parts.query}")
    assert response.status_code == 302, response.content
    return response["Location"]


def store_path(location: str, subdomain: str = "alpha") -> str:
    parts = urlsplit(location)
    assert parts.netloc == f"{subdomain}.alva.localhost"
    return f"{parts.path}?{parts.query}"


def connect_with_oauth(member) -> object:
    client = member.client()
    store_callback = store_path(through_public_host(consent(start(client))), member.tenant.subdomain)
    return client.get(store_callback)


def test_start_gives_an_authorize_url_with_pkce_and_a_signed_state(owner_a, klaviyo):
    url = start(owner_a.client())

    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{klaviyo.base_url}/oauth/authorize"
    assert query == {
        "response_type": "code",
        "client_id": "emulator-client",
        "redirect_uri": REDIRECT_URI,
        "scope": SCOPES,
        "code_challenge_method": "S256",
        "code_challenge": query["code_challenge"],
        "state": query["state"],
    }
    state = signing.loads(query["state"], salt=OAUTH_STATE_SALT)
    assert state == {"store": "alpha", "nonce": state["nonce"]}
    [key] = get_redis().keys("alva:klaviyo-oauth:*")
    assert 0 < get_redis().ttl(key) <= 600
    # The verifier never leaves the server: only its S256 challenge is in the URL.
    pending = json.loads(get_redis().get(key) or b"{}")
    assert pending == {"tenant_id": owner_a.tenant.id, "user_id": owner_a.user.id, "verifier": pending["verifier"]}
    assert pkce_challenge(pending["verifier"]) == query["code_challenge"]
    assert pending["verifier"] not in url


def test_full_oauth_flow_connects_the_store(owner_a, klaviyo):
    response = connect_with_oauth(owner_a)

    assert response.status_code == 302
    assert response["Location"] == "/settings/klaviyo?connected=1"
    body = owner_a.client().get(URL).json()
    assert body["mode"] == "oauth"
    assert body["health"] == "connected"
    assert body["account"] == {"id": "EmuDev", "name": "Alva Emulator Store"}
    assert body["scopes"] == ["accounts:read", "events:write"]
    with in_schema(owner_a.tenant):
        stored = KlaviyoConnection.objects.get()
        access = decrypt(stored.access_token_encrypted, purpose=PURPOSE_ACCESS_TOKEN)
        refresh = decrypt(stored.refresh_token_encrypted, purpose=PURPOSE_REFRESH_TOKEN)
        assert access.startswith("emu_at_")
        assert refresh.startswith("emu_rt_")
        assert access not in str(KlaviyoConnection.objects.values().get())
        assert stored.access_token_expires_at is not None
        assert timezone.now() + timedelta(minutes=59) < stored.access_token_expires_at
        assert stored.api_key_encrypted == ""
    assert access not in str(body)
    assert refresh not in str(body)
    token_request = next(r for r in klaviyo.state.requests if r.path == "/oauth/token")
    assert token_request.headers["authorization"].startswith("Basic ")
    form = parse_qs(token_request.body)
    assert form["grant_type"] == ["authorization_code"]
    assert form["redirect_uri"] == [REDIRECT_URI]
    assert len(form["code_verifier"][0]) >= 43
    assert get_redis().keys("alva:klaviyo-oauth:*") == []


def test_public_callback_forwards_only_the_oauth_parameters(klaviyo, tenant_a):
    state = signing.dumps({"store": "alpha", "nonce": "n"}, salt=OAUTH_STATE_SALT)

    response = public_client().get("/oauth/klaviyo/callback", {"code": "c0de", "state": state, "next": "//evil"})

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc, location.path) == (
        "http",
        "alpha.alva.localhost",
        "/api/v1/settings/klaviyo/oauth/callback",
    )
    assert parse_qs(location.query) == {"code": ["c0de"], "state": [state]}
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("state", ["", "forged", signing.dumps({"store": "alpha", "nonce": "n"}, salt="other")])
def test_public_callback_refuses_a_state_we_did_not_sign(db, state):
    response = public_client().get("/oauth/klaviyo/callback", {"code": "c0de", "state": state})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert b"invalid or has expired" in response.content


def test_public_callback_refuses_an_expired_state(db, settings):
    state = signing.dumps({"store": "alpha", "nonce": "n"}, salt=OAUTH_STATE_SALT)
    settings.KLAVIYO_OAUTH_STATE_MAX_AGE_SECONDS = -1

    response = public_client().get("/oauth/klaviyo/callback", {"code": "c0de", "state": state})

    assert response.status_code == 400


def test_a_replayed_callback_connects_nothing(owner_a, klaviyo):
    client = owner_a.client()
    callback = store_path(through_public_host(consent(start(client))))
    assert client.get(callback)["Location"] == "/settings/klaviyo?connected=1"
    client.delete(URL)

    replay = client.get(callback)

    assert replay["Location"] == "/settings/klaviyo?error=invalid_state"
    assert client.get(URL).json()["health"] == "disconnected"


def test_a_callback_finished_by_another_admin_is_refused(owner_a, make_member, klaviyo):
    callback = store_path(through_public_host(consent(start(owner_a.client()))))
    other_admin = make_member(owner_a.tenant, Role.ADMIN)

    response = other_admin.client().get(callback)

    assert response["Location"] == "/settings/klaviyo?error=invalid_state"
    with in_schema(owner_a.tenant):
        assert not KlaviyoConnection.objects.exists()
    assert [r.path for r in klaviyo.state.requests] == ["/oauth/authorize"]


def test_a_state_of_store_a_is_refused_on_store_b(owner_a, owner_b, klaviyo):
    callback = store_path(through_public_host(consent(start(owner_a.client()))))

    response = owner_b.client().get(callback)

    assert response["Location"] == "/settings/klaviyo?error=invalid_state"
    with in_schema(owner_b.tenant):
        assert not KlaviyoConnection.objects.exists()
    # Store A's own attempt is still intact.
    assert owner_a.client().get(callback)["Location"] == "/settings/klaviyo?connected=1"


def test_a_merchant_who_declines_goes_back_with_the_error(owner_a, klaviyo):
    klaviyo.state.set_consent(approve=False)

    response = connect_with_oauth(owner_a)

    assert response["Location"] == "/settings/klaviyo?error=access_denied"
    with in_schema(owner_a.tenant):
        assert not KlaviyoConnection.objects.exists()


def test_a_code_klaviyo_refuses_is_an_error_redirect(owner_a, klaviyo):
    client = owner_a.client()
    callback = store_path(through_public_host(consent(start(client))))
    tampered = callback.replace("code=", "code=x")

    response = client.get(tampered)

    assert response["Location"] == "/settings/klaviyo?error=token_exchange_failed"
    with in_schema(owner_a.tenant):
        assert not KlaviyoConnection.objects.exists()


def test_members_cannot_finish_an_oauth_connection(owner_a, make_member, klaviyo):
    callback = store_path(through_public_host(consent(start(owner_a.client()))))
    member = make_member(owner_a.tenant, Role.MEMBER)

    assert member.client().get(callback).status_code == 403


def test_oauth_not_configured_is_503(owner_a, settings):
    settings.KLAVIYO_CLIENT_ID = ""

    response = owner_a.client().get(f"{URL}/oauth/start")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "oauth_not_configured"


def test_oauth_replaces_an_api_key_connection(owner_a, klaviyo):
    client = owner_a.client()
    client.put(URL, {"api_key": API_KEY}, content_type="application/json")

    connect_with_oauth(owner_a)

    with in_schema(owner_a.tenant):
        [stored] = KlaviyoConnection.objects.all()
        assert (stored.mode, stored.api_key_encrypted) == ("oauth", "")


def test_disconnect_revokes_the_grant_at_klaviyo_after_commit(owner_a, klaviyo, django_capture_on_commit_callbacks):
    connect_with_oauth(owner_a)
    assert len(klaviyo.state.oauth.active_grants()) == 1
    client = owner_a.client()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(URL)

    assert response.status_code == 204
    assert klaviyo.state.oauth.active_grants() == []
    with in_schema(owner_a.tenant):
        stored = KlaviyoConnection.objects.get()
        assert (stored.access_token_encrypted, stored.refresh_token_encrypted, stored.health) == (
            "",
            "",
            "disconnected",
        )


def test_disconnect_succeeds_when_revoking_fails(owner_a, klaviyo, django_capture_on_commit_callbacks):
    connect_with_oauth(owner_a)
    klaviyo.inject_faults("/oauth/revoke", [{"status": 503}])
    client = owner_a.client()

    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(URL).status_code == 204
    assert [r.status for r in klaviyo.state.requests if r.path == "/oauth/revoke"] == [503]
    assert owner_a.client().get(URL).json()["health"] == "disconnected"


# --- refresh -----------------------------------------------------------------------------------


def oauth_connection(klaviyo, *, expires_in: timedelta) -> dict[str, str]:
    """Tokens issued by the emulator, stored as an OAuth connection of the active schema."""
    verifier = "v" * 64
    store = klaviyo.state.oauth
    code = store.issue_code("emulator-client", REDIRECT_URI, pkce_challenge(verifier), SCOPES, "EmuDev")
    issued = store.exchange_code("emulator-client", code, REDIRECT_URI, verifier)
    tokens = {"access": issued.payload["access_token"], "refresh": issued.payload["refresh_token"]}
    KlaviyoConnection.objects.create(
        mode="oauth",
        access_token_encrypted=encrypt(tokens["access"], purpose=PURPOSE_ACCESS_TOKEN),
        refresh_token_encrypted=encrypt(tokens["refresh"], purpose=PURPOSE_REFRESH_TOKEN),
        access_token_expires_at=timezone.now() + expires_in,
        scopes=SCOPES,
        account_id="EmuDev",
        account_name="Alva Emulator Store",
        health="connected",
    )
    return tokens


def stored_tokens() -> dict[str, str]:
    stored = KlaviyoConnection.objects.get()
    return {
        "access": decrypt(stored.access_token_encrypted, purpose=PURPOSE_ACCESS_TOKEN),
        "refresh": decrypt(stored.refresh_token_encrypted, purpose=PURPOSE_REFRESH_TOKEN),
    }


def token_requests(klaviyo) -> list:
    return [r for r in klaviyo.state.requests if r.path == "/oauth/token"]


def test_an_expiring_token_is_refreshed_and_the_rotated_refresh_token_kept(tenant_a, klaviyo):
    with in_schema(tenant_a):
        old = oauth_connection(klaviyo, expires_in=timedelta(minutes=2))

        credential = connection_credential()

        new = stored_tokens()
        assert credential == klaviyo_client.Credential("oauth", new["access"])
        assert new["access"] != old["access"]
        assert new["refresh"] != old["refresh"]
        expires_at = KlaviyoConnection.objects.get().access_token_expires_at
        assert expires_at is not None
        assert expires_at > timezone.now() + timedelta(minutes=59)
    assert parse_qs(token_requests(klaviyo)[0].body)["grant_type"] == ["refresh_token"]
    with pytest.raises(klaviyo_client.OAuthError) as refused:
        klaviyo_client.oauth_refresh(refresh_token=old["refresh"])
    assert refused.value.error == "invalid_grant"


def test_a_fresh_token_is_not_refreshed(tenant_a, klaviyo):
    with in_schema(tenant_a):
        tokens = oauth_connection(klaviyo, expires_in=timedelta(minutes=30))

        assert connection_credential() == klaviyo_client.Credential("oauth", tokens["access"])
    assert token_requests(klaviyo) == []


def test_a_401_on_send_refreshes_once_and_resends(tenant_a, klaviyo):
    with in_schema(tenant_a):
        oauth_connection(klaviyo, expires_in=timedelta(minutes=30))
        event = enqueue()
        klaviyo.state.oauth.expire_access_tokens()

        send_event.fn(str(event.id))

        event.refresh_from_db()
        assert (event.state, event.attempts) == ("sent", 1)
    assert [(r.path, r.status) for r in klaviyo.state.requests] == [
        ("/api/events", 401),
        ("/oauth/token", 200),
        ("/api/events", 202),
    ]
    [recorded] = klaviyo.state.events
    assert recorded.auth_mode == "oauth"


def test_a_refused_refresh_marks_the_connection_revoked_and_events_wait(tenant_a, klaviyo):
    with in_schema(tenant_a):
        tokens = oauth_connection(klaviyo, expires_in=timedelta(seconds=1))
        klaviyo.state.oauth.revoke("emulator-client", tokens["refresh"])
        event = enqueue()

        send_event.fn(str(event.id))

        event.refresh_from_db()
        stored = KlaviyoConnection.objects.get()
        assert event.state == "waiting_for_connection"
        assert event.attempts == 0
        assert stored.health == "revoked"
        assert stored.last_error == "Klaviyo no longer accepts this connection: connect Klaviyo again."
        assert stored.refresh_token_encrypted == ""
    assert [r.path for r in klaviyo.state.requests] == ["/oauth/token"]


def test_klaviyo_down_during_refresh_retries_the_event_later(tenant_a, klaviyo):
    with in_schema(tenant_a):
        oauth_connection(klaviyo, expires_in=timedelta(seconds=1))
        klaviyo.inject_faults("/oauth/token", [{"status": 503}])
        event = enqueue()

        send_event.fn(str(event.id))

        event.refresh_from_db()
        stored = KlaviyoConnection.objects.get()
        assert (event.state, event.attempts, event.last_error) == (
            "pending",
            1,
            "Could not refresh the Klaviyo access token: Klaviyo answered 503.",
        )
        assert stored.health == "failing"
        assert stored.refresh_token_encrypted != ""


def test_two_workers_refreshing_at_once_keep_the_rotated_token(committed_store, django_db_blocker, klaviyo):
    with django_db_blocker.unblock(), in_schema(committed_store):
        oauth_connection(klaviyo, expires_in=timedelta(seconds=-1))
    # The first refresh holds the row lock while Klaviyo is slow; the second must wait, then reuse its result.
    klaviyo.inject_faults("/oauth/token", [{"delay_ms": 300}])
    barrier = threading.Barrier(2)
    results: list[object] = []

    def worker() -> None:
        with django_db_blocker.unblock():
            try:
                with in_schema(committed_store):
                    barrier.wait()
                    results.append(connection_oauth_refresh())
            finally:
                db_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert len(token_requests(klaviyo)) == 1
    with django_db_blocker.unblock(), in_schema(committed_store):
        final = stored_tokens()
    assert results == [klaviyo_client.Credential("oauth", final["access"])] * 2
    # The stored refresh token is the live one: Klaviyo accepts it.
    assert klaviyo_client.oauth_refresh(refresh_token=final["refresh"]).access_token.startswith("emu_at_")


def test_waiting_events_are_released_by_an_oauth_connection(owner_a, klaviyo, django_capture_on_commit_callbacks):
    with in_schema(owner_a.tenant):
        event = enqueue()
        OutboxEvent.objects.filter(id=event.id).update(state="waiting_for_connection")

    with django_capture_on_commit_callbacks() as callbacks:
        connect_with_oauth(owner_a)

    assert len(callbacks) == 1
    with in_schema(owner_a.tenant):
        assert OutboxEvent.objects.get(id=event.id).state == "pending"


def test_redirect_uri_follows_the_public_host(settings):
    settings.APP_SCHEME = "https"
    settings.PUBLIC_HOST = "app.alva.example"
    settings.APP_PUBLIC_PORT = ""

    assert services.oauth_redirect_uri() == "https://app.alva.example/oauth/klaviyo/callback"


def test_a_401_even_after_a_refresh_is_retried_within_the_budget(tenant_a, klaviyo):
    with in_schema(tenant_a):
        oauth_connection(klaviyo, expires_in=timedelta(minutes=30))
        klaviyo.inject_faults("/api/events", [{"status": 401}, {"status": 401}])
        event = enqueue()

        send_event.fn(str(event.id))

        event.refresh_from_db()
        stored = KlaviyoConnection.objects.get()
        assert (event.state, event.attempts) == ("pending", 1)
        assert event.last_error == "Klaviyo answered 401: Injected fault with status 401."
        assert stored.health == "failing"
    assert [(r.path, r.status) for r in klaviyo.state.requests] == [
        ("/api/events", 401),
        ("/oauth/token", 200),
        ("/api/events", 401),
    ]


def test_our_client_refused_at_refresh_is_retried_not_revoked(tenant_a, klaviyo, settings):
    settings.KLAVIYO_CLIENT_SECRET = "wrong-secret"
    with in_schema(tenant_a):
        oauth_connection(klaviyo, expires_in=timedelta(seconds=1))
        event = enqueue()

        send_event.fn(str(event.id))

        event.refresh_from_db()
        stored = KlaviyoConnection.objects.get()
        assert (event.state, event.attempts) == ("pending", 1)
        assert event.last_error == (
            "Could not refresh the Klaviyo access token: Klaviyo refused to refresh the access token (invalid_client)."
        )
        assert (stored.health, stored.refresh_token_encrypted != "") == ("failing", True)
