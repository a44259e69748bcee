"""Writes of the klaviyo app: connecting (API key or OAuth with PKCE), token refresh, the event outbox and sending.

Every function runs in the active tenant schema (a store-host request or a `klaviyo-events` worker).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from redis.exceptions import RedisError

from alva.accounts.models import User
from alva.core.crypto import decrypt, encrypt
from alva.core.errors import ApiError, Conflict, NotFound, ValidationFailed
from alva.core.redis import get_redis
from alva.core.tasks import enqueue_on_commit
from alva.klaviyo import client, selectors
from alva.klaviyo.client import Credential, KlaviyoRejected, KlaviyoUnavailable, OAuthError, SendOutcome, SendResult
from alva.klaviyo.events import KlaviyoEvent, create_event_body
from alva.klaviyo.models import KlaviyoConnection, OutboxEvent
from alva.tenants.models import Tenant
from alva.tenants.urls import host_url

logger = logging.getLogger(__name__)

# One purpose per sealed field, so a ciphertext cannot be moved to another column (alva.core.crypto).
PURPOSE_API_KEY = "klaviyo.connection.api_key"
PURPOSE_ACCESS_TOKEN = "klaviyo.connection.access_token"  # noqa: S105 - a label, not a secret
PURPOSE_REFRESH_TOKEN = "klaviyo.connection.refresh_token"  # noqa: S105 - a label, not a secret

OAUTH_CALLBACK_PATH = "/oauth/klaviyo/callback"
OAUTH_STATE_SALT = "alva.klaviyo.oauth-state"
# Where the public callback hands the browser to, on the store's own host (under urls_tenant's api/v1/).
STORE_OAUTH_CALLBACK_PATH = "api/v1/settings/klaviyo/oauth/callback"

Mode = KlaviyoConnection.Mode
Health = KlaviyoConnection.Health
State = OutboxEvent.State
PROFILE_KEYS = ("email", "first_name", "last_name", "klaviyo_profile_id")


# --- connection: API key -----------------------------------------------------------------------


def connection_connect_api_key(*, api_key: str) -> KlaviyoConnection:
    """Check the key against Klaviyo (GET /api/accounts), then store it sealed; waiting events are released."""
    api_key = api_key.strip()
    if not api_key or any(c.isspace() for c in api_key):
        raise ValidationFailed({"api_key": ["Enter a Klaviyo private API key."]})
    account = _account_for_api_key(api_key)
    with transaction.atomic():
        connection = _connection_for_update()
        replaced_refresh_token = _refresh_token_of(connection)
        _clear_credentials(connection)
        connection.mode = Mode.API_KEY
        connection.api_key_encrypted = encrypt(api_key, purpose=PURPOSE_API_KEY)
        _mark_connected(connection, account)
        connection.save()
        outbox_release_waiting()
        if replaced_refresh_token:
            transaction.on_commit(lambda: _revoke_quietly(replaced_refresh_token))
    return connection


def _account_for_api_key(api_key: str) -> client.Account:
    try:
        return client.account_get(credential=Credential(Mode.API_KEY, api_key))
    except KlaviyoRejected as exc:
        if exc.status == 401:
            raise ValidationFailed(
                {"api_key": ["Klaviyo did not accept this API key. Copy a private API key from Klaviyo."]}
            ) from exc
        if exc.status == 403:
            raise ValidationFailed(
                {
                    "api_key": [
                        "This API key cannot read the account: give it the Accounts (read) and Events (write) scopes."
                    ]
                }
            ) from exc
        raise ApiError(502, "klaviyo_error", f"Klaviyo answered {exc.status}. Try again in a minute.") from exc
    except KlaviyoUnavailable as exc:
        raise _unavailable(exc) from exc


def _unavailable(exc: KlaviyoUnavailable) -> ApiError:
    if exc.status is not None and exc.status != 429:
        return ApiError(502, "klaviyo_error", f"Klaviyo answered {exc.status}. Try again in a minute.")
    headers = {"Retry-After": str(math.ceil(exc.retry_after))} if exc.retry_after else None
    return ApiError(
        503, "klaviyo_unavailable", "Klaviyo cannot be reached right now. Try again in a minute.", headers=headers
    )


# --- connection: OAuth 2.0 with PKCE -----------------------------------------------------------


@dataclass(frozen=True)
class OAuthState:
    store: str  # the store's subdomain
    nonce: str


class OAuthFlowError(Exception):
    """The OAuth round trip cannot complete; `code` goes back to the dashboard as `?error=`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def oauth_redirect_uri() -> str:
    """Klaviyo registers exact redirect URIs, never a wildcard: one callback on the public host serves every store."""
    return host_url(settings.PUBLIC_HOST) + OAUTH_CALLBACK_PATH


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def oauth_start(*, tenant: Tenant, user: User) -> str:
    """The authorize URL. The signed state names the store; the PKCE verifier stays server-side, keyed by a nonce."""
    if not settings.KLAVIYO_CLIENT_ID or not settings.KLAVIYO_CLIENT_SECRET:
        raise ApiError(503, "oauth_not_configured", "Connecting with Klaviyo OAuth is not configured: use an API key.")
    assert tenant.subdomain is not None
    nonce = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(64)  # 86 characters of RFC 7636's unreserved set
    pending = {"tenant_id": tenant.id, "user_id": user.id, "verifier": verifier}
    try:
        get_redis().set(_oauth_key(nonce), json.dumps(pending), ex=settings.KLAVIYO_OAUTH_STATE_MAX_AGE_SECONDS)
    except RedisError as exc:
        raise ApiError(503, "unavailable", "Cannot start connecting right now. Try again in a minute.") from exc
    state = signing.dumps({"store": tenant.subdomain, "nonce": nonce}, salt=OAUTH_STATE_SALT)
    return client.oauth_authorize_url(
        redirect_uri=oauth_redirect_uri(),
        scope=settings.KLAVIYO_OAUTH_SCOPES,
        code_challenge=pkce_challenge(verifier),
        state=state,
    )


