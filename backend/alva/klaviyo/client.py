"""HTTP client for Klaviyo: Create Event, Get Accounts and the OAuth endpoints, with timeouts and a pinned revision.

Only talks HTTP and classifies answers; what an answer means for the connection or an event is
decided in services.
"""

from __future__ import annotations

import enum
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode

import httpx
from django.conf import settings

logger = logging.getLogger(__name__)

JSONAPI = "application/vnd.api+json"
MAX_DETAIL_CHARS = 2000
USER_AGENT = "Alva/1.0 (+klaviyo-integration)"


class KlaviyoError(Exception):
    """Any failed call to Klaviyo."""


class KlaviyoUnavailable(KlaviyoError):
    """A network error, a timeout, a 5xx or a 429: a retry later may succeed."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class KlaviyoRejected(KlaviyoError):
    """A 4xx from the REST API; `detail` is Klaviyo's errors[].detail."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"Klaviyo answered {status}: {detail}")
        self.status = status
        self.detail = detail


class OAuthError(KlaviyoError):
    """The OAuth server refused (invalid_grant, invalid_client, …): retrying the same request cannot help."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.status = status
        self.error = error
        self.description = description


@dataclass(frozen=True)
class Credential:
    mode: str  # KlaviyoConnection.Mode value
    secret: str = field(repr=False)

    def authorization(self) -> str:
        return f"Bearer {self.secret}" if self.mode == "oauth" else f"Klaviyo-API-Key {self.secret}"


@dataclass(frozen=True)
class Account:
    id: str
    name: str


@dataclass(frozen=True)
class OAuthTokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int
    scope: str


class SendOutcome(enum.StrEnum):
    SENT = "sent"
    RETRY = "retry"  # 429, 5xx, network error, timeout
    UNAUTHORIZED = "unauthorized"  # 401: the credential no longer works
    FAILED = "failed"  # any other 4xx: the same request will never succeed


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    status: int | None
    detail: str = ""
    retry_after: float | None = None


_local = threading.local()


def _http() -> httpx.Client:
    """One keep-alive client per thread (workers send many events to one host)."""
    client: httpx.Client | None = getattr(_local, "client", None)
    if client is None:
        client = httpx.Client(follow_redirects=False, headers={"user-agent": USER_AGENT})
        _local.client = client
    return client


def _timeout() -> httpx.Timeout:
    return httpx.Timeout(settings.KLAVIYO_TIMEOUT_SECONDS)


def _api_headers(credential: Credential) -> dict[str, str]:
    return {
        "authorization": credential.authorization(),
        "revision": settings.KLAVIYO_REVISION,
        "accept": JSONAPI,
    }


def error_detail(response: httpx.Response) -> str:
    """Klaviyo's own words: the JSON:API errors[].detail, else the OAuth error_description, else the text."""
    try:
        payload: Any = response.json()
    except ValueError:
        payload = None
    details: list[str] = []
    if isinstance(payload, dict):
        errors = payload.get("errors")
        if isinstance(errors, list):
            details = [str(e.get("detail") or e.get("title")) for e in errors if isinstance(e, dict)]
        elif payload.get("error"):
            details = [str(payload.get("error_description") or payload["error"])]
    text = "; ".join(d for d in details if d) or response.text.strip() or response.reason_phrase
    return text[:MAX_DETAIL_CHARS]


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max((moment - (now or datetime.now(UTC))).total_seconds(), 0.0)


def classify(response: httpx.Response) -> SendResult:
    status = response.status_code
    if 200 <= status < 300:
        return SendResult(SendOutcome.SENT, status)
    detail = error_detail(response)
    if status == 429:
        return SendResult(SendOutcome.RETRY, status, detail, retry_after_seconds(response.headers.get("retry-after")))
    if status >= 500 or status == 408:
        return SendResult(SendOutcome.RETRY, status, detail)
    if status == 401:
        return SendResult(SendOutcome.UNAUTHORIZED, status, detail)
    return SendResult(SendOutcome.FAILED, status, detail)


# --- REST API ----------------------------------------------------------------------------------


