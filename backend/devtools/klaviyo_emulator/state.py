"""In-memory emulator state: profiles, recorded events with Klaviyo's dedup rule, the request log, faults, OAuth."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .config import Account, EmulatorConfig
from .faults import FaultQueue
from .oauth import Consent, OAuthStore

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def _profile_id() -> str:
    # Klaviyo profile ids are 26-character ULIDs such as 01GDDKASAP8TKDDA2GRZDSVP4H.
    return "01" + "".join(secrets.choice(_CROCKFORD) for _ in range(24))


@dataclass
class Profile:
    id: str
    account_id: str
    email: str | None = None
    phone_number: str | None = None
    external_id: str | None = None
    anonymous_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "account_id": self.account_id,
            "email": self.email,
            "phone_number": self.phone_number,
            "external_id": self.external_id,
            "anonymous_id": self.anonymous_id,
            "attributes": dict(self.attributes),
        }


@dataclass(frozen=True)
class EventSubmission:
    """One event as parsed from a validated Create Event or Bulk Create Events body."""

    metric_name: str
    metric_service: str | None
    profile: dict[str, Any]  # the profile resource object as sent: {"type", "id"?, "attributes"}
    properties: dict[str, Any]
    unique_id: str | None
    time: str | None
    value: float | None
    value_currency: str | None
    backfill: bool


@dataclass(frozen=True)
class RecordedEvent:
    id: str
    account_id: str
    metric_name: str
    metric_service: str | None
    profile_id: str
    profile: dict[str, Any]  # identifiers and attributes as sent, id included when sent
    properties: dict[str, Any]
    unique_id: str | None  # as sent; None when Klaviyo would fall back to the time
    time: str
    value: float | None
    value_currency: str | None
    backfill: bool
    auth_mode: str  # "api_key" or "oauth"
    revision: str
    source: str  # "create_event" or "bulk_create_events"
    job_id: str | None
    received_at: str

    @property
    def email(self) -> str | None:
        email = self.profile.get("email")
        return email if isinstance(email, str) else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "account_id": self.account_id,
            "metric_name": self.metric_name,
            "metric_service": self.metric_service,
            "profile_id": self.profile_id,
            "profile": self.profile,
            "properties": self.properties,
            "unique_id": self.unique_id,
            "time": self.time,
            "value": self.value,
            "value_currency": self.value_currency,
            "backfill": self.backfill,
            "auth_mode": self.auth_mode,
            "revision": self.revision,
            "source": self.source,
            "job_id": self.job_id,
            "received_at": self.received_at,
        }


@dataclass(frozen=True)
class RecordedRequest:
    id: int
    method: str
    path: str
    query: str
    headers: dict[str, str]  # Authorization is redacted
    body: str
    status: int | None  # None when a fault dropped the connection
    outcome: str | None
    fault: dict[str, Any] | None
    auth_mode: str | None
    account_id: str | None
    received_at: str
    duration_ms: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body,
            "status": self.status,
            "outcome": self.outcome,
            "fault": self.fault,
            "auth_mode": self.auth_mode,
            "account_id": self.account_id,
            "received_at": self.received_at,
            "duration_ms": self.duration_ms,
        }


@dataclass(frozen=True)
class RecordContext:
    account_id: str
    auth_mode: str
    revision: str
    source: str
    job_id: str | None = None


class EmulatorState:
    """Everything one running emulator remembers; safe to use from the handler threads and tests."""

    def __init__(self, config: EmulatorConfig, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self.clock = clock
        self.faults = FaultQueue()
        self.oauth = OAuthStore(config, clock)
        self._lock = threading.Lock()
        self._profiles: dict[str, list[Profile]] = {}
        self._events: list[RecordedEvent] = []
        self._dedup: set[tuple[str, str, str, str]] = set()
        self._requests: list[RecordedRequest] = []
        self._consent = Consent(approve=True, account_id=config.account_id)

    @property
    def accounts(self) -> dict[str, Account]:
        return dict(self.config.accounts)

    @property
    def events(self) -> list[RecordedEvent]:
        with self._lock:
            return list(self._events)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def profiles(self) -> list[Profile]:
        with self._lock:
            return [p for profiles in self._profiles.values() for p in profiles]

    @property
    def consent(self) -> Consent:
        with self._lock:
            return Consent(self._consent.approve, self._consent.account_id)

    def set_consent(self, *, approve: bool = True, account_id: str | None = None) -> Consent:
        chosen = account_id or self.config.account_id
        if chosen not in self.config.accounts:
            raise ValueError(f"unknown account id {chosen!r}")
        with self._lock:
            self._consent = Consent(approve, chosen)
            return Consent(approve, chosen)

    def reset(self) -> None:
        """Back to a freshly started emulator: configuration stays, everything learned goes."""
        self.faults.clear()
        self.oauth.clear()
        with self._lock:
            self._profiles.clear()
            self._events.clear()
            self._dedup.clear()
            self._requests.clear()
            self._consent = Consent(approve=True, account_id=self.config.account_id)

    def log_request(self, **fields: Any) -> None:
        with self._lock:
            self._requests.append(RecordedRequest(id=len(self._requests) + 1, **fields))

    def record_event(self, submission: EventSubmission, context: RecordContext) -> RecordedEvent | None:
        """Record one event; None when Klaviyo would drop it as a repeat (still a 202 for the caller)."""
        with self._lock:
            event, key = self._prepare(submission, context)
            if key in self._dedup:
                return None
            self._dedup.add(key)
            self._events.append(event)
            return event

    def record_batch(
        self, submissions: list[EventSubmission], context: RecordContext
    ) -> tuple[list[RecordedEvent], int]:
        """Record a bulk job's events all or nothing, returning (recorded, repeated count).

        Klaviyo documents that a repeated unique_id fails the bulk request and processes none of
        its events, unlike Create Event, which silently drops just the repeat.
        """
        with self._lock:
            # Profiles are upserted even when the job then fails; Klaviyo's profile side is
            # invisible to Alva either way, and undoing it would only complicate this stand-in.
            prepared = [self._prepare(s, context) for s in submissions]
            seen: set[tuple[str, str, str, str]] = set()
            repeats = 0
            for _, key in prepared:
                if key in self._dedup or key in seen:
                    repeats += 1
                seen.add(key)
            if repeats:
                return [], repeats
            for event, key in prepared:
                self._dedup.add(key)
                self._events.append(event)
            return [event for event, _ in prepared], 0

    def _prepare(
        self, submission: EventSubmission, context: RecordContext
    ) -> tuple[RecordedEvent, tuple[str, str, str, str]]:
        now = self.clock()
        profile = self._resolve_profile(context.account_id, submission.profile)
        event_time = submission.time or iso(now)
        # Without a unique_id Klaviyo dedups on the event time truncated to the second.
        dedup_id = submission.unique_id if submission.unique_id is not None else "time:" + event_time
        key = (context.account_id, profile.id, submission.metric_name, dedup_id)
        sent = dict(submission.profile.get("attributes") or {})
        if submission.profile.get("id"):
            sent = {"id": submission.profile["id"], **sent}
        event = RecordedEvent(
            id=secrets.token_hex(12),
            account_id=context.account_id,
            metric_name=submission.metric_name,
            metric_service=submission.metric_service,
            profile_id=profile.id,
            profile=sent,
            properties=submission.properties,
            unique_id=submission.unique_id,
            time=event_time,
            value=submission.value,
            value_currency=submission.value_currency,
            backfill=submission.backfill,
            auth_mode=context.auth_mode,
            revision=context.revision,
            source=context.source,
            job_id=context.job_id,
            received_at=iso(now),
        )
        return event, key

    def _resolve_profile(self, account_id: str, resource: dict[str, Any]) -> Profile:
        """Find the account's profile by id, email, phone, external id or anonymous id, or create it."""
        attributes: dict[str, Any] = dict(resource.get("attributes") or {})
        given_id = resource.get("id") or None
        email = attributes.get("email") or None
        lookups: list[tuple[str, Any]] = [
            ("id", given_id),
            ("email", email.lower() if isinstance(email, str) else None),
            ("phone_number", attributes.get("phone_number") or None),
            ("external_id", attributes.get("external_id") or None),
            ("anonymous_id", attributes.get("anonymous_id") or None),
        ]
        profiles = self._profiles.setdefault(account_id, [])
        found: Profile | None = None
        for name, wanted in lookups:
            if wanted is None:
                continue
            for candidate in profiles:
                have = getattr(candidate, name)
                if name == "email" and isinstance(have, str):
                    have = have.lower()
                if have == wanted:
                    found = candidate
                    break
            if found:
                break
        if found is None:
            found = Profile(id=given_id or _profile_id(), account_id=account_id)
            profiles.append(found)
        # Klaviyo upserts: identifiers fill in, attributes sent now win.
        found.email = found.email or email
        found.phone_number = found.phone_number or attributes.get("phone_number") or None
        found.external_id = found.external_id or attributes.get("external_id") or None
        found.anonymous_id = found.anonymous_id or attributes.get("anonymous_id") or None
        found.attributes.update({k: v for k, v in attributes.items() if v is not None})
        return found
