"""What the receiver needs to know about a webhook endpoint, cached per process and checked on every call.

Looking the endpoint up (its bundle and the store's secret row) cost an accepted webhook a database
round trip: as much CPU, client and server, as the insert that records it (`make bench`). So each
process keeps the rows it has read, and every call checks its entry against the store's *endpoint
version*, a random token in Redis read in the same round trip as the call's rate-limit counter.
Whatever changes an endpoint (a bundle or the secret row saved or deleted) writes a new token at
once and again after its commit, so the next call reads the database. Without Redis, or before a
store has a token, calls read the database. Entries also expire after
WEBHOOK_ENDPOINT_CACHE_SECONDS, which bounds how stale one can be if a token write was lost.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction

from alva.core.cache import TtlLruCache
from alva.core.redis import get_redis
from alva.core.tenancy import current_schema

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Endpoint:
    bundle_id: UUID
    active: bool
    current_sealed: str
    previous_sealed: str
    previous_valid_until: datetime | None
    rate_limit_per_second: int


@dataclass(frozen=True)
class Gate:
    """One Redis round trip's answer: this second's call count for the store and its endpoint version."""

    calls_this_second: int | None  # None: Redis unavailable (calls are then accepted: nothing is lost)
    version: bytes | None


_cache: TtlLruCache[tuple[str, str], tuple[bytes, Endpoint]] = TtlLruCache(
    lambda: settings.WEBHOOK_ENDPOINT_CACHE_SECONDS
)


def _version_key(schema_name: str) -> str:
    return f"alva:webhook-endpoints:{schema_name}"


def gate(schema_name: str) -> Gate:
    """Count this call in the store's one-second window and read its endpoint version, in one round trip."""
    window = f"alva:webhook-rate:{schema_name}:{int(time.time())}"
    try:
        pipe = get_redis().pipeline(transaction=False)
        pipe.incr(window)
        pipe.expire(window, 2)
        pipe.get(_version_key(schema_name))
        count, _, version = pipe.execute()
    except Exception:
        logger.warning("webhook rate limit and endpoint cache unavailable (Redis)", exc_info=True)
        return Gate(None, None)
    return Gate(int(count), version)


def cached(schema_name: str, slug: str, version: bytes | None) -> Endpoint | None:
    if version is None:
        return None
    entry = _cache.get((schema_name, slug))
    if entry is None or entry[0] != version:
        return None
    return entry[1]


def remember(schema_name: str, slug: str, version: bytes | None, endpoint: Endpoint) -> None:
    """Keep what the database said, under the version read *before* reading it (a change since then misses)."""
    if version is None:
        # No token yet (a new store, or Redis restarted empty): start one; the next call caches.
        _write_version(schema_name, only_if_missing=True)
        return
    _cache.put((schema_name, slug), (version, endpoint))


def endpoint_from_row(row: tuple[Any, ...]) -> Endpoint:
    bundle_id, active, current_sealed, previous_sealed, previous_valid_until, rate_limit = row
    return Endpoint(
        bundle_id=bundle_id,
        active=active,
        current_sealed=current_sealed or "",
        previous_sealed=previous_sealed or "",
        previous_valid_until=previous_valid_until,
        rate_limit_per_second=rate_limit or settings.WEBHOOK_DEFAULT_RATE_LIMIT,
    )


def endpoints_changed() -> None:
    """Invalidate the active store's cached endpoints now and again when the surrounding transaction commits.

    Now, so this process's next call (and a test inside one transaction) sees the change; after the
    commit, because a call between the two writes may have cached the rows as they were before it.
    """
    schema_name = current_schema()
    if schema_name == "public":
        return
    _write_version(schema_name)
    transaction.on_commit(lambda: _write_version(schema_name))


def _write_version(schema_name: str, *, only_if_missing: bool = False) -> None:
    try:
        get_redis().set(_version_key(schema_name), secrets.token_hex(8), nx=only_if_missing)
    except Exception:
        # Entries then live out WEBHOOK_ENDPOINT_CACHE_SECONDS at most.
        logger.warning("could not invalidate cached webhook endpoints of %s (Redis)", schema_name, exc_info=True)


def clear() -> None:
    _cache.clear()
