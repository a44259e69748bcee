"""The emulated Klaviyo REST endpoints under /api/: auth, revision, Create Event, Bulk Create Events, Accounts."""

from __future__ import annotations

import hmac
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from .config import Account
from .responses import (
    JSONAPI,
    Request,
    Response,
    json_response,
    jsonapi_error,
    jsonapi_error_object,
    jsonapi_errors,
)
from .state import EmulatorState, EventSubmission, RecordContext, iso
from .validation import (
    Violation,
    parse_datetime,
    validate_bulk_create_events,
    validate_create_event,
)

_REVISION = re.compile(r"^(\d{4}-\d{2}-\d{2})(\.[A-Za-z0-9]+)?$")
_JSON_TYPES = ("application/json", "application/vnd.api+json")


@dataclass(frozen=True)
class Caller:
    account_id: str
    auth_mode: str  # "api_key" or "oauth"
    scopes: frozenset[str] | None  # None: a private key, which here has full access


Handler = Callable[[Request, EmulatorState, Caller, str], Response]


def _authenticate(request: Request, state: EmulatorState) -> Caller | Response:
    header = (request.header("authorization") or "").strip()
    scheme, _, credential = header.partition(" ")
    credential = credential.strip()
    if scheme.lower() == "klaviyo-api-key" and credential:
        for key, account_id in state.config.key_accounts.items():
            if hmac.compare_digest(key.encode(), credential.encode()):
                return Caller(account_id, "api_key", None)
        return jsonapi_error(401, "authentication_failed", "Incorrect authentication credentials.", pointer="/data/")
    if scheme.lower() == "bearer" and credential:
        info = state.oauth.lookup_access_token(credential)
        if info is None:
            return jsonapi_error(
                401,
                "authentication_failed",
                "The access token is invalid, expired or revoked.",
                pointer="/data/",
            )
        return Caller(info.account_id, "oauth", info.scopes)
    return jsonapi_error(
        401,
        "not_authenticated",
        "Missing or invalid authorization scheme. Please use Klaviyo-API-Key or Bearer.",
        pointer="/data/",
    )


def _revision(request: Request) -> str | Response:
    revision = (request.header("revision") or "").strip()
    match = _REVISION.match(revision)
    if match:
        try:
            date.fromisoformat(match.group(1))
            return revision
        except ValueError:
            pass
    detail = (
        "Missing required header 'revision'."
        if not revision
        else f"Invalid revision {revision!r}: expected YYYY-MM-DD[.suffix]."
    )
    return jsonapi_error(400, "invalid", detail, parameter="revision")


def _json_body(request: Request) -> Any | Response:
    content_type = (request.header("content-type") or "").split(";")[0].strip().lower()
    if content_type and content_type not in _JSON_TYPES:
        return jsonapi_error(415, "unsupported_media_type", f"Unsupported media type {content_type!r} in request.")
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        return jsonapi_error(400, "parse_error", f"JSON parse error - {exc}")


def _invalid(violations: list[Violation]) -> Response:
    errors = [jsonapi_error_object(400, "invalid", v.detail, pointer=v.pointer) for v in violations]
    return jsonapi_errors(400, errors)


def _time(raw: object) -> str | None:
    # Klaviyo truncates to the second; normalising makes the time-based dedup key exact.
    if not isinstance(raw, str):
        return None
    parsed = parse_datetime(raw)
    assert parsed is not None  # validated already
    return parsed.astimezone(UTC).replace(microsecond=0).isoformat()


def _submission(attributes: dict[str, Any], profile: dict[str, Any]) -> EventSubmission:
    metric = attributes["metric"]["data"]["attributes"]
    value = attributes.get("value")
    return EventSubmission(
        metric_name=metric["name"],
        metric_service=metric.get("service"),
        profile=profile,
        properties=attributes["properties"],
        unique_id=attributes.get("unique_id"),
        time=_time(attributes.get("time")),
        value=float(value) if value is not None else None,
        value_currency=attributes.get("value_currency"),
        backfill=bool(attributes.get("backfill")),
    )


def _now(state: EmulatorState) -> datetime:
    return datetime.fromtimestamp(state.clock(), UTC)


def create_event(request: Request, state: EmulatorState, caller: Caller, revision: str) -> Response:
    body = _json_body(request)
    if isinstance(body, Response):
        return body
    violations = validate_create_event(body, _now(state))
    if violations:
        return _invalid(violations)
    attributes = body["data"]["attributes"]
    submission = _submission(attributes, attributes["profile"]["data"])
    context = RecordContext(caller.account_id, caller.auth_mode, revision, "create_event")
    recorded = state.record_event(submission, context)
    return Response(status=202, outcome="recorded" if recorded else "duplicate")


