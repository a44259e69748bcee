"""Stand-in configuration: accepted secret keys, the webhook signing secret, known prices, where to send events."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

ENV_PREFIX = "STRIPE_STANDIN_"
DEFAULT_API_KEY = "sk_test_standin"
DEFAULT_WEBHOOK_SECRET = "whsec_standin"  # noqa: S105 -- a published development value, like the API key
# The version stamped on events; the `stripe` library pinned by Alva targets it (objects use its shapes).
DEFAULT_API_VERSION = "2026-10-28.endive"


@dataclass(frozen=True)
class Price:
    id: str
    unit_amount: int
    currency: str = "usd"
    interval: str = "month"
    product: str = ""

    def to_object(self, created: int) -> dict[str, object]:
        return {
            "id": self.id,
            "object": "price",
            "active": True,
            "billing_scheme": "per_unit",
            "created": created,
            "currency": self.currency,
            "livemode": False,
            "lookup_key": None,
            "metadata": {},
            "nickname": None,
            "product": self.product or f"prod_{self.id.removeprefix('price_')}",
            "recurring": {"interval": self.interval, "interval_count": 1, "usage_type": "licensed"},
            "tax_behavior": "unspecified",
            "type": "recurring",
            "unit_amount": self.unit_amount,
        }


DEFAULT_PRICES: Mapping[str, Price] = {
    price.id: price
    for price in (
        Price("price_starter", 1_900),
        Price("price_growth", 4_900),
        Price("price_scale", 14_900),
    )
}


def parse_prices(values: list[str]) -> dict[str, Price]:
    """`price_id=amount_in_cents` entries (the CLI's --price and STRIPE_STANDIN_PRICES)."""
    prices: dict[str, Price] = {}
    for value in values:
        price_id, _, amount = value.strip().partition("=")
        if not price_id.startswith("price_"):
            raise ValueError(f"price ids start with 'price_': {value!r}")
        prices[price_id] = Price(price_id, int(amount or 0))
    return prices


@dataclass(frozen=True)
class StandinConfig:
    api_keys: tuple[str, ...] = (DEFAULT_API_KEY,)
    webhook_secret: str = DEFAULT_WEBHOOK_SECRET
    prices: Mapping[str, Price] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    api_version: str = DEFAULT_API_VERSION
    # Where the pay and portal pages POST the signed events they cause (development); None: nowhere, tests
    # deliver events themselves.
    webhook_url: str | None = None
    # The Host header for webhook_url, for a server that routes by host (Alva's public host).
    webhook_host: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StandinConfig:
        env = os.environ if environ is None else environ

        def value(name: str) -> str:
            return env.get(ENV_PREFIX + name, "").strip()

        keys = tuple(k.strip() for k in value("API_KEYS").split(",") if k.strip())
        prices = parse_prices([p for p in value("PRICES").split(",") if p.strip()])
        return cls(
            api_keys=keys or (DEFAULT_API_KEY,),
            webhook_secret=value("WEBHOOK_SECRET") or DEFAULT_WEBHOOK_SECRET,
            prices=prices or dict(DEFAULT_PRICES),
            webhook_url=value("WEBHOOK_URL") or None,
            webhook_host=value("WEBHOOK_HOST") or None,
        )
