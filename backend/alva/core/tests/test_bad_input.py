"""Malformed, hostile and oversized input always gets a precise JSON 4xx, never a 500 or HTML."""

import pytest

from alva.core.testing import public_client, store_client

SIGNUP = "/api/v1/signup"


def _error(response):
    assert response["Content-Type"].startswith("application/json"), response.content
    return response.json()["error"]


@pytest.mark.parametrize("body", ["{not json", '{"email": "a@b.co",', "\x00\x01", "null}"])
def test_malformed_json_is_400(db, body):
    response = public_client().post(SIGNUP, body, content_type="application/json")

    assert response.status_code == 400
    assert _error(response) == {"code": "malformed_json", "message": "The request body is not valid JSON."}


def test_json_that_is_not_an_object_is_422(db):
    response = public_client().post(SIGNUP, "[1, 2]", content_type="application/json")

    assert response.status_code == 422
    assert _error(response)["code"] == "validation_error"


def test_missing_fields_are_named(db):
    response = public_client().post(SIGNUP, {"email": "a@shop.example.com"}, content_type="application/json")

    assert response.status_code == 422
    assert _error(response) == {
        "code": "validation_error",
        "message": "Some fields are invalid.",
        "fields": {
            "password": ["This field is required."],
            "store_name": ["This field is required."],
            "subdomain": ["This field is required."],
        },
    }


def test_wrong_types_are_named(db):
    body = {"email": ["x"], "password": 12345678901, "store_name": {"a": 1}, "subdomain": None}

    response = public_client().post(SIGNUP, body, content_type="application/json")

    assert response.status_code == 422
    assert sorted(_error(response)["fields"]) == ["email", "password", "store_name", "subdomain"]


def test_overlong_strings_are_422(db):
    body = {"email": "a" * 300 + "@x.com", "password": "p" * 200, "store_name": "s", "subdomain": "shop"}

    response = public_client().post(SIGNUP, body, content_type="application/json")

    assert response.status_code == 422
    assert sorted(_error(response)["fields"]) == ["email", "password"]


def test_oversized_body_is_413_before_it_is_read(db, settings):
    body = '{"pad": "' + "x" * (settings.MAX_REQUEST_BODY_BYTES + 1) + '"}'

    response = public_client().post(SIGNUP, body, content_type="application/json")

    assert response.status_code == 413
    assert _error(response)["code"] == "body_too_large"


def test_garbage_content_length_is_400(db):
    response = public_client().post(SIGNUP, "{}", content_type="application/json", CONTENT_LENGTH="lots")

    assert response.status_code == 400
    assert _error(response)["code"] == "invalid_content_length"


def test_wrong_method_is_405_json_with_allow(db):
    response = public_client().get(SIGNUP)

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert _error(response)["code"] == "method_not_allowed"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_method_on_a_store_endpoint_is_405(tenant_a, method):
    response = getattr(store_client(tenant_a), method)("/api/v1/auth/login")

    assert response.status_code == 405
    assert _error(response)["code"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/", "/nope", "/api/v1/nope", "/api/v2/auth/me", "/admin/"])
def test_unknown_path_is_json_404(tenant_a, path):
    response = store_client(tenant_a).get(path)

    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_wrong_type_in_path_is_422(owner_a):
    response = owner_a.client().delete("/api/v1/api-keys/not-a-number")

    assert response.status_code == 422
    assert _error(response)["fields"] == {
        "key_id": ["Input should be a valid integer, unable to parse string as an integer"]
    }


def test_unknown_enum_value_is_422(owner_a):
    response = owner_a.client().post(
        "/api/v1/team/invitations", {"email": "x@shop.example.com", "role": "god"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert list(_error(response)["fields"]) == ["role"]


def test_session_request_without_csrf_header_is_403(owner_a):
    client = owner_a.client()
    del client.defaults["HTTP_X_CSRFTOKEN"]

    response = client.post("/api/v1/api-keys", {"name": "ci"}, content_type="application/json")

    assert response.status_code == 403
    assert _error(response)["code"] == "csrf_failed"
