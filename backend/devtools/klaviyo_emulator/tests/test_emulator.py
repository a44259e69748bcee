"""Tests of the Klaviyo emulator over loopback HTTP, as Alva's Klaviyo client will talk to it."""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from jsonschema import Draft4Validator

from devtools.klaviyo_emulator import EmulatorConfig, EmulatorHandle, start_emulator
from devtools.klaviyo_emulator.__main__ import _parser, build_config
from devtools.klaviyo_emulator.validation import client_error_schema

REVISION = "2026-07-15"
API_KEY = "pk_emulator_dev"
BACKEND_DIR = Path(__file__).resolve().parents[3]
CLIENT_ERROR = Draft4Validator(client_error_schema())


def event_body(email: str = "ada@example.com", unique_id: str | None = "delivery-1:ready") -> dict[str, Any]:
    """A Create Event body as Alva sends `Alva Download Ready` (product.md §5)."""
    attributes: dict[str, Any] = {
        "properties": {
            "DownloadPageURL": "https://shop.example/d/tok_abc123",
            "ProductName": "Photography Presets",
            "FileCount": 2,
            "ExpiresAt": "2026-08-01T12:00:00+00:00",
            "MaxDownloads": 5,
            "Files": [
                {"Name": "presets.zip", "Type": "archive", "SizeMB": 12.5},
                {"Name": "guide.pdf", "Type": "document", "SizeMB": 1.2},
            ],
        },
        "metric": {"data": {"type": "metric", "attributes": {"name": "Alva Download Ready"}}},
        "profile": {
            "data": {
                "type": "profile",
                "attributes": {"email": email, "first_name": "Ada", "last_name": "Lovelace"},
            }
        },
        "time": "2026-07-20T10:00:00+00:00",
    }
    if unique_id is not None:
        attributes["unique_id"] = unique_id
    return {"data": {"type": "event", "attributes": attributes}}


def api_headers(key: str = API_KEY) -> dict[str, str]:
    return {
        "Authorization": f"Klaviyo-API-Key {key}",
        "revision": REVISION,
        "Content-Type": "application/vnd.api+json",
        "Accept": "application/vnd.api+json",
    }