def oauth_state_read(*, state: str) -> OAuthState | None:
    """The store and nonce of a state we signed recently; None when forged, altered or expired."""
    try:
        raw = signing.loads(state, salt=OAUTH_STATE_SALT, max_age=settings.KLAVIYO_OAUTH_STATE_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("store"), str) or not isinstance(raw.get("nonce"), str):
        return None
    return OAuthState(store=raw["store"], nonce=raw["nonce"])


def oauth_complete(*, tenant: Tenant, user: User, code: str, state: str) -> KlaviyoConnection:
    """On the store's host, in its schema: exchange the code (with the verifier), read the account, store the tokens."""
    verifier = _oauth_verifier_take(tenant=tenant, user=user, state=state)
    if not code or len(code) > 2048:
        raise OAuthFlowError("invalid_request", "Klaviyo sent no authorization code.")
    try:
        tokens = client.oauth_code_exchange(code=code, code_verifier=verifier, redirect_uri=oauth_redirect_uri())
    except OAuthError as exc:
        logger.warning("Klaviyo refused the OAuth code exchange: %s", exc.error)
        raise OAuthFlowError("token_exchange_failed", "Klaviyo refused the authorization code.") from exc
    except KlaviyoUnavailable as exc:
        raise OAuthFlowError("klaviyo_unavailable", "Klaviyo cannot be reached right now.") from exc
    try:
        account = client.account_get(credential=Credential(Mode.OAUTH, tokens.access_token))
    except (KlaviyoRejected, KlaviyoUnavailable) as exc:
        _revoke_quietly(tokens.refresh_token)
        raise OAuthFlowError("account_unavailable", "Could not read the Klaviyo account.") from exc
    with transaction.atomic():
        connection = _connection_for_update()
        replaced_refresh_token = _refresh_token_of(connection)
        _clear_credentials(connection)
        connection.mode = Mode.OAUTH
        _store_tokens(connection, tokens)
        _mark_connected(connection, account)
        connection.save()
        outbox_release_waiting()
        if replaced_refresh_token:
            transaction.on_commit(lambda: _revoke_quietly(replaced_refresh_token))
    return connection


