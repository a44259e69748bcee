"""Reading the customer out of a webhook body in the shapes merchants write in Klaviyo, and the idempotency key."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Where each field may be found, most explicit first. Klaviyo-style "$" keys are what a profile export holds.
_ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("email", "$email", "email_address"),
    "first_name": ("first_name", "$first_name", "firstName", "FirstName"),
    "last_name": ("last_name", "$last_name", "lastName", "LastName"),
    "phone": ("phone", "phone_number", "$phone_number", "phoneNumber"),
    "klaviyo_profile_id": ("klaviyo_profile_id", "klaviyo_id", "profile_id", "$id", "KlaviyoID"),
    "external_id": ("external_id", "$external_id", "externalId"),
    "order_id": ("order_id", "OrderId", "orderId", "event_id", "$event_id", "eventId"),
    "idempotency_key": ("idempotency_key", "idempotencyKey"),
}
_NESTED = ("person", "profile", "customer")
_MAX_FIELD = {"first_name": 150, "last_name": 150, "phone": 40, "klaviyo_profile_id": 64, "external_id": 255}
_MAX_KEY = 255


class PayloadError(Exception):
    def __init__(self, code: str, message: str, field: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass(frozen=True)
class WebhookCustomer:
    email: str
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    klaviyo_profile_id: str = ""
    external_id: str = ""


def parse_body(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: hostile nesting
        raise PayloadError("invalid_json", "The body is not valid JSON.", "__body__") from exc
    if not isinstance(body, dict):
        raise PayloadError("invalid_json", "The body must be a JSON object.", "__body__")
    if _has_nul(body):
        # PostgreSQL cannot store U+0000 in JSON text; no template produces it, so refuse it clearly.
        raise PayloadError("invalid_json", "The body contains NUL (\\u0000) characters.", "__body__")
    return body


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _sources(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The flat body first, then the nested person/profile objects (and JSON:API `attributes` inside them)."""
    found = [body]
    for key in _NESTED:
        nested = body.get(key)
        if isinstance(nested, dict):
            found.append(nested)
            attributes = nested.get("attributes")
            if isinstance(attributes, dict):
                found.append(attributes)
    return found


def _lookup(body: dict[str, Any], field: str) -> str:
    for source in _sources(body):
        for alias in _ALIASES[field]:
            value = source.get(alias)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()
    return ""


def extract_customer(body: dict[str, Any]) -> WebhookCustomer:
    email = _lookup(body, "email").lower()
    if not email:
        raise PayloadError("missing_email", "The body has no customer email (email, $email, person.email…).", "email")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise PayloadError("invalid_email", f"{email[:80]!r} is not a valid email address.", "email") from exc
    values = {field: _lookup(body, field)[:limit] for field, limit in _MAX_FIELD.items()}
    return WebhookCustomer(email=email, **values)


def idempotency_key(*, body: dict[str, Any], header_key: str, slug: str) -> str:
    """Explicit key (body or Idempotency-Key header), else the order/event id, else a hash of endpoint + body."""
    explicit = _lookup(body, "idempotency_key") or header_key.strip()
    if explicit:
        return f"key:{explicit}"[:_MAX_KEY]
    order_id = _lookup(body, "order_id")
    if order_id:
        return f"order:{order_id}"[:_MAX_KEY]
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "body:" + hashlib.sha256(f"{slug}\n{canonical}".encode()).hexdigest()
