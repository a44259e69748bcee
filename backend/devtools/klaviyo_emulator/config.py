"""Emulator configuration: accounts, private API keys, the OAuth client and token lifetimes."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

DEFAULT_API_KEY = "pk_emulator_dev"
DEFAULT_ACCOUNT_ID = "EmuDev"
DEFAULT_ACCOUNT_NAME = "Alva Emulator Store"
DEFAULT_SENDER_EMAIL = "owner@emulator-store.example"
DEFAULT_CLIENT_ID = "emulator-client"
DEFAULT_CLIENT_SECRET = "emulator-secret"  # noqa: S105 - a published dev-only default

ENV_PREFIX = "KLAVIYO_EMULATOR_"


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    sender_email: str


@dataclass
class EmulatorConfig:
    """Everything the emulator accepts; `api_keys` maps each private key to its account id.

    A key mapped to an account id other than `account_id` creates that extra account, so
    multi-tenant tests can give each store its own Klaviyo account.
    """

    api_keys: Mapping[str, str] | Sequence[str] = (DEFAULT_API_KEY,)
    account_id: str = DEFAULT_ACCOUNT_ID
    account_name: str = DEFAULT_ACCOUNT_NAME
    account_sender_email: str = DEFAULT_SENDER_EMAIL
    oauth_client_id: str = DEFAULT_CLIENT_ID
    oauth_client_secret: str = DEFAULT_CLIENT_SECRET
    # Empty means any absolute http(s) redirect URI is accepted, which suits dev servers on
    # changing ports; list URIs to emulate Klaviyo's exact-match check.
    oauth_redirect_uris: Sequence[str] = ()
    access_token_lifetime: int = 3600
    auth_code_lifetime: int = 300
    # False: GET /oauth/authorize answers for the merchant at once (what API tests want). True: it shows a
    # consent page with Allow and Deny, as Klaviyo does, for people and browser tests to click through.
    consent_page: bool = False
    accounts: dict[str, Account] = field(init=False)
    key_accounts: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        if isinstance(self.api_keys, Mapping):
            self.key_accounts = dict(self.api_keys)
        else:
            self.key_accounts = dict.fromkeys(self.api_keys, self.account_id)
        primary = Account(self.account_id, self.account_name, self.account_sender_email)
        self.accounts = {primary.id: primary}
        for account_id in self.key_accounts.values():
            if account_id not in self.accounts:
                self.accounts[account_id] = Account(
                    id=account_id,
                    name=f"Emulator account {account_id}",
                    sender_email=f"owner+{account_id.lower()}@emulator-store.example",
                )
        if self.access_token_lifetime <= 0 or self.auth_code_lifetime <= 0:
            raise ValueError("token lifetimes must be positive")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> EmulatorConfig:
        """Build a config from KLAVIYO_EMULATOR_* variables, defaults for the rest."""
        env = os.environ if environ is None else environ
        kwargs: dict[str, object] = {}
        if keys := env.get(ENV_PREFIX + "API_KEYS"):
            kwargs["api_keys"] = parse_api_keys(keys.split(","), env.get(ENV_PREFIX + "ACCOUNT_ID", DEFAULT_ACCOUNT_ID))
        simple = {
            "ACCOUNT_ID": "account_id",
            "ACCOUNT_NAME": "account_name",
            "ACCOUNT_SENDER_EMAIL": "account_sender_email",
            "CLIENT_ID": "oauth_client_id",
            "CLIENT_SECRET": "oauth_client_secret",
        }
        for suffix, name in simple.items():
            if value := env.get(ENV_PREFIX + suffix):
                kwargs[name] = value
        if uris := env.get(ENV_PREFIX + "REDIRECT_URIS"):
            kwargs["oauth_redirect_uris"] = tuple(u.strip() for u in uris.split(",") if u.strip())
        if lifetime := env.get(ENV_PREFIX + "TOKEN_LIFETIME"):
            kwargs["access_token_lifetime"] = int(lifetime)
        if page := env.get(ENV_PREFIX + "CONSENT_PAGE"):
            kwargs["consent_page"] = page.strip().lower() in ("1", "true", "yes", "on")
        return cls(**kwargs)  # type: ignore[arg-type]


def parse_api_keys(items: Sequence[str], default_account_id: str) -> dict[str, str]:
    """Parse `KEY` or `KEY=ACCOUNT_ID` items into a key -> account id mapping."""
    keys: dict[str, str] = {}
    for raw in items:
        item = raw.strip()
        if not item:
            continue
        key, sep, account_id = item.partition("=")
        keys[key.strip()] = account_id.strip() if sep and account_id.strip() else default_account_id
    return keys