def _oauth_verifier_take(*, tenant: Tenant, user: User, state: str) -> str:
    """Single use: the nonce is deleted on first sight, so a replayed callback finds nothing."""
    parsed = oauth_state_read(state=state)
    if parsed is None or parsed.store != tenant.subdomain:
        raise OAuthFlowError("invalid_state", "This connection attempt is invalid or has expired.")
    try:
        raw = get_redis().getdel(_oauth_key(parsed.nonce))
    except RedisError as exc:
        raise OAuthFlowError("unavailable", "Cannot finish connecting right now.") from exc
    pending: dict[str, Any] = json.loads(raw) if raw else {}
    # Bound to who started it: nobody can make an admin connect an account of the attacker's choosing.
    if pending.get("tenant_id") != tenant.id or pending.get("user_id") != user.id:
        raise OAuthFlowError("invalid_state", "This connection attempt is invalid or has expired.")
    return str(pending["verifier"])


def _oauth_key(nonce: str) -> str:
    return f"alva:klaviyo-oauth:{hashlib.sha256(nonce.encode()).hexdigest()}"


def connection_oauth_refresh(*, stale_access_token: str | None = None) -> Credential | None:
    """A fresh access token, refreshing under the row lock so that a rotated refresh token is never lost.

    Two workers may decide to refresh at once; the second waits for the lock and then finds the first
    one's new token. `stale_access_token` (after a 401) forces a refresh unless it was already replaced.
    Returns None when there is no usable OAuth connection (a refused grant marks it revoked); raises
    KlaviyoUnavailable when the refresh may work later (Klaviyo unreachable, our client refused), for
    the caller to retry with its bounded backoff.
    """
    failure: KlaviyoUnavailable | None = None
    with transaction.atomic():
        connection = KlaviyoConnection.objects.select_for_update().filter(singleton=True).first()
        if connection is None or connection.mode != Mode.OAUTH or not connection.is_usable:
            return None
        current = decrypt(connection.access_token_encrypted, purpose=PURPOSE_ACCESS_TOKEN)
        if not _token_expiring(connection) and current != stale_access_token:
            return Credential(Mode.OAUTH, current)
        refresh_token = decrypt(connection.refresh_token_encrypted, purpose=PURPOSE_REFRESH_TOKEN)
        # The HTTP call runs inside the row lock on purpose: the lock is what serialises rotation.
        try:
            tokens = client.oauth_refresh(refresh_token=refresh_token)
        except OAuthError as exc:
            if exc.error != "invalid_grant":
                # invalid_client and the like are our configuration, not the merchant's grant.
                failure = KlaviyoUnavailable(f"Klaviyo refused to refresh the access token ({exc.error}).")
                _record_connection_error(connection, Health.FAILING, str(failure))
                connection.save()
            else:
                _record_connection_error(
                    connection, Health.REVOKED, "Klaviyo no longer accepts this connection: connect Klaviyo again."
                )
                _clear_credentials(connection)
                connection.save()
                return None
        except KlaviyoUnavailable as exc:
            _record_connection_error(connection, Health.FAILING, f"Could not refresh the access token: {exc}")
            connection.save()
            failure = exc
        else:
            _store_tokens(connection, tokens)
            connection.health = Health.CONNECTED
            connection.save()
            return Credential(Mode.OAUTH, tokens.access_token)
    assert failure is not None
    raise failure


