"""OAuth 2.0 authorization-code flow with PKCE: authorize (with an optional consent page), token, revoke, grants."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from .config import EmulatorConfig
from .responses import JSON, Request, Response, json_response, oauth_error

# RFC 7636 §4.1: 43-128 characters from the unreserved set.
_PKCE_VALUE = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
_SCOPE = re.compile(r"^[a-z][a-z_-]*:(read|write)$")
_BASIC_CHALLENGE = {"WWW-Authenticate": 'Basic realm="klaviyo-emulator"'}


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    scope: str
    account_id: str
    expires_at: float
    used: bool = False
    grant_id: str | None = None


@dataclass
class Grant:
    id: str
    client_id: str
    account_id: str
    scope: str
    revoked: bool = False


@dataclass
class AccessToken:
    token: str
    grant_id: str
    expires_at: float
    revoked: bool = False


@dataclass(frozen=True)
class TokenInfo:
    """What a valid bearer token entitles its holder to."""

    account_id: str
    scopes: frozenset[str]
    client_id: str


@dataclass(frozen=True)
class IssuedTokens:
    payload: dict[str, object]
    account_id: str


@dataclass
class Consent:
    """How the emulated merchant answers when there is no consent page, and which account a grant is for."""

    approve: bool
    account_id: str


@dataclass
class _Tables:
    codes: dict[str, AuthorizationCode] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)
    access: dict[str, AccessToken] = field(default_factory=dict)
    # refresh token -> grant id; rotation deletes the old entry, so a used token stops working.
    refresh: dict[str, str] = field(default_factory=dict)


class OAuthStore:
    def __init__(self, config: EmulatorConfig, clock: Callable[[], float]) -> None:
        self.config = config
        self.clock = clock
        self._lock = threading.Lock()
        self._t = _Tables()

    def clear(self) -> None:
        with self._lock:
            self._t = _Tables()

    def lookup_access_token(self, token: str) -> TokenInfo | None:
        with self._lock:
            access = self._t.access.get(token)
            if access is None or access.revoked or access.expires_at <= self.clock():
                return None
            grant = self._t.grants[access.grant_id]
            if grant.revoked:
                return None
            return TokenInfo(grant.account_id, frozenset(grant.scope.split()), grant.client_id)

    def active_grants(self) -> list[Grant]:
        with self._lock:
            return [g for g in self._t.grants.values() if not g.revoked]

    def expire_access_tokens(self) -> None:
        """Make every issued access token expired, to exercise a client's refresh path."""
        with self._lock:
            for access in self._t.access.values():
                access.expires_at = min(access.expires_at, self.clock())

    def issue_code(self, client_id: str, redirect_uri: str, code_challenge: str, scope: str, account_id: str) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._t.codes[code] = AuthorizationCode(
                code=code,
                client_id=client_id,
                redirect_uri=redirect_uri,
                code_challenge=code_challenge,
                scope=scope,
                account_id=account_id,
                expires_at=self.clock() + self.config.auth_code_lifetime,
            )
        return code

    def exchange_code(self, client_id: str, code: str, redirect_uri: str, verifier: str) -> IssuedTokens | str:
        """Tokens for a valid code, else the invalid_grant description."""
        with self._lock:
            entry = self._t.codes.get(code)
            if entry is None or entry.client_id != client_id:
                return "The authorization code is invalid."
            if entry.used:
                # RFC 6749 §4.1.2: a replayed code suggests theft, so kill what it produced.
                if entry.grant_id is not None:
                    self._t.grants[entry.grant_id].revoked = True
                return "The authorization code has already been used."
            if entry.expires_at <= self.clock():
                return "The authorization code has expired."
            if entry.redirect_uri != redirect_uri:
                return "redirect_uri does not match the one used in the authorization request."
            if not _PKCE_VALUE.match(verifier) or not hmac.compare_digest(
                s256_challenge(verifier), entry.code_challenge
            ):
                return "PKCE verification failed: code_verifier does not match code_challenge."
            entry.used = True
            grant = Grant(
                id=secrets.token_hex(8),
                client_id=client_id,
                account_id=entry.account_id,
                scope=entry.scope,
            )
            entry.grant_id = grant.id
            self._t.grants[grant.id] = grant
            return self._issue_tokens(grant)

    def refresh(self, client_id: str, refresh_token: str) -> IssuedTokens | str:
        with self._lock:
            grant_id = self._t.refresh.get(refresh_token)
            grant = self._t.grants.get(grant_id) if grant_id else None
            if grant is None or grant.revoked or grant.client_id != client_id:
                return "The refresh token is invalid, revoked or already used."
            del self._t.refresh[refresh_token]
            return self._issue_tokens(grant)

    def revoke(self, client_id: str, token: str) -> None:
        """Revoking a refresh token ends the whole grant; revoking an access token ends only it."""
        with self._lock:
            grant_id = self._t.refresh.get(token)
            if grant_id is not None and self._t.grants[grant_id].client_id == client_id:
                self._t.grants[grant_id].revoked = True
                del self._t.refresh[token]
                return
            access = self._t.access.get(token)
            if access is not None and self._t.grants[access.grant_id].client_id == client_id:
                access.revoked = True

    def _issue_tokens(self, grant: Grant) -> IssuedTokens:
        access = AccessToken(
            token="emu_at_" + secrets.token_urlsafe(32),
            grant_id=grant.id,
            expires_at=self.clock() + self.config.access_token_lifetime,
        )
        refresh = "emu_rt_" + secrets.token_urlsafe(32)
        self._t.access[access.token] = access
        self._t.refresh[refresh] = grant.id
        payload: dict[str, object] = {
            "access_token": access.token,
            "token_type": "Bearer",
            "expires_in": self.config.access_token_lifetime,
            "refresh_token": refresh,
            "scope": grant.scope,
        }
        return IssuedTokens(payload, grant.account_id)


