"""The /_emulator/ control API: health, recorded events and requests, fault injection, consent, reset."""

from __future__ import annotations

import json
from typing import Any

from .faults import FaultPayloadError, parse_fault_payload
from .responses import Request, Response, json_response
from .state import EmulatorState


def _error(status: int, message: str) -> Response:
    return json_response(status, {"error": message})


def _body(request: Request) -> Any:
    if not request.body.strip():
        return {}
    return json.loads(request.body)


def _events(request: Request, state: EmulatorState) -> Response:
    metric = request.query_value("metric")
    email = request.query_value("email")
    account_id = request.query_value("account_id")
    events = [
        e.to_dict()
        for e in state.events
        if (metric is None or e.metric_name == metric)
        and (email is None or (e.email or "").lower() == email.lower())
        and (account_id is None or e.account_id == account_id)
    ]
    return json_response(200, {"events": events})


def _add_faults(request: Request, state: EmulatorState) -> Response:
    faults = parse_fault_payload(_body(request))
    state.faults.extend(faults)
    pending = [f.to_dict() for f in state.faults.pending()]
    return json_response(201, {"queued": len(faults), "pending": pending})


def _consent(request: Request, state: EmulatorState) -> Response:
    body = _body(request)
    if not isinstance(body, dict):
        return _error(400, "expected a JSON object")
    approve = body.get("approve", True)
    account_id = body.get("account_id")
    if not isinstance(approve, bool) or not (account_id is None or isinstance(account_id, str)):
        return _error(400, "approve must be a boolean and account_id a string")
    consent = state.set_consent(approve=approve, account_id=account_id)
    return json_response(200, {"approve": consent.approve, "account_id": consent.account_id})


def handle(request: Request, state: EmulatorState) -> Response:
    route = (request.method, request.path.rstrip("/"))
    try:
        match route:
            case ("GET", "/_emulator/health"):
                return json_response(200, {"status": "ok"})
            case ("GET", "/_emulator/events"):
                return _events(request, state)
            case ("GET", "/_emulator/requests"):
                return json_response(200, {"requests": [r.to_dict() for r in state.requests]})
            case ("GET", "/_emulator/profiles"):
                return json_response(200, {"profiles": [p.to_dict() for p in state.profiles]})
            case ("GET", "/_emulator/faults"):
                return json_response(200, {"pending": [f.to_dict() for f in state.faults.pending()]})
            case ("POST", "/_emulator/faults"):
                return _add_faults(request, state)
            case ("DELETE", "/_emulator/faults"):
                state.faults.clear()
                return json_response(200, {"pending": []})
            case ("POST", "/_emulator/consent"):
                return _consent(request, state)
            case ("POST", "/_emulator/oauth/expire-access-tokens"):
                state.oauth.expire_access_tokens()
                return json_response(200, {"status": "expired"})
            case ("POST", "/_emulator/reset"):
                state.reset()
                return json_response(200, {"status": "reset"})
    except FaultPayloadError as exc:
        return json_response(400, {"error": exc.message, "pointer": exc.pointer})
    except ValueError as exc:  # includes JSON decode errors
        return _error(400, str(exc))
    return _error(404, f"no control endpoint {request.method} {request.path}")