def connection_credential() -> Credential | None:
    """What to send with, refreshing an expiring OAuth token first; None when Klaviyo is not usable."""
    connection = selectors.connection_get()
    if connection is None or not connection.is_usable:
        return None
    if connection.mode == Mode.API_KEY:
        return Credential(Mode.API_KEY, decrypt(connection.api_key_encrypted, purpose=PURPOSE_API_KEY))
    if _token_expiring(connection):
        return connection_oauth_refresh()
    return Credential(Mode.OAUTH, decrypt(connection.access_token_encrypted, purpose=PURPOSE_ACCESS_TOKEN))


def _token_expiring(connection: KlaviyoConnection) -> bool:
    margin = timedelta(seconds=settings.KLAVIYO_TOKEN_REFRESH_MARGIN_SECONDS)
    expires_at = connection.access_token_expires_at
    return expires_at is None or expires_at <= timezone.now() + margin


# --- connection: disconnect and shared helpers -------------------------------------------------


def connection_disconnect() -> None:
    """Forget the credentials (revoking an OAuth grant, best effort); new events wait for a new connection."""
    with transaction.atomic():
        connection = KlaviyoConnection.objects.select_for_update().filter(singleton=True).first()
        if connection is None or not connection.mode:
            return
        refresh_token = _refresh_token_of(connection)
        _clear_credentials(connection)
        connection.mode = ""
        connection.account_id = ""
        connection.account_name = ""
        connection.health = Health.DISCONNECTED
        connection.last_error = ""
        connection.last_error_at = None
        connection.connected_at = None
        connection.save()
        if refresh_token:
            transaction.on_commit(lambda: _revoke_quietly(refresh_token))


def _connection_for_update() -> KlaviyoConnection:
    connection, _ = KlaviyoConnection.objects.select_for_update().get_or_create(singleton=True)
    return connection


def _refresh_token_of(connection: KlaviyoConnection) -> str:
    if connection.mode != Mode.OAUTH or not connection.refresh_token_encrypted:
        return ""
    return decrypt(connection.refresh_token_encrypted, purpose=PURPOSE_REFRESH_TOKEN)


def _clear_credentials(connection: KlaviyoConnection) -> None:
    connection.api_key_encrypted = ""
    connection.access_token_encrypted = ""
    connection.refresh_token_encrypted = ""
    connection.access_token_expires_at = None
    connection.scopes = ""


def _store_tokens(connection: KlaviyoConnection, tokens: client.OAuthTokens) -> None:
    connection.access_token_encrypted = encrypt(tokens.access_token, purpose=PURPOSE_ACCESS_TOKEN)
    connection.refresh_token_encrypted = encrypt(tokens.refresh_token, purpose=PURPOSE_REFRESH_TOKEN)
    connection.access_token_expires_at = timezone.now() + timedelta(seconds=tokens.expires_in)
    if tokens.scope:
        connection.scopes = " ".join(tokens.scope.split())


def _mark_connected(connection: KlaviyoConnection, account: client.Account) -> None:
    connection.account_id = account.id
    connection.account_name = account.name
    connection.health = Health.CONNECTED
    connection.last_error = ""
    connection.last_error_at = None
    connection.connected_at = timezone.now()


def _record_connection_error(connection: KlaviyoConnection, health: str, message: str) -> None:
    connection.health = health
    connection.last_error = message
    connection.last_error_at = timezone.now()


def _connection_problem(health: str, message: str) -> None:
    """Record on the connection what a send learnt about it (no lock: health is advisory, credentials untouched)."""
    KlaviyoConnection.objects.filter(singleton=True).exclude(health__in=[Health.DISCONNECTED]).update(
        health=health, last_error=message, last_error_at=timezone.now(), updated_at=timezone.now()
    )


def _revoke_quietly(refresh_token: str) -> None:
    try:
        client.oauth_revoke(token=refresh_token)
    except client.KlaviyoError:
        logger.warning("could not revoke a Klaviyo OAuth grant; it stays valid until Klaviyo expires it")


# --- outbox: enqueue ---------------------------------------------------------------------------


