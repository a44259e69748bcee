"""Scripted fault responses: parsing the control payload and the FIFO queue requests consume."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from jsonschema import Draft7Validator

from .responses import (
    CODE_FOR_STATUS,
    JSON,
    Response,
    json_response,
    jsonapi_error,
)

FAULT_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["path", "responses"],
    "properties": {
        "path": {"type": "string", "pattern": "^/"},
        "method": {"type": "string", "pattern": "^[A-Za-z]+$"},
        "responses": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "status": {"type": "integer", "minimum": 100, "maximum": 599},
                    "retry_after": {"type": ["integer", "null"], "minimum": 0},
                    "delay_ms": {"type": "integer", "minimum": 0},
                    "body": {},
                    "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                    "disconnect": {"type": "boolean"},
                },
                "anyOf": [
                    {"required": ["status"]},
                    {"required": ["delay_ms"]},
                    {"required": ["disconnect"]},
                ],
                "dependencies": {
                    "retry_after": ["status"],
                    "body": ["status"],
                    "headers": ["status"],
                },
            },
        },
    },
}
_PAYLOAD_VALIDATOR = Draft7Validator(FAULT_REQUEST_SCHEMA)
_UNSET = object()


@dataclass(frozen=True)
class FaultResponse:
    """One scripted answer.

    Only a delay means "wait, then behave normally"; a status answers instead of the real handler;
    disconnect drops the connection without any response, as a network failure would.
    """

    path: str
    method: str | None = None
    status: int | None = None
    # None means "omit the header"; a 429 without an explicit value gets Klaviyo's usual header.
    retry_after: int | None = None
    delay_ms: int = 0
    body: Any = None
    has_body: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    disconnect: bool = False

    def matches(self, method: str, path: str) -> bool:
        return self.path == path and (self.method is None or self.method == method)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.has_body:
            data.pop("body")
        data.pop("has_body")
        return data

    def response(self, path: str) -> Response:
        """The HTTP answer for a fault that has a status."""
        assert self.status is not None
        headers = dict(self.headers)
        if self.retry_after is not None:
            headers.setdefault("Retry-After", str(self.retry_after))
            if self.status == 429:
                headers.setdefault("RateLimit-Remaining", "0")
                headers.setdefault("RateLimit-Reset", str(self.retry_after))
        if self.has_body:
            return json_response(self.status, self.body, JSON, headers)
        if path.startswith("/oauth/"):
            error = "temporarily_unavailable" if self.status in (429, 503) else "server_error"
            if self.status < 500 and self.status != 429:
                error = "invalid_request"
            return json_response(self.status, {"error": error, "error_description": "Injected fault."}, JSON, headers)
        code = "error" if self.status >= 500 else CODE_FOR_STATUS.get(self.status, "invalid")
        if self.status == 429:
            wait = self.retry_after if self.retry_after is not None else 1
            detail = f"Request was throttled. Expected available in {wait} second{'s' if wait != 1 else ''}."
        elif self.status >= 500:
            detail = "A server error occurred."
        else:
            detail = f"Injected fault with status {self.status}."
        return jsonapi_error(self.status, code, detail, headers=headers)


class FaultPayloadError(ValueError):
    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(f"{pointer}: {message}")
        self.pointer = pointer
        self.message = message


def parse_fault_payload(payload: object) -> list[FaultResponse]:
    """Parse `{"path", "method"?, "responses": [...]}`; raises FaultPayloadError when invalid."""
    errors = sorted(_PAYLOAD_VALIDATOR.iter_errors(payload), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        pointer = "/" + "/".join(str(p) for p in first.absolute_path)
        raise FaultPayloadError(pointer, first.message)
    assert isinstance(payload, dict)
    method = payload.get("method")
    parsed: list[FaultResponse] = []
    for spec in payload["responses"]:
        status = spec.get("status")
        retry_after = spec.get("retry_after", _UNSET)
        if retry_after is _UNSET:
            # Klaviyo always tells a throttled client when to come back.
            retry_after = 1 if status == 429 else None
        parsed.append(
            FaultResponse(
                path=payload["path"],
                method=method.upper() if isinstance(method, str) else None,
                status=status,
                retry_after=retry_after,
                delay_ms=spec.get("delay_ms", 0),
                body=spec.get("body"),
                has_body="body" in spec,
                headers=dict(spec.get("headers", {})),
                disconnect=spec.get("disconnect", False),
            )
        )
    return parsed


class FaultQueue:
    """Pending faults in injection order; each request consumes the first one that matches it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[FaultResponse] = []

    def extend(self, faults: list[FaultResponse]) -> None:
        with self._lock:
            self._pending.extend(faults)

    def take(self, method: str, path: str) -> FaultResponse | None:
        with self._lock:
            for index, fault in enumerate(self._pending):
                if fault.matches(method, path):
                    return self._pending.pop(index)
        return None

    def pending(self) -> list[FaultResponse]:
        with self._lock:
            return list(self._pending)

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
