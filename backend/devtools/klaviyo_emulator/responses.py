"""Transport-neutral request/response values and the JSON:API and OAuth error bodies Klaviyo sends."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

JSONAPI = "application/vnd.api+json"
JSON = "application/json"

# Titles as Klaviyo's API (Django REST framework underneath) words them.
TITLES = {
    "invalid": "Invalid input.",
    "parse_error": "Malformed request.",
    "not_authenticated": "Authentication credentials were not provided.",
    "authentication_failed": "Incorrect authentication credentials.",
    "permission_denied": "You do not have permission to perform this action.",
    "not_found": "Not found.",
    "method_not_allowed": "Method not allowed.",
    "unsupported_media_type": "Unsupported media type.",
    "request_too_large": "Request entity too large.",
    "throttled": "Request was throttled.",
    "error": "A server error occurred.",
}

CODE_FOR_STATUS = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # keys lower-cased
    body: bytes
    base_url: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def query_value(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # What happened, for the request log ("recorded", "duplicate", ...).
    outcome: str | None = None
    auth_mode: str | None = None
    account_id: str | None = None


def json_response(
    status: int, payload: Any, content_type: str = JSON, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        status=status,
        body=json.dumps(payload, separators=(",", ":")).encode(),
        content_type=content_type,
        headers=dict(headers or {}),
    )


def jsonapi_error_object(
    status: int,
    code: str,
    detail: str,
    *,
    pointer: str | None = None,
    parameter: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    source: dict[str, str] = {}
    if pointer is not None:
        source["pointer"] = pointer
    if parameter is not None:
        source["parameter"] = parameter
    error: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "status": status,
        "code": code,
        "title": title or TITLES.get(code, "Error."),
        "detail": detail,
    }
    if source:
        error["source"] = source
    error["links"] = {}
    error["meta"] = {}
    return error


def jsonapi_errors(status: int, errors: list[dict[str, Any]], headers: Mapping[str, str] | None = None) -> Response:
    return json_response(status, {"errors": errors}, JSONAPI, headers)


def jsonapi_error(
    status: int,
    code: str,
    detail: str,
    *,
    pointer: str | None = None,
    parameter: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    error = jsonapi_error_object(status, code, detail, pointer=pointer, parameter=parameter)
    return jsonapi_errors(status, [error], headers)


def oauth_error(status: int, error: str, description: str, headers: Mapping[str, str] | None = None) -> Response:
    all_headers = {"Cache-Control": "no-store", "Pragma": "no-cache", **(headers or {})}
    return json_response(status, {"error": error, "error_description": description}, JSON, all_headers)