def outbox_enqueue(
    *,
    metric: str,
    profile: Mapping[str, str],
    properties: Mapping[str, Any],
    unique_id: str,
    delivery_id: UUID | None = None,
) -> OutboxEvent:
    """Record an event to send, inside the caller's transaction; sent after commit.

    Idempotent on `unique_id`: a second call returns the first row and sends nothing more.
    """
    if not profile.get("email"):
        raise ValueError("a Klaviyo event needs the profile's email")
    now = timezone.now()
    event = OutboxEvent(
        unique_id=unique_id,
        metric=metric,
        profile={key: profile.get(key, "") for key in ("email", "first_name", "last_name", "klaviyo_profile_id")},
        properties=dict(properties),
        delivery_id=delivery_id,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
    )
    # One statement instead of get_or_create's SELECT, SAVEPOINT, INSERT and RELEASE: this runs inside
    # every download.
    with connection.cursor() as cursor:
        cursor.execute(
            _ENQUEUE_SQL,
            [event.id, delivery_id, metric, json.dumps(event.properties), json.dumps(event.profile), unique_id,
             event.state, event.attempts, now, now, now],
        )  # fmt: skip
        inserted = cursor.fetchone() is not None
    if not inserted:
        return OutboxEvent.objects.get(unique_id=unique_id)
    event._state.adding = False
    event._state.db = connection.alias
    _send_later([event.id])
    return event


_ENQUEUE_SQL = """
INSERT INTO klaviyo_outboxevent
    (id, delivery_id, metric, properties, profile, unique_id, state, attempts, next_attempt_at, last_error,
     created_at, updated_at)
VALUES (%s, %s, %s, %s::jsonb, %s::jsonb, %s, %s, %s, %s, '', %s, %s)
ON CONFLICT (unique_id) DO NOTHING
RETURNING id
"""


def outbox_enqueue_event(event: KlaviyoEvent, *, delivery_id: UUID | None = None) -> OutboxEvent:
    """`outbox_enqueue` for an event built by `alva.klaviyo.events`."""
    return outbox_enqueue(
        metric=event.metric,
        profile=event.profile,
        properties=event.properties,
        unique_id=event.unique_id,
        delivery_id=delivery_id,
    )


def outbox_resend(*, event_id: UUID) -> OutboxEvent:
    """Send a failed event again, with a fresh retry budget."""
    with transaction.atomic():
        event = OutboxEvent.objects.select_for_update().filter(id=event_id).first()
        if event is None:
            raise NotFound("No such Klaviyo event.")
        if event.state != State.FAILED:
            raise Conflict("event_not_failed", "Only a failed event can be sent again.")
        if not event.profile.get("email"):
            # Retention redacted it: there is no one left to send it about.
            raise Conflict("event_redacted", "This event's customer data was redacted; it cannot be sent again.")
        event.state = State.PENDING
        event.attempts = 0
        event.next_attempt_at = timezone.now()
        event.save(update_fields=["state", "attempts", "next_attempt_at", "updated_at"])
        _send_later([event.id])
    return event


def outbox_release_waiting() -> int:
    """Make every event that waited for a connection pending again and enqueue it (call after connecting)."""
    with transaction.atomic():
        ids = list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(state=State.WAITING_FOR_CONNECTION)
            .values_list("id", flat=True)
        )
        if not ids:
            return 0
        OutboxEvent.objects.filter(id__in=ids).update(
            state=State.PENDING, next_attempt_at=timezone.now(), updated_at=timezone.now()
        )
        _send_later(ids)
    return len(ids)


@dataclass(frozen=True)
class SweepResult:
    requeued: int  # pending events whose message was lost
    reclaimed: int  # sending events whose worker died (lease over)
    released: int  # waiting events although the connection is usable