def create_event(*, credential: Credential, body: dict[str, Any]) -> SendResult:
    """POST /api/events; never raises for HTTP or network trouble, it classifies it."""
    try:
        response = _http().post(
            f"{settings.KLAVIYO_API_BASE}/api/events",
            json=body,
            headers={**_api_headers(credential), "content-type": JSONAPI},
            timeout=_timeout(),
        )
    except httpx.TimeoutException:
        return SendResult(SendOutcome.RETRY, None, "Klaviyo did not answer in time.")
    except httpx.HTTPError as exc:
        return SendResult(SendOutcome.RETRY, None, f"Could not reach Klaviyo ({type(exc).__name__}).")
    return classify(response)


def account_get(*, credential: Credential) -> Account:
    """GET /api/accounts: proves a credential works and names the account it belongs to."""
    try:
        response = _http().get(
            f"{settings.KLAVIYO_API_BASE}/api/accounts", headers=_api_headers(credential), timeout=_timeout()
        )
    except httpx.HTTPError as exc:
        raise KlaviyoUnavailable(f"Could not reach Klaviyo ({type(exc).__name__}).") from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise KlaviyoUnavailable(
            f"Klaviyo answered {response.status_code}.",
            status=response.status_code,
            retry_after=retry_after_seconds(response.headers.get("retry-after")),
        )
    if response.status_code != 200:
        raise KlaviyoRejected(response.status_code, error_detail(response))
    try:
        data = response.json()["data"][0]
        contact = data.get("attributes", {}).get("contact_information") or {}
        name = contact.get("organization_name") or contact.get("default_sender_name") or ""
        return Account(id=str(data["id"]), name=str(name))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise KlaviyoUnavailable("Klaviyo answered the accounts request with an unexpected body.") from exc


# --- OAuth -------------------------------------------------------------------------------------


def oauth_authorize_url(*, redirect_uri: str, scope: str, code_challenge: str, state: str) -> str:
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.KLAVIYO_CLIENT_ID,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "code_challenge_method": "S256",
            "code_challenge": code_challenge,
            "state": state,
        }
    )
    return f"{settings.KLAVIYO_OAUTH_BASE}/oauth/authorize?{query}"


def _oauth_post(path: str, form: dict[str, str]) -> httpx.Response:
    try:
        response = _http().post(
            f"{settings.KLAVIYO_OAUTH_BASE}{path}",
            data=form,
            auth=(settings.KLAVIYO_CLIENT_ID, settings.KLAVIYO_CLIENT_SECRET),
            headers={"accept": "application/json"},
            timeout=_timeout(),
        )
    except httpx.HTTPError as exc:
        raise KlaviyoUnavailable(f"Could not reach Klaviyo ({type(exc).__name__}).") from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise KlaviyoUnavailable(f"Klaviyo answered {response.status_code}.", status=response.status_code)
    if response.status_code >= 400:
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        error = str(payload.get("error") or "oauth_error") if isinstance(payload, dict) else "oauth_error"
        description = str(payload.get("error_description") or "") if isinstance(payload, dict) else ""
        raise OAuthError(response.status_code, error, description)
    return response


def _tokens(response: httpx.Response) -> OAuthTokens:
    try:
        payload = response.json()
        return OAuthTokens(
            access_token=str(payload["access_token"]),
            refresh_token=str(payload["refresh_token"]),
            expires_in=int(payload["expires_in"]),
            scope=str(payload.get("scope") or ""),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise KlaviyoUnavailable("Klaviyo answered the token request with an unexpected body.") from exc


def oauth_code_exchange(*, code: str, code_verifier: str, redirect_uri: str) -> OAuthTokens:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": code_verifier,
        "redirect_uri": redirect_uri,
    }
    return _tokens(_oauth_post("/oauth/token", form))


def oauth_refresh(*, refresh_token: str) -> OAuthTokens:
    """Klaviyo rotates refresh tokens: the one passed in stops working once this succeeds."""
    return _tokens(_oauth_post("/oauth/token", {"grant_type": "refresh_token", "refresh_token": refresh_token}))


def oauth_revoke(*, token: str) -> None:
    """Revoking the refresh token ends the whole grant (RFC 7009)."""
    _oauth_post("/oauth/revoke", {"token": token, "token_type_hint": "refresh_token"})
