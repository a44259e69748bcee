"""Classification of Klaviyo's answers and parsing of Retry-After, without the network."""

from datetime import UTC, datetime

import httpx
import pytest

from alva.klaviyo.client import Credential, SendOutcome, classify, error_detail, retry_after_seconds


def response(status, body=None, headers=None):
    return httpx.Response(status, json=body, headers=headers)


def klaviyo_errors(*details):
    return {"errors": [{"id": "x", "status": 400, "code": "invalid", "title": "Invalid", "detail": d} for d in details]}


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, "sent"),
        (202, "sent"),
        (400, "failed"),
        (403, "failed"),
        (404, "failed"),
        (408, "retry"),
        (413, "failed"),
        (429, "retry"),
        (500, "retry"),
        (502, "retry"),
        (503, "retry"),
        (504, "retry"),
        (401, "unauthorized"),
    ],
)
def test_statuses_are_classified(status, outcome):
    assert classify(response(status, {})).outcome == SendOutcome(outcome)


def test_a_429_carries_its_retry_after():
    result = classify(response(429, klaviyo_errors("Request was throttled."), {"Retry-After": "7"}))

    assert (result.outcome, result.status, result.retry_after, result.detail) == (
        "retry",
        429,
        7.0,
        "Request was throttled.",
    )


def test_the_detail_is_klaviyos_error_details_joined():
    assert error_detail(response(400, klaviyo_errors("first", "second"))) == "first; second"
    assert error_detail(response(400, {"error": "invalid_grant", "error_description": "used"})) == "used"
    assert error_detail(httpx.Response(502, text="Bad gateway")) == "Bad gateway"
    assert error_detail(httpx.Response(502)) == "Bad Gateway"


def test_retry_after_as_seconds_or_http_date():
    now = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)

    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("-5") == 0.0
    assert retry_after_seconds("Fri, 01 May 2026 12:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Fri, 01 May 2026 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None


def test_credentials_never_show_their_secret():
    api_key = Credential("api_key", "pk_secret")
    oauth = Credential("oauth", "at_secret")

    assert api_key.authorization() == "Klaviyo-API-Key pk_secret"
    assert oauth.authorization() == "Bearer at_secret"
    assert "secret" not in repr(api_key) + repr(oauth)