def post_event(emulator: EmulatorHandle, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(
        f"{emulator.base_url}/api/events",
        json=body,
        headers=api_headers() if headers is None else headers,
        timeout=5,
    )


def errors_of(response: httpx.Response) -> list[dict[str, Any]]:
    """The JSON:API errors, after checking the body against Klaviyo's ClientError schema."""
    payload = response.json()
    CLIENT_ERROR.validate(payload)
    errors: list[dict[str, Any]] = payload["errors"]
    return errors


def pointers(response: httpx.Response) -> list[str]:
    return [e["source"]["pointer"] for e in errors_of(response)]


# --- Create Event ---------------------------------------------------------------------------


def test_valid_event_is_accepted_and_recorded(klaviyo_emulator: EmulatorHandle) -> None:
    response = post_event(klaviyo_emulator, event_body())

    assert response.status_code == 202
    assert response.content == b""
    [event] = klaviyo_emulator.state.events
    assert event.metric_name == "Alva Download Ready"
    assert event.account_id == "EmuDev"
    assert event.profile == {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}
    assert event.properties == event_body()["data"]["attributes"]["properties"]
    assert event.unique_id == "delivery-1:ready"
    assert event.time == "2026-07-20T10:00:00+00:00"
    assert event.auth_mode == "api_key"
    assert event.revision == REVISION
    assert event.source == "create_event"

    listed = httpx.get(f"{klaviyo_emulator.base_url}/_emulator/events", timeout=5).json()["events"]
    assert [(e["metric_name"], e["unique_id"], e["auth_mode"]) for e in listed] == [
        ("Alva Download Ready", "delivery-1:ready", "api_key")
    ]
    assert listed[0]["profile"]["email"] == "ada@example.com"
    assert listed[0]["properties"]["Files"][0] == {"Name": "presets.zip", "Type": "archive", "SizeMB": 12.5}


def test_nullable_fields_accept_null(klaviyo_emulator: EmulatorHandle) -> None:
    body = event_body()
    body["data"]["attributes"].update({"time": None, "value": None, "unique_id": None})
    body["data"]["attributes"]["profile"]["data"]["attributes"]["location"] = None

    response = post_event(klaviyo_emulator, body)

    assert response.status_code == 202
    [event] = klaviyo_emulator.state.events
    assert event.unique_id is None
    assert event.value is None


@pytest.mark.parametrize(
    ("mutate", "expected_pointer"),
    [
        (lambda a: a.pop("metric"), "/data/attributes/metric"),
        (lambda a: a.__setitem__("properties", ["not", "an", "object"]), "/data/attributes/properties"),
        (lambda a: a.pop("profile"), "/data/attributes/profile"),
        (lambda a: a["metric"]["data"]["attributes"].pop("name"), "/data/attributes/metric/data/attributes/name"),
        (lambda a: a.__setitem__("time", "yesterday"), "/data/attributes/time"),
        (lambda a: a.__setitem__("value", "9.99"), "/data/attributes/value"),
        (
            lambda a: a["profile"]["data"]["attributes"].__setitem__("location", "Paris"),
            "/data/attributes/profile/data/attributes/location",
        ),
        (lambda a: a["metric"]["data"].__setitem__("type", "event"), "/data/attributes/metric/data/type"),
    ],
    ids=[
        "missing-metric",
        "properties-not-object",
        "missing-profile",
        "missing-metric-name",
        "bad-time-format",
        "value-as-string",
        "location-not-object",
        "wrong-metric-type",
    ],
)
def test_invalid_event_is_rejected_with_pointer(
    klaviyo_emulator: EmulatorHandle, mutate: Any, expected_pointer: str
) -> None:
    body = event_body()
    mutate(body["data"]["attributes"])

    response = post_event(klaviyo_emulator, body)

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/vnd.api+json"
    [error] = errors_of(response)
    assert error["status"] == 400
    assert error["code"] == "invalid"
    assert error["title"] == "Invalid input."
    assert error["source"] == {"pointer": expected_pointer}
    assert klaviyo_emulator.state.events == []


def test_missing_required_field_detail_names_the_field(klaviyo_emulator: EmulatorHandle) -> None:
    body = event_body()
    del body["data"]["attributes"]["metric"]

    [error] = errors_of(post_event(klaviyo_emulator, body))

    assert error["detail"] == "'metric' is a required field."


def test_every_violation_is_reported(klaviyo_emulator: EmulatorHandle) -> None:
    body = event_body()
    del body["data"]["attributes"]["metric"]
    del body["data"]["attributes"]["profile"]
    body["data"]["type"] = "events"

    response = post_event(klaviyo_emulator, body)

    assert response.status_code == 400
    assert sorted(pointers(response)) == [
        "/data/attributes/metric",
        "/data/attributes/profile",
        "/data/type",
    ]


def test_profile_without_identifier_is_rejected(klaviyo_emulator: EmulatorHandle) -> None:
    body = event_body()
    body["data"]["attributes"]["profile"]["data"]["attributes"] = {"first_name": "Ada"}

    response = post_event(klaviyo_emulator, body)

    assert response.status_code == 400
    assert pointers(response) == ["/data/attributes/profile/data"]


def test_malformed_email_is_rejected(klaviyo_emulator: EmulatorHandle) -> None:
    response = post_event(klaviyo_emulator, event_body(email="not-an-email"))

    assert response.status_code == 400
    assert pointers(response) == ["/data/attributes/profile/data/attributes/email"]


def test_documented_limits_are_enforced(klaviyo_emulator: EmulatorHandle) -> None:
    too_long = event_body()
    too_long["data"]["attributes"]["properties"]["Big"] = "x" * (100 * 1024 + 1)
    too_early = event_body()
    too_early["data"]["attributes"]["time"] = "1989-12-31T23:59:59Z"

    long_response = post_event(klaviyo_emulator, too_long)
    early_response = post_event(klaviyo_emulator, too_early)

    assert long_response.status_code == 400
    assert pointers(long_response) == ["/data/attributes/properties/Big"]
    assert early_response.status_code == 400
    assert pointers(early_response) == ["/data/attributes/time"]
    assert klaviyo_emulator.state.events == []


def test_one_keep_alive_connection_serves_mixed_answers(klaviyo_emulator: EmulatorHandle) -> None:
    invalid = event_body()
    del invalid["data"]["attributes"]["metric"]
    with httpx.Client(base_url=klaviyo_emulator.base_url, headers=api_headers(), timeout=5) as client:
        statuses = [
            client.post("/api/events", json=event_body(unique_id="a")).status_code,
            client.post("/api/events", json=invalid).status_code,
            client.post("/api/events", content=b"{nope").status_code,
            client.get("/api/accounts").status_code,
            client.post("/api/events", json=event_body(unique_id="b")).status_code,
        ]

    assert statuses == [202, 400, 400, 200, 202]
    assert [e.unique_id for e in klaviyo_emulator.state.events] == ["a", "b"]


def test_body_that_is_not_json_is_a_parse_error(klaviyo_emulator: EmulatorHandle) -> None:
    response = httpx.post(f"{klaviyo_emulator.base_url}/api/events", content=b"{nope", headers=api_headers(), timeout=5)

    assert response.status_code == 400
    [error] = errors_of(response)
    assert error["code"] == "parse_error"
    assert klaviyo_emulator.state.events == []


def test_missing_revision_header_is_rejected(klaviyo_emulator: EmulatorHandle) -> None:
    headers = api_headers()
    del headers["revision"]

    response = post_event(klaviyo_emulator, event_body(), headers)

    assert response.status_code == 400
    [error] = errors_of(response)
    assert error["source"] == {"parameter": "revision"}
    assert klaviyo_emulator.state.events == []


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        ("Klaviyo-API-Key pk_wrong", "authentication_failed"),
        ("Bearer not-a-token", "authentication_failed"),
        (None, "not_authenticated"),
        ("Token pk_emulator_dev", "not_authenticated"),
    ],
)
def test_bad_credentials_get_401(klaviyo_emulator: EmulatorHandle, authorization: str | None, code: str) -> None:
    headers = api_headers()
    del headers["Authorization"]
    if authorization is not None:
        headers["Authorization"] = authorization

    response = post_event(klaviyo_emulator, event_body(), headers)

    assert response.status_code == 401
    [error] = errors_of(response)
    assert error["status"] == 401
    assert error["code"] == code
    assert klaviyo_emulator.state.events == []


