"""Command line: `python -m devtools.klaviyo_emulator --host 127.0.0.1 --port 8100` (flags override env)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from types import FrameType

from .config import ENV_PREFIX, EmulatorConfig, parse_api_keys
from .server import start_emulator


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.klaviyo_emulator",
        description="Local Klaviyo emulator. Every flag falls back to KLAVIYO_EMULATOR_<NAME>.",
    )
    parser.add_argument("--host", default=os.environ.get(ENV_PREFIX + "HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get(ENV_PREFIX + "PORT", "8100")))
    parser.add_argument(
        "--api-key",
        action="append",
        dest="api_keys",
        metavar="KEY[=ACCOUNT_ID]",
        help="accepted private API key, repeatable (env API_KEYS, comma-separated)",
    )
    parser.add_argument("--account-id")
    parser.add_argument("--account-name")
    parser.add_argument("--account-sender-email")
    parser.add_argument("--client-id", dest="oauth_client_id")
    parser.add_argument("--client-secret", dest="oauth_client_secret")
    parser.add_argument(
        "--redirect-uri",
        action="append",
        dest="oauth_redirect_uris",
        help="allowed OAuth redirect URI, repeatable; none means any http(s) URI",
    )
    parser.add_argument("--token-lifetime", type=int, dest="access_token_lifetime", help="access-token seconds")
    parser.add_argument(
        "--consent-page",
        action="store_true",
        default=None,
        help="show a consent page with Allow/Deny on /oauth/authorize instead of consenting at once (env CONSENT_PAGE)",
    )
    parser.add_argument("--log-level", default="INFO")
    return parser


def build_config(args: argparse.Namespace) -> EmulatorConfig:
    config = EmulatorConfig.from_env()
    overrides: dict[str, object] = {
        name: getattr(args, name)
        for name in (
            "account_id",
            "account_name",
            "account_sender_email",
            "oauth_client_id",
            "oauth_client_secret",
            "access_token_lifetime",
            "consent_page",
        )
        if getattr(args, name) is not None
    }
    if args.oauth_redirect_uris:
        overrides["oauth_redirect_uris"] = tuple(args.oauth_redirect_uris)
    account_id = str(overrides.get("account_id", config.account_id))
    if args.api_keys:
        overrides["api_keys"] = parse_api_keys(args.api_keys, account_id)
    elif "account_id" in overrides:
        # Keys that followed the old primary account follow the new one.
        overrides["api_keys"] = {
            key: account_id if owner == config.account_id else owner for key, owner in config.key_accounts.items()
        }
    return replace(config, **overrides)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(message)s")
    handle = start_emulator(args.host, args.port, build_config(args))
    config = handle.config
    print(f"Klaviyo emulator listening on {handle.base_url}", flush=True)
    print(
        f"  account {config.account_id} ({config.account_name}); API keys: "
        f"{', '.join(sorted(config.key_accounts))}; OAuth client: {config.oauth_client_id}",
        flush=True,
    )
    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    # Short waits keep the main thread responsive to the signal handlers on every platform.
    while not stopping.wait(0.5):
        pass
    handle.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
