"""Command line: `python -m devtools.stripe_standin --port 8200` (flags override STRIPE_STANDIN_* env)."""

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

from .config import ENV_PREFIX, StandinConfig, parse_prices
from .server import start_standin


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.stripe_standin",
        description="Local Stripe stand-in. Every flag falls back to STRIPE_STANDIN_<NAME>.",
    )
    parser.add_argument("--host", default=os.environ.get(ENV_PREFIX + "HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get(ENV_PREFIX + "PORT", "8200")))
    parser.add_argument("--api-key", action="append", dest="api_keys", help="accepted secret key, repeatable")
    parser.add_argument("--webhook-secret", help="signing secret of the webhook endpoint (whsec_…)")
    parser.add_argument("--price", action="append", dest="prices", metavar="PRICE_ID=CENTS", help="repeatable")
    parser.add_argument("--webhook-url", help="where the pay and portal pages POST the events they cause")
    parser.add_argument("--webhook-host", help="Host header for --webhook-url (e.g. app.alva.localhost)")
    parser.add_argument("--log-level", default="INFO")
    return parser


def build_config(args: argparse.Namespace) -> StandinConfig:
    config = StandinConfig.from_env()
    overrides: dict[str, object] = {}
    if args.api_keys:
        overrides["api_keys"] = tuple(args.api_keys)
    if args.prices:
        overrides["prices"] = parse_prices(args.prices)
    for name in ("webhook_secret", "webhook_url", "webhook_host"):
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    return replace(config, **overrides)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(message)s")
    handle = start_standin(args.host, args.port, build_config(args))
    config = handle.config
    print(f"Stripe stand-in listening on {handle.base_url}", flush=True)
    print(
        f"  keys: {', '.join(config.api_keys)}; prices: {', '.join(sorted(config.prices))}; "
        f"webhooks to: {config.webhook_url or 'nowhere'}",
        flush=True,
    )
    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    while not stopping.wait(0.5):
        pass
    handle.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
