"""Redis-backed counters for rate limits and lockouts (atomic INCR + EXPIRE, no check-then-act)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from alva.core.errors import ApiError
from alva.core.redis import get_redis

# INCR and set the window's expiry on the first hit, in one round trip and atomically.
_INCR_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
return {count, ttl}
"""


@dataclass(frozen=True)
class WindowState:
    count: int
    retry_after: int


def hashed_key(namespace: str, *parts: str) -> str:
    """Keys never hold raw emails or IPs (Redis is not a place for PII)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"alva:{namespace}:{digest}"


def window_increment(key: str, window_seconds: int) -> WindowState:
    count, ttl = get_redis().eval(_INCR_SCRIPT, 1, key, window_seconds)  # type: ignore[no-untyped-call]
    return WindowState(count=int(count), retry_after=max(int(ttl), 1))


def window_peek(key: str) -> WindowState:
    client = get_redis()
    pipe = client.pipeline()
    pipe.get(key)
    pipe.ttl(key)
    raw, ttl = pipe.execute()
    return WindowState(count=int(raw or 0), retry_after=max(int(ttl), 1))


def window_reset(key: str) -> None:
    get_redis().delete(key)


def enforce(key: str, *, limit: int, window_seconds: int, message: str) -> None:
    """Count one hit; past `limit` in the window answer 429 with Retry-After."""
    state = window_increment(key, window_seconds)
    if state.count > limit:
        raise ApiError(429, "rate_limited", message, headers={"Retry-After": str(state.retry_after)})