def bulk_create_events(request: Request, state: EmulatorState, caller: Caller, revision: str) -> Response:
    body = _json_body(request)
    if isinstance(body, Response):
        return body
    violations = validate_bulk_create_events(body, _now(state))
    if violations:
        return _invalid(violations)
    submissions = [
        _submission(event["attributes"], entry["attributes"]["profile"]["data"])
        for entry in body["data"]["attributes"]["events-bulk-create"]["data"]
        for event in entry["attributes"]["events"]["data"]
    ]
    job_id = secrets.token_hex(12)
    context = RecordContext(caller.account_id, caller.auth_mode, revision, "bulk_create_events", job_id)
    created_at = iso(state.clock())
    recorded, repeats = state.record_batch(submissions, context)
    attributes: dict[str, Any] = {
        "status": "failed" if repeats else "complete",
        "created_at": created_at,
        "completed_at": iso(state.clock()),
        "total_count": len(submissions),
        "completed_count": len(recorded),
        "failed_count": len(submissions) - len(recorded),
    }
    payload = {"data": {"type": "event-bulk-create-job", "id": job_id, "attributes": attributes}}
    response = json_response(202, payload, JSONAPI)
    response.outcome = f"job {attributes['status']}: {len(recorded)} recorded, {repeats} repeated"
    return response


def _account_resource(account: Account, base_url: str) -> dict[str, Any]:
    return {
        "type": "account",
        "id": account.id,
        "attributes": {
            "test_account": False,
            "contact_information": {
                "default_sender_name": account.name,
                "default_sender_email": account.sender_email,
                "website_url": "https://store.example",
                "organization_name": account.name,
                "street_address": {
                    "address1": "1 Emulator Way",
                    "address2": None,
                    "city": "Boston",
                    "region": "MA",
                    "country": "United States",
                    "zip": "02110",
                },
            },
            "industry": "Digital Products",
            "timezone": "UTC",
            "preferred_currency": "USD",
            # Klaviyo's account id is the account's public API key (site id).
            "public_api_key": account.id,
            "locale": "en-US",
        },
        "links": {"self": f"{base_url}/api/accounts/{account.id}/"},
    }


def get_accounts(request: Request, state: EmulatorState, caller: Caller, revision: str) -> Response:
    account = state.config.accounts[caller.account_id]
    payload = {
        "data": [_account_resource(account, request.base_url)],
        "links": {"self": f"{request.base_url}/api/accounts/", "next": None, "prev": None},
    }
    return json_response(200, payload, JSONAPI)


def get_account(request: Request, state: EmulatorState, caller: Caller, revision: str) -> Response:
    wanted = request.path.rstrip("/").rsplit("/", 1)[-1]
    if wanted != caller.account_id:
        return jsonapi_error(404, "not_found", f"Account {wanted!r} not found.")
    account = state.config.accounts[caller.account_id]
    payload = {
        "data": _account_resource(account, request.base_url),
        "links": {"self": f"{request.base_url}/api/accounts/{account.id}/"},
    }
    return json_response(200, payload, JSONAPI)


# (method, path pattern) -> (handler, OAuth scope required)
ROUTES: list[tuple[str, re.Pattern[str], Handler, str]] = [
    ("POST", re.compile(r"^/api/events/?$"), create_event, "events:write"),
    ("POST", re.compile(r"^/api/event-bulk-create-jobs/?$"), bulk_create_events, "events:write"),
    ("GET", re.compile(r"^/api/accounts/?$"), get_accounts, "accounts:read"),
    ("GET", re.compile(r"^/api/accounts/[^/]+/?$"), get_account, "accounts:read"),
]


def _has_scope(granted: frozenset[str], needed: str) -> bool:
    # Klaviyo's write scopes include reading the same resource.
    resource = needed.split(":")[0]
    return needed in granted or f"{resource}:write" in granted


def handle(request: Request, state: EmulatorState) -> Response:
    """Route an /api/ request: 404/405, then auth, scope and revision, then the endpoint."""
    matching = [route for route in ROUTES if route[1].match(request.path)]
    if not matching:
        return jsonapi_error(404, "not_found", f"No endpoint at {request.path}.")
    route = next((r for r in matching if r[0] == request.method), None)
    if route is None:
        allowed = ", ".join(sorted({r[0] for r in matching}))
        return jsonapi_error(
            405,
            "method_not_allowed",
            f'Method "{request.method}" not allowed.',
            headers={"Allow": allowed},
        )
    _, _, handler, scope = route
    caller = _authenticate(request, state)
    if isinstance(caller, Response):
        return caller
    if caller.scopes is not None and not _has_scope(caller.scopes, scope):
        denied = jsonapi_error(
            403,
            "permission_denied",
            f"The access token lacks the '{scope}' scope.",
            pointer="/data/",
        )
        denied.auth_mode, denied.account_id = caller.auth_mode, caller.account_id
        return denied
    revision = _revision(request)
    response = revision if isinstance(revision, Response) else handler(request, state, caller, revision)
    response.auth_mode, response.account_id = caller.auth_mode, caller.account_id
    return response