def outbox_sweep(*, stuck_after_seconds: int | None = None, limit: int = 5000) -> SweepResult:
    """Re-enqueue what no message will ever pick up; the periodic safety net behind every on_commit send."""
    stuck_after = timedelta(
        seconds=settings.KLAVIYO_OUTBOX_STUCK_SECONDS if stuck_after_seconds is None else stuck_after_seconds
    )
    now = timezone.now()
    with transaction.atomic():
        lost = list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(state=State.PENDING, next_attempt_at__lt=now - stuck_after)
            .values_list("id", flat=True)[:limit]
        )
        abandoned = list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(state=State.SENDING, next_attempt_at__lt=now)
            .values_list("id", flat=True)[:limit]
        )
        ids = lost + abandoned
        # Due now, and not seen as lost again for another `stuck_after`.
        OutboxEvent.objects.filter(id__in=ids).update(state=State.PENDING, next_attempt_at=now, updated_at=now)
        if ids:
            _send_later(ids)
    released = outbox_release_waiting() if selectors.connection_is_usable() else 0
    return SweepResult(requeued=len(lost), reclaimed=len(abandoned), released=released)


def _send_later(event_ids: Iterable[UUID], *, delay_seconds: float | None = None) -> None:
    """After commit, into this store's schema; a broker outage is logged and left to the sweeper."""
    from alva.klaviyo.tasks import send_event

    delay_ms = math.ceil(delay_seconds * 1000) if delay_seconds else None
    for event_id in event_ids:
        enqueue_on_commit(send_event, str(event_id), delay_ms=delay_ms)


# --- outbox: send ------------------------------------------------------------------------------


def send_lease_seconds() -> float:
    """How long a claim holds: longer than the actor's time limit, so only a dead worker's claim expires."""
    return settings.KLAVIYO_TIMEOUT_SECONDS * 4 + 60


def outbox_send(*, event_id: UUID) -> OutboxEvent | None:
    """Send one event if it is due and nobody else is sending it; a repeat of a sent event is a no-op."""
    now = timezone.now()
    claimed = OutboxEvent.objects.filter(id=event_id, state=State.PENDING, next_attempt_at__lte=now).update(
        state=State.SENDING, next_attempt_at=now + timedelta(seconds=send_lease_seconds()), updated_at=now
    )
    if not claimed:
        _reschedule_if_early(event_id, now)
        return None
    event = OutboxEvent.objects.get(id=event_id)
    try:
        _deliver(event)
    except Exception:
        # Unknown trouble (database, decryption): give the claim back, let the actor's retry try again.
        _finish(event, state=State.PENDING, next_attempt_at=timezone.now() + _backoff(event.attempts + 1))
        raise
    event.refresh_from_db()
    return event


def _reschedule_if_early(event_id: UUID, now: datetime) -> None:
    # A message can arrive before the row is due (clock skew, a sweeper duplicate): wait, do not drop it.
    event = OutboxEvent.objects.filter(id=event_id, state=State.PENDING).only("next_attempt_at").first()
    if event is not None and event.next_attempt_at > now:
        remaining = (event.next_attempt_at - now).total_seconds()
        _send_later([event_id], delay_seconds=max(remaining, 0.1))


def _deliver(event: OutboxEvent) -> None:
    try:
        credential = connection_credential()
    except KlaviyoUnavailable as exc:
        _retry_later(event, _refresh_trouble(exc))
        return
    if credential is None:
        _wait_for_connection(event)
        return
    body = create_event_body(
        metric=event.metric,
        profile=event.profile,
        properties=event.properties,
        unique_id=event.unique_id,
        occurred_at=event.created_at,
    )
    result = client.create_event(credential=credential, body=body)
    if result.outcome == SendOutcome.UNAUTHORIZED and credential.mode == Mode.OAUTH:
        # An access token can die before its expiry (revoked, rotated elsewhere): refresh once, then retry once.
        try:
            refreshed = connection_oauth_refresh(stale_access_token=credential.secret)
        except KlaviyoUnavailable as exc:
            _retry_later(event, _refresh_trouble(exc))
            return
        if refreshed is None:
            _wait_for_connection(event)
            return
        credential = refreshed
        result = client.create_event(credential=credential, body=body)
    _record_result(event, credential, result)