def test_repeated_unique_id_is_accepted_but_recorded_once(klaviyo_emulator: EmulatorHandle) -> None:
    first = post_event(klaviyo_emulator, event_body())
    # Same profile by email, whatever the case; Klaviyo still answers 202.
    second = post_event(klaviyo_emulator, event_body(email="ADA@example.com"))
    other_id = post_event(klaviyo_emulator, event_body(unique_id="delivery-2:ready"))
    other_profile = post_event(klaviyo_emulator, event_body(email="bob@example.com"))

    assert [r.status_code for r in (first, second, other_id, other_profile)] == [202, 202, 202, 202]
    assert [(e.profile["email"], e.unique_id) for e in klaviyo_emulator.state.events] == [
        ("ada@example.com", "delivery-1:ready"),
        ("ada@example.com", "delivery-2:ready"),
        ("bob@example.com", "delivery-1:ready"),
    ]
    outcomes = [r.outcome for r in klaviyo_emulator.state.requests]
    assert outcomes == ["recorded", "duplicate", "recorded", "recorded"]


def test_same_unique_id_for_another_metric_is_recorded(klaviyo_emulator: EmulatorHandle) -> None:
    body = event_body()
    other = copy.deepcopy(body)
    other["data"]["attributes"]["metric"]["data"]["attributes"]["name"] = "Alva Token Expired"

    post_event(klaviyo_emulator, body)
    post_event(klaviyo_emulator, other)

    assert [e.metric_name for e in klaviyo_emulator.state.events] == [
        "Alva Download Ready",
        "Alva Token Expired",
    ]


def test_without_unique_id_the_time_to_the_second_dedups(klaviyo_emulator: EmulatorHandle) -> None:
    first = event_body(unique_id=None)
    same_second = event_body(unique_id=None)
    same_second["data"]["attributes"]["time"] = "2026-07-20T10:00:00.700+00:00"
    next_second = event_body(unique_id=None)
    next_second["data"]["attributes"]["time"] = "2026-07-20T10:00:01Z"

    for body in (first, same_second, next_second):
        assert post_event(klaviyo_emulator, body).status_code == 202

    assert [e.time for e in klaviyo_emulator.state.events] == [
        "2026-07-20T10:00:00+00:00",
        "2026-07-20T10:00:01+00:00",
    ]


# --- Bulk Create Events ---------------------------------------------------------------------


def bulk_body(*emails_and_ids: tuple[str, str]) -> dict[str, Any]:
    entries = []
    for email, unique_id in emails_and_ids:
        single = event_body(email=email, unique_id=unique_id)["data"]["attributes"]
        profile = single.pop("profile")
        entries.append(
            {
                "type": "event-bulk-create",
                "attributes": {
                    "profile": profile,
                    "events": {"data": [{"type": "event", "attributes": single}]},
                },
            }
        )
    return {
        "data": {
            "type": "event-bulk-create-job",
            "attributes": {"events-bulk-create": {"data": entries}},
        }
    }


def post_bulk(emulator: EmulatorHandle, body: Any) -> httpx.Response:
    return httpx.post(f"{emulator.base_url}/api/event-bulk-create-jobs", json=body, headers=api_headers(), timeout=5)


