"""Stripe's webhook signature scheme: `Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "t.payload")>`."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any


def signature(payload: str | bytes, secret: str, timestamp: int) -> str:
    body = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    return hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()


def signature_header(payload: str | bytes, secret: str, timestamp: int | None = None) -> str:
    """The header Stripe sends with `payload`; `timestamp` defaults to now (old ones fail the tolerance check)."""
    at = int(time.time()) if timestamp is None else timestamp
    return f"t={at},v1={signature(payload, secret, at)}"


def signed_payload(event: dict[str, Any], secret: str, timestamp: int | None = None) -> tuple[bytes, str]:
    """(body, Stripe-Signature header) for an event, serialised the way Stripe sends it."""
    body = json.dumps(event, indent=2, sort_keys=False).encode()
    return body, signature_header(body, secret, timestamp)