def s256_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _valid_redirect_uri(uri: str, config: EmulatorConfig) -> bool:
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment:
        return False
    return not config.oauth_redirect_uris or uri in config.oauth_redirect_uris


def _redirect(redirect_uri: str, params: dict[str, str]) -> Response:
    parts = urlsplit(redirect_uri)
    query = parts.query + ("&" if parts.query else "") + urlencode(params)
    location = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    return Response(status=302, headers={"Location": location, "Cache-Control": "no-store"})


@dataclass(frozen=True)
class _AuthorizeRequest:
    client_id: str
    redirect_uri: str
    scope: str
    code_challenge: str
    state: str | None

    def fail(self, error: str, description: str) -> Response:
        params = {"error": error, "error_description": description}
        if self.state is not None:
            params["state"] = self.state
        return _redirect(self.redirect_uri, params)


def _read_authorize(value: Callable[[str], str | None], config: EmulatorConfig) -> _AuthorizeRequest | Response:
    """The parameters of an authorization request (query or consent form), or the error answer."""
    client_id = value("client_id")
    redirect_uri = value("redirect_uri")
    # Errors about the client or the redirect target must not redirect (RFC 6749 §4.1.2.1).
    if client_id != config.oauth_client_id:
        return oauth_error(400, "invalid_client", "Unknown client_id.")
    if not redirect_uri or not _valid_redirect_uri(redirect_uri, config):
        return oauth_error(400, "invalid_request", "Missing, malformed or unregistered redirect_uri.")
    scope = " ".join((value("scope") or "").split())
    parsed = _AuthorizeRequest(client_id, redirect_uri, scope, value("code_challenge") or "", value("state"))
    if value("response_type") != "code":
        return parsed.fail("unsupported_response_type", "response_type must be 'code'.")
    if not scope or not all(_SCOPE.match(s) for s in scope.split()):
        return parsed.fail("invalid_scope", "scope must be space-separated scopes like 'events:write'.")
    if not _PKCE_VALUE.match(parsed.code_challenge):
        return parsed.fail("invalid_request", "A PKCE code_challenge is required.")
    if value("code_challenge_method") != "S256":
        return parsed.fail("invalid_request", "code_challenge_method must be 'S256'.")
    return parsed


def _grant(parsed: _AuthorizeRequest, store: OAuthStore, account_id: str) -> Response:
    code = store.issue_code(parsed.client_id, parsed.redirect_uri, parsed.code_challenge, parsed.scope, account_id)
    params = {"code": code}
    if parsed.state is not None:
        params["state"] = parsed.state
    return _redirect(parsed.redirect_uri, params)


def authorize(request: Request, store: OAuthStore, consent: Consent) -> Response:
    """GET /oauth/authorize: validate, then show the consent page or consent on the merchant's behalf."""
    parsed = _read_authorize(request.query_value, store.config)
    if isinstance(parsed, Response):
        return parsed
    if store.config.consent_page:
        return _consent_page(parsed, store.config, consent.account_id)
    if not consent.approve:
        return parsed.fail("access_denied", "The user denied the request.")
    return _grant(parsed, store, consent.account_id)


def authorize_decision(request: Request, store: OAuthStore, consent: Consent) -> Response:
    """POST /oauth/authorize: the consent page's Allow or Deny, with the request's parameters re-checked."""
    if not store.config.consent_page:
        return oauth_error(405, "invalid_request", "This emulator consents automatically: use GET.")
    form = _form(request)
    if form is None:
        return oauth_error(400, "invalid_request", "Send an application/x-www-form-urlencoded body.")
    parsed = _read_authorize(form.get, store.config)
    if isinstance(parsed, Response):
        return parsed
    match form.get("decision"):
        case "allow":
            return _grant(parsed, store, consent.account_id)
        case "deny":
            return parsed.fail("access_denied", "The user denied the request.")
    return oauth_error(400, "invalid_request", "decision must be 'allow' or 'deny'.")


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Allow access · Klaviyo emulator</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; background: #f4f4f6; color: #1b1b1f; margin: 0; }}
main {{ max-width: 30rem; margin: 4rem auto; background: #fff; border-radius: 12px; padding: 2rem;
  box-shadow: 0 1px 3px rgba(0,0,0,.12); }}