def test_bulk_job_records_each_event(klaviyo_emulator: EmulatorHandle) -> None:
    response = post_bulk(klaviyo_emulator, bulk_body(("ada@example.com", "d1"), ("bob@example.com", "d2")))

    assert response.status_code == 202
    job = response.json()["data"]
    assert job["type"] == "event-bulk-create-job"
    assert job["attributes"]["status"] == "complete"
    assert job["attributes"]["total_count"] == 2
    assert job["attributes"]["completed_count"] == 2
    assert job["attributes"]["failed_count"] == 0
    events = klaviyo_emulator.state.events
    assert [(e.profile["email"], e.unique_id, e.source, e.job_id) for e in events] == [
        ("ada@example.com", "d1", "bulk_create_events", job["id"]),
        ("bob@example.com", "d2", "bulk_create_events", job["id"]),
    ]


def test_bulk_job_with_a_repeated_unique_id_records_nothing(klaviyo_emulator: EmulatorHandle) -> None:
    post_event(klaviyo_emulator, event_body(email="ada@example.com", unique_id="d1"))

    response = post_bulk(klaviyo_emulator, bulk_body(("bob@example.com", "d2"), ("ada@example.com", "d1")))

    assert response.status_code == 202
    assert response.json()["data"]["attributes"]["status"] == "failed"
    assert [e.unique_id for e in klaviyo_emulator.state.events] == ["d1"]


def test_invalid_bulk_job_is_rejected_with_pointer(klaviyo_emulator: EmulatorHandle) -> None:
    body = bulk_body(("ada@example.com", "d1"))
    entry = body["data"]["attributes"]["events-bulk-create"]["data"][0]
    del entry["attributes"]["events"]["data"][0]["attributes"]["metric"]

    response = post_bulk(klaviyo_emulator, body)

    assert response.status_code == 400
    assert pointers(response) == [
        "/data/attributes/events-bulk-create/data/0/attributes/events/data/0/attributes/metric"
    ]
    assert klaviyo_emulator.state.events == []


# --- Accounts -------------------------------------------------------------------------------


def test_accounts_returns_the_keys_account() -> None:
    config = EmulatorConfig(
        api_keys={"pk_emulator_dev": "EmuDev", "pk_other": "Other1"},
        account_name="Ada's Presets",
        account_sender_email="hello@ada.example",
    )
    with start_emulator(config=config) as emulator:
        mine = httpx.get(f"{emulator.base_url}/api/accounts", headers=api_headers(), timeout=5)
        other = httpx.get(f"{emulator.base_url}/api/accounts", headers=api_headers("pk_other"), timeout=5)
        unauthenticated = httpx.get(f"{emulator.base_url}/api/accounts", headers={"revision": REVISION}, timeout=5)

    assert mine.status_code == 200
    assert mine.headers["content-type"] == "application/vnd.api+json"
    [account] = mine.json()["data"]
    assert account["type"] == "account"
    assert account["id"] == "EmuDev"
    assert account["attributes"]["contact_information"]["organization_name"] == "Ada's Presets"
    assert account["attributes"]["contact_information"]["default_sender_email"] == "hello@ada.example"
    assert [a["id"] for a in other.json()["data"]] == ["Other1"]
    assert unauthenticated.status_code == 401


def test_unknown_api_path_and_wrong_method(klaviyo_emulator: EmulatorHandle) -> None:
    missing = httpx.get(f"{klaviyo_emulator.base_url}/api/nothing-here", headers=api_headers(), timeout=5)
    wrong_method = httpx.get(f"{klaviyo_emulator.base_url}/api/events", headers=api_headers(), timeout=5)

    assert missing.status_code == 404
    assert errors_of(missing)[0]["code"] == "not_found"
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"


# --- OAuth ----------------------------------------------------------------------------------

CLIENT = ("emulator-client", "emulator-secret")
REDIRECT_URI = "http://app.localhost:8000/integrations/klaviyo/callback"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize(emulator: EmulatorHandle, challenge: str, scope: str = "accounts:read events:write") -> httpx.Response:
    return httpx.get(
        f"{emulator.base_url}/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": CLIENT[0],
            "redirect_uri": REDIRECT_URI,
            "scope": scope,
            "state": "st-123",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
        timeout=5,
    )


def redirect_params(response: httpx.Response) -> dict[str, str]:
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    return {k: v[0] for k, v in parse_qs(location.query).items()}


def token_request(emulator: EmulatorHandle, data: dict[str, str], auth: tuple[str, str] = CLIENT) -> httpx.Response:
    return httpx.post(f"{emulator.base_url}/oauth/token", data=data, auth=auth, timeout=5)