def _record_result(event: OutboxEvent, credential: Credential, result: SendResult) -> None:
    if result.outcome == SendOutcome.SENT:
        _finish(event, state=State.SENT, attempted=True, last_error="", sent_at=timezone.now())
        KlaviyoConnection.objects.filter(singleton=True, health=Health.FAILING).update(
            health=Health.CONNECTED, updated_at=timezone.now()
        )
    elif result.outcome == SendOutcome.RETRY:
        _retry_later(event, result)
    elif result.outcome == SendOutcome.UNAUTHORIZED:
        if credential.mode == Mode.API_KEY:
            _connection_problem(Health.REVOKED, "Klaviyo no longer accepts the API key: connect Klaviyo again.")
            _wait_for_connection(event, attempted=True)
        else:
            # Refused even right after a refresh: keep the grant, retry within the event's bounded budget.
            _connection_problem(Health.FAILING, f"Klaviyo refused a freshly refreshed access token: {result.detail}")
            _retry_later(event, result)
    else:
        if result.status == 403:
            _connection_problem(Health.FAILING, f"Klaviyo refused to record events: {result.detail}")
        _finish(event, state=State.FAILED, attempted=True, last_error=_describe(result))


def _retry_later(event: OutboxEvent, result: SendResult) -> None:
    attempts = event.attempts + 1
    if attempts >= settings.KLAVIYO_EVENT_MAX_ATTEMPTS:
        _finish(
            event,
            state=State.FAILED,
            attempted=True,
            last_error=f"Gave up after {attempts} attempts. {_describe(result)}",
        )
        return
    if result.status == 429 and result.retry_after is not None:
        delay = timedelta(seconds=min(result.retry_after, settings.KLAVIYO_RETRY_AFTER_MAX_SECONDS))
    else:
        delay = _backoff(attempts)
    due = timezone.now() + delay
    if _finish(event, state=State.PENDING, attempted=True, last_error=_describe(result), next_attempt_at=due):
        event_id = event.id
        _send_later([event_id], delay_seconds=delay.total_seconds())


def _wait_for_connection(event: OutboxEvent, *, attempted: bool = False) -> None:
    _finish(
        event,
        state=State.WAITING_FOR_CONNECTION,
        attempted=attempted,
        last_error="Klaviyo is not connected: the event is sent once the store connects Klaviyo again.",
    )
    # The store may have connected between our look at the connection and this write.
    if selectors.connection_is_usable():
        outbox_release_waiting()


def _finish(event: OutboxEvent, *, state: str, attempted: bool = False, **fields: Any) -> bool:
    """Leave the `sending` state; only the holder of the claim can (the row is still `sending`)."""
    updates: dict[str, Any] = {"state": state, "updated_at": timezone.now(), **fields}
    if attempted:
        updates["attempts"] = F("attempts") + 1
    return bool(OutboxEvent.objects.filter(id=event.id, state=State.SENDING).update(**updates))


def _refresh_trouble(exc: KlaviyoUnavailable) -> SendResult:
    return SendResult(SendOutcome.RETRY, None, f"Could not refresh the Klaviyo access token: {exc}")


def _backoff(attempts: int) -> timedelta:
    seconds = min(settings.KLAVIYO_RETRY_BASE_SECONDS * 2 ** (attempts - 1), settings.KLAVIYO_RETRY_MAX_SECONDS)
    # Jitter spreads a burst of retries after an outage instead of replaying it at once.
    return timedelta(seconds=seconds * random.uniform(0.8, 1.0))  # noqa: S311 - jitter, not a secret


def _describe(result: SendResult) -> str:
    if result.status is None:
        return result.detail
    return (
        f"Klaviyo answered {result.status}: {result.detail}" if result.detail else f"Klaviyo answered {result.status}."
    )