h1 {{ font-size: 1.4rem; margin: 0 0 1rem; }}
.scopes code {{ background: #eef; padding: 1px 6px; border-radius: 4px; }}
.actions {{ display: flex; gap: .75rem; justify-content: flex-end; margin-top: 1.5rem; }}
button {{ font: inherit; font-weight: 600; border-radius: 8px; padding: .55rem 1.2rem; cursor: pointer;
  border: 1px solid #c9c9d1; background: #fff; }}
button[value="allow"] {{ background: #1b1b1f; color: #fff; border-color: #1b1b1f; }}
.note {{ color: #6b6b76; font-size: .85rem; margin-top: 1.5rem; }}
</style></head>
<body><main>
<h1>Allow {client} to access your Klaviyo account?</h1>
<p>Account: <strong>{account_name}</strong> (<code>{account_id}</code>)</p>
<p>{client} asks for:</p>
<ul class="scopes" aria-label="Requested scopes">{scopes}</ul>
<p>You will be sent back to <strong>{return_to}</strong>.</p>
<form method="post" action="/oauth/authorize">
{hidden}
<div class="actions">
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="allow">Allow</button>
</div>
</form>
<p class="note">Klaviyo emulator: a development stand-in for Klaviyo's consent screen.</p>
</main></body></html>
"""


def _consent_page(parsed: _AuthorizeRequest, config: EmulatorConfig, account_id: str) -> Response:
    account = config.accounts[account_id]
    fields = {
        "response_type": "code",
        "client_id": parsed.client_id,
        "redirect_uri": parsed.redirect_uri,
        "scope": parsed.scope,
        "code_challenge": parsed.code_challenge,
        "code_challenge_method": "S256",
    }
    if parsed.state is not None:
        fields["state"] = parsed.state
    page = _PAGE.format(
        client=html.escape(parsed.client_id),
        account_name=html.escape(account.name),
        account_id=html.escape(account.id),
        scopes="".join(f"<li><code>{html.escape(scope)}</code></li>" for scope in parsed.scope.split()),
        return_to=html.escape(urlsplit(parsed.redirect_uri).netloc),
        hidden="\n".join(
            f'<input type="hidden" name="{name}" value="{html.escape(value)}">' for name, value in fields.items()
        ),
    )
    headers = {"Cache-Control": "no-store", "X-Frame-Options": "DENY"}
    return Response(status=200, body=page.encode(), content_type="text/html; charset=utf-8", headers=headers)


def _client_from_basic(request: Request, config: EmulatorConfig) -> str | None:
    header = request.header("authorization") or ""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return None
    id_ok = hmac.compare_digest(client_id.encode(), config.oauth_client_id.encode())
    secret_ok = hmac.compare_digest(secret.encode(), config.oauth_client_secret.encode())
    return client_id if id_ok and secret_ok else None


def _form(request: Request) -> dict[str, str] | None:
    content_type = (request.header("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return None
    try:
        parsed = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return None
    return {key: values[0] for key, values in parsed.items()}


def token(request: Request, store: OAuthStore) -> Response:
    """POST /oauth/token for the authorization_code and refresh_token grants."""
    client_id = _client_from_basic(request, store.config)
    if client_id is None:
        return oauth_error(401, "invalid_client", "Client authentication failed.", _BASIC_CHALLENGE)
    form = _form(request)
    if form is None:
        return oauth_error(400, "invalid_request", "Send an application/x-www-form-urlencoded body.")
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        missing = [n for n in ("code", "redirect_uri", "code_verifier") if not form.get(n)]
        if missing:
            return oauth_error(400, "invalid_request", f"Missing parameter(s): {', '.join(missing)}.")
        result = store.exchange_code(client_id, form["code"], form["redirect_uri"], form["code_verifier"])
    elif grant_type == "refresh_token":
        if not form.get("refresh_token"):
            return oauth_error(400, "invalid_request", "Missing parameter(s): refresh_token.")
        result = store.refresh(client_id, form["refresh_token"])
    else:
        return oauth_error(400, "unsupported_grant_type", "Use authorization_code or refresh_token.")
    if isinstance(result, str):
        return oauth_error(400, "invalid_grant", result)
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    response = json_response(200, result.payload, JSON, headers)
    response.account_id = result.account_id
    return response


def revoke(request: Request, store: OAuthStore) -> Response:
    """POST /oauth/revoke (RFC 7009): 200 even for unknown tokens, so callers learn nothing."""
    client_id = _client_from_basic(request, store.config)
    if client_id is None:
        return oauth_error(401, "invalid_client", "Client authentication failed.", _BASIC_CHALLENGE)
    form = _form(request)
    if form is None or not form.get("token"):
        return oauth_error(400, "invalid_request", "Missing parameter: token.")
    store.revoke(client_id, form["token"])
    return Response(status=200)