def obtain_tokens(emulator: EmulatorHandle, scope: str = "accounts:read events:write") -> dict[str, Any]:
    verifier, challenge = pkce_pair()
    code = redirect_params(authorize(emulator, challenge, scope))["code"]
    response = token_request(
        emulator,
        {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, "code_verifier": verifier},
    )
    assert response.status_code == 200
    tokens: dict[str, Any] = response.json()
    return tokens


def bearer_headers(access_token: str) -> dict[str, str]:
    return {**api_headers(), "Authorization": f"Bearer {access_token}"}


def test_oauth_pkce_flow_issues_tokens_that_work(klaviyo_emulator: EmulatorHandle) -> None:
    verifier, challenge = pkce_pair()

    consent = authorize(klaviyo_emulator, challenge)

    assert consent.status_code == 302
    params = redirect_params(consent)
    assert params["state"] == "st-123"
    assert set(params) == {"code", "state"}

    response = token_request(
        klaviyo_emulator,
        {
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
    )

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    tokens = response.json()
    assert set(tokens) == {"access_token", "token_type", "expires_in", "refresh_token", "scope"}
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3600
    assert tokens["scope"] == "accounts:read events:write"

    sent = post_event(klaviyo_emulator, event_body(), bearer_headers(tokens["access_token"]))
    accounts = httpx.get(
        f"{klaviyo_emulator.base_url}/api/accounts", headers=bearer_headers(tokens["access_token"]), timeout=5
    )

    assert sent.status_code == 202
    assert [e.auth_mode for e in klaviyo_emulator.state.events] == ["oauth"]
    assert accounts.json()["data"][0]["id"] == "EmuDev"


def test_oauth_code_exchange_rejects_wrong_verifier_and_reused_code(klaviyo_emulator: EmulatorHandle) -> None:
    verifier, challenge = pkce_pair()
    code = redirect_params(authorize(klaviyo_emulator, challenge))["code"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}

    wrong = token_request(klaviyo_emulator, {**form, "code_verifier": pkce_pair()[0]})
    wrong_redirect = token_request(
        klaviyo_emulator, {**form, "redirect_uri": "http://evil.example/cb", "code_verifier": verifier}
    )
    right = token_request(klaviyo_emulator, {**form, "code_verifier": verifier})
    reused = token_request(klaviyo_emulator, {**form, "code_verifier": verifier})

    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"
    assert wrong_redirect.status_code == 400
    assert wrong_redirect.json()["error"] == "invalid_grant"
    assert right.status_code == 200
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    # A replayed code revokes what it issued.
    revoked = post_event(klaviyo_emulator, event_body(), bearer_headers(right.json()["access_token"]))
    assert revoked.status_code == 401


def test_oauth_token_rejects_wrong_client_secret(klaviyo_emulator: EmulatorHandle) -> None:
    verifier, challenge = pkce_pair()
    code = redirect_params(authorize(klaviyo_emulator, challenge))["code"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, "code_verifier": verifier}

    wrong = token_request(klaviyo_emulator, form, auth=(CLIENT[0], "not-the-secret"))
    missing = httpx.post(f"{klaviyo_emulator.base_url}/oauth/token", data=form, timeout=5)

    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    assert wrong.headers["www-authenticate"].startswith("Basic")
    assert missing.status_code == 401
    assert missing.json()["error"] == "invalid_client"
    # The failed attempts did not consume the code.
    assert token_request(klaviyo_emulator, form).status_code == 200


def test_oauth_refresh_rotates_and_old_refresh_token_stops_working(klaviyo_emulator: EmulatorHandle) -> None:
    first = obtain_tokens(klaviyo_emulator)

    refreshed = token_request(
        klaviyo_emulator, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    replayed = token_request(klaviyo_emulator, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})

    assert refreshed.status_code == 200
    second = refreshed.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert second["scope"] == first["scope"]
    assert replayed.status_code == 400
    assert replayed.json()["error"] == "invalid_grant"
    assert post_event(klaviyo_emulator, event_body(), bearer_headers(second["access_token"])).status_code == 202


def test_oauth_revoke_refresh_token_ends_the_grant(klaviyo_emulator: EmulatorHandle) -> None:
    tokens = obtain_tokens(klaviyo_emulator)

    unauthenticated = httpx.post(
        f"{klaviyo_emulator.base_url}/oauth/revoke", data={"token": tokens["refresh_token"]}, timeout=5
    )
    revoked = httpx.post(
        f"{klaviyo_emulator.base_url}/oauth/revoke",
        data={"token": tokens["refresh_token"], "token_type_hint": "refresh_token"},
        auth=CLIENT,
        timeout=5,
    )

    assert unauthenticated.status_code == 401
    assert revoked.status_code == 200
    assert post_event(klaviyo_emulator, event_body(), bearer_headers(tokens["access_token"])).status_code == 401
    refresh = token_request(klaviyo_emulator, {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert refresh.status_code == 400
    assert klaviyo_emulator.state.events == []


def test_oauth_revoke_access_token_keeps_refresh_token(klaviyo_emulator: EmulatorHandle) -> None:
    tokens = obtain_tokens(klaviyo_emulator)

    revoked = httpx.post(
        f"{klaviyo_emulator.base_url}/oauth/revoke", data={"token": tokens["access_token"]}, auth=CLIENT, timeout=5
    )

    assert revoked.status_code == 200
    assert post_event(klaviyo_emulator, event_body(), bearer_headers(tokens["access_token"])).status_code == 401
    refresh = token_request(klaviyo_emulator, {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert refresh.status_code == 200


def test_oauth_token_without_scope_gets_403(klaviyo_emulator: EmulatorHandle) -> None:
    tokens = obtain_tokens(klaviyo_emulator, scope="accounts:read")

    response = post_event(klaviyo_emulator, event_body(), bearer_headers(tokens["access_token"]))

    assert response.status_code == 403
    assert errors_of(response)[0]["code"] == "permission_denied"
    assert klaviyo_emulator.state.events == []


def test_oauth_access_token_expires() -> None:
    now = [1_800_000_000.0]
    with start_emulator(config=EmulatorConfig(access_token_lifetime=60), clock=lambda: now[0]) as emulator:
        tokens = obtain_tokens(emulator)
        assert tokens["expires_in"] == 60
        body = event_body(unique_id=None)
        body["data"]["attributes"]["time"] = None
        assert post_event(emulator, body, bearer_headers(tokens["access_token"])).status_code == 202

        now[0] += 61
        expired = post_event(emulator, body, bearer_headers(tokens["access_token"]))
        refreshed = token_request(emulator, {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})

    assert expired.status_code == 401
    assert refreshed.status_code == 200


def test_consent_for_another_account_and_forced_expiry() -> None:
    config = EmulatorConfig(api_keys={"pk_emulator_dev": "EmuDev", "pk_other": "Other1"})
    with start_emulator(config=config) as emulator:
        chosen = httpx.post(f"{emulator.base_url}/_emulator/consent", json={"account_id": "Other1"}, timeout=5)
        tokens = obtain_tokens(emulator)
        accounts = httpx.get(
            f"{emulator.base_url}/api/accounts", headers=bearer_headers(tokens["access_token"]), timeout=5
        )
        httpx.post(f"{emulator.base_url}/_emulator/oauth/expire-access-tokens", timeout=5)
        expired = httpx.get(
            f"{emulator.base_url}/api/accounts", headers=bearer_headers(tokens["access_token"]), timeout=5
        )

    assert chosen.json() == {"approve": True, "account_id": "Other1"}
    assert [a["id"] for a in accounts.json()["data"]] == ["Other1"]
    assert expired.status_code == 401


def test_oauth_authorize_errors(klaviyo_emulator: EmulatorHandle) -> None:
    _, challenge = pkce_pair()
    base = f"{klaviyo_emulator.base_url}/oauth/authorize"
    good = {
        "response_type": "code",
        "client_id": CLIENT[0],
        "redirect_uri": REDIRECT_URI,
        "scope": "events:write",
        "state": "s",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }

    unknown_client = httpx.get(base, params={**good, "client_id": "someone-else"}, timeout=5)
    plain = httpx.get(base, params={**good, "code_challenge_method": "plain"}, timeout=5)
    no_challenge = httpx.get(base, params={k: v for k, v in good.items() if k != "code_challenge"}, timeout=5)
    httpx.post(f"{klaviyo_emulator.base_url}/_emulator/consent", json={"approve": False}, timeout=5)
    denied = httpx.get(base, params=good, timeout=5)

    assert unknown_client.status_code == 400
    assert "location" not in unknown_client.headers
    assert redirect_params(plain)["error"] == "invalid_request"
    assert redirect_params(no_challenge)["error"] == "invalid_request"
    assert redirect_params(denied) | {"error_description": ""} == {
        "error": "access_denied",
        "error_description": "",
        "state": "s",
    }


def consent_form(page: httpx.Response) -> dict[str, str]:
    """The hidden fields of the consent page's form."""
    fields = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', page.text)
    return {name: html.unescape(value) for name, value in fields}


def test_consent_page_shows_the_request_and_allow_issues_a_working_code() -> None:
    with start_emulator(config=EmulatorConfig(consent_page=True)) as emulator:
        verifier, challenge = pkce_pair()
        page = httpx.get(
            f"{emulator.base_url}/oauth/authorize",
            params={
                "response_type": "code",
                "client_id": CLIENT[0],
                "redirect_uri": REDIRECT_URI,
                "scope": "accounts:read events:write",
                "state": 'st"<&>',
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
            timeout=5,
        )
        form = consent_form(page)
        allowed = httpx.post(f"{emulator.base_url}/oauth/authorize", data={**form, "decision": "allow"}, timeout=5)
        params = redirect_params(allowed)
        tokens = token_request(
            emulator,
            {"grant_type": "authorization_code", "code": params["code"], "redirect_uri": REDIRECT_URI,
             "code_verifier": verifier},
        )  # fmt: skip

    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["x-frame-options"] == "DENY"
    assert "Alva Emulator Store" in page.text
    assert "<code>events:write</code>" in page.text
    assert 'value="st&quot;&lt;&amp;&gt;"' in page.text  # escaped, and given back unchanged
    assert form == {
        "response_type": "code",
        "client_id": CLIENT[0],
        "redirect_uri": REDIRECT_URI,
        "scope": "accounts:read events:write",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": 'st"<&>',
    }
    assert allowed.status_code == 302
    assert params["state"] == 'st"<&>'
    assert tokens.status_code == 200
    assert tokens.json()["scope"] == "accounts:read events:write"


def test_consent_page_deny_and_tampered_forms() -> None:
    with start_emulator(config=EmulatorConfig(consent_page=True)) as emulator:
        _, challenge = pkce_pair()
        form = {
            "response_type": "code",
            "client_id": CLIENT[0],
            "redirect_uri": REDIRECT_URI,
            "scope": "events:write",
            "state": "s",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        url = f"{emulator.base_url}/oauth/authorize"
        denied = httpx.post(url, data={**form, "decision": "deny"}, timeout=5)
        other_client = httpx.post(url, data={**form, "client_id": "someone-else", "decision": "allow"}, timeout=5)
        plain = httpx.post(url, data={**form, "code_challenge_method": "plain", "decision": "allow"}, timeout=5)
        undecided = httpx.post(url, data=form, timeout=5)
        as_json = httpx.post(url, json={**form, "decision": "allow"}, timeout=5)

    assert redirect_params(denied) == {
        "error": "access_denied",
        "error_description": "The user denied the request.",
        "state": "s",
    }
    assert other_client.status_code == 400
    assert "location" not in other_client.headers
    assert redirect_params(plain)["error"] == "invalid_request"
    assert undecided.status_code == 400
    assert as_json.status_code == 400
    assert emulator.state.oauth.active_grants() == []


def test_without_the_consent_page_authorize_does_not_accept_posts(klaviyo_emulator: EmulatorHandle) -> None:
    _, challenge = pkce_pair()
    response = httpx.post(
        f"{klaviyo_emulator.base_url}/oauth/authorize",
        data={"client_id": CLIENT[0], "redirect_uri": REDIRECT_URI, "code_challenge": challenge, "decision": "allow"},
        timeout=5,
    )

    assert response.status_code == 405
    assert response.json()["error"] == "invalid_request"


# --- Fault injection ------------------------------------------------------------------------


def test_fault_queue_429_then_500_then_normal(klaviyo_emulator: EmulatorHandle) -> None:
    queued = httpx.post(
        f"{klaviyo_emulator.base_url}/_emulator/faults",
        json={"path": "/api/events", "responses": [{"status": 429, "retry_after": 2}, {"status": 500}]},
        timeout=5,
    )
    assert queued.status_code == 201
    assert queued.json()["queued"] == 2

    throttled = post_event(klaviyo_emulator, event_body())
    failed = post_event(klaviyo_emulator, event_body())
    accepted = post_event(klaviyo_emulator, event_body())

    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == "2"
    [error] = errors_of(throttled)
    assert error["code"] == "throttled"
    assert error["detail"] == "Request was throttled. Expected available in 2 seconds."
    assert failed.status_code == 500
    assert failed.json()["errors"][0]["status"] == 500
    assert accepted.status_code == 202
    assert len(klaviyo_emulator.state.events) == 1
    logged = httpx.get(f"{klaviyo_emulator.base_url}/_emulator/requests", timeout=5).json()["requests"]
    assert [(r["path"], r["status"]) for r in logged] == [
        ("/api/events", 429),
        ("/api/events", 500),
        ("/api/events", 202),
    ]
    assert logged[0]["fault"]["retry_after"] == 2
    assert logged[2]["fault"] is None
    assert logged[0]["headers"]["authorization"] == "Klaviyo-API-Key …_dev"


def test_faults_only_hit_their_path(klaviyo_emulator: EmulatorHandle) -> None:
    klaviyo_emulator.inject_faults("/api/event-bulk-create-jobs", [{"status": 503}])

    assert post_event(klaviyo_emulator, event_body()).status_code == 202
    assert post_bulk(klaviyo_emulator, bulk_body(("bob@example.com", "b1"))).status_code == 503
    assert [e.unique_id for e in klaviyo_emulator.state.events] == ["delivery-1:ready"]


def test_latency_injection_delays_then_behaves_normally(klaviyo_emulator: EmulatorHandle) -> None:
    klaviyo_emulator.inject_faults("/api/events", [{"delay_ms": 300}])

    started = time.monotonic()
    response = post_event(klaviyo_emulator, event_body())
    elapsed = time.monotonic() - started

    assert response.status_code == 202
    assert elapsed >= 0.3
    assert len(klaviyo_emulator.state.events) == 1


def test_disconnect_fault_drops_the_connection(klaviyo_emulator: EmulatorHandle) -> None:
    klaviyo_emulator.inject_faults("/api/events", [{"disconnect": True}])

    with pytest.raises(httpx.RemoteProtocolError):
        post_event(klaviyo_emulator, event_body())

    assert klaviyo_emulator.state.events == []
    assert [r.status for r in klaviyo_emulator.state.requests] == [None]


def test_invalid_fault_spec_is_refused(klaviyo_emulator: EmulatorHandle) -> None:
    response = httpx.post(
        f"{klaviyo_emulator.base_url}/_emulator/faults",
        json={"path": "/api/events", "responses": [{"retry_after": 2}]},
        timeout=5,
    )

    assert response.status_code == 400
    with pytest.raises(ValueError, match="status"):
        klaviyo_emulator.inject_faults("/api/events", [{"status": 42}])
    assert klaviyo_emulator.state.faults.pending() == []


def test_reset_forgets_everything(klaviyo_emulator: EmulatorHandle) -> None:
    tokens = obtain_tokens(klaviyo_emulator)
    post_event(klaviyo_emulator, event_body())
    klaviyo_emulator.inject_faults("/api/events", [{"status": 500}])

    reset = httpx.post(f"{klaviyo_emulator.base_url}/_emulator/reset", timeout=5)

    assert reset.status_code == 200
    assert klaviyo_emulator.state.events == []
    assert klaviyo_emulator.state.requests == []
    assert klaviyo_emulator.state.faults.pending() == []
    # No fault left, and the event is new again for the dedup rule; old tokens are gone.
    assert post_event(klaviyo_emulator, event_body()).status_code == 202
    assert len(klaviyo_emulator.state.events) == 1
    assert post_event(klaviyo_emulator, event_body(), bearer_headers(tokens["access_token"])).status_code == 401

    klaviyo_emulator.reset()

    assert klaviyo_emulator.state.events == []


# --- Configuration and command line ---------------------------------------------------------


def test_config_from_env_and_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLAVIYO_EMULATOR_API_KEYS", "pk_a,pk_b=Other2")
    monkeypatch.setenv("KLAVIYO_EMULATOR_CLIENT_SECRET", "from-env")
    monkeypatch.setenv("KLAVIYO_EMULATOR_TOKEN_LIFETIME", "120")

    config = build_config(_parser().parse_args(["--client-id", "cli-client", "--account-name", "Cli Store"]))

    assert config.key_accounts == {"pk_a": "EmuDev", "pk_b": "Other2"}
    assert config.oauth_client_id == "cli-client"
    assert config.oauth_client_secret == "from-env"
    assert config.access_token_lifetime == 120
    assert config.accounts["EmuDev"].name == "Cli Store"
    assert sorted(config.accounts) == ["EmuDev", "Other2"]
    assert config.consent_page is False


def test_consent_page_from_env_and_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    assert build_config(_parser().parse_args(["--consent-page"])).consent_page is True
    monkeypatch.setenv("KLAVIYO_EMULATOR_CONSENT_PAGE", "1")
    assert build_config(_parser().parse_args([])).consent_page is True


def test_command_line_serves_until_terminated() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLAVIYO_EMULATOR_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.klaviyo_emulator", "--host", "127.0.0.1", "--port", "0"],
        cwd=BACKEND_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        assert first_line.startswith("Klaviyo emulator listening on http://127.0.0.1:")
        base_url = first_line.rsplit(" ", 1)[-1].strip()
        assert httpx.get(f"{base_url}/_emulator/health", timeout=5).json() == {"status": "ok"}
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
