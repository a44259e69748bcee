"""Stripe: API base URL (the local stand-in in dev and tests), keys, webhook secret, plan prices, grace period."""

from .env import env

STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com").rstrip("/")
STRIPE_API_KEY = env.str("STRIPE_API_KEY", default="")
# Signing secret of the webhook endpoint (whsec_…). Empty refuses every webhook: an empty HMAC key is forgeable.
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# How old a signed webhook may be (Stripe's own default), against replays of captured requests.
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
# Empty: the API version the pinned `stripe` library was generated for.
STRIPE_API_VERSION = env.str("STRIPE_API_VERSION", default="")
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=10.0)
# Network errors, 409 and 5xx are retried by the library with the same idempotency key.
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=2)

# Price ids differ between test and live mode, so they are configuration; the plans themselves are data
# (billing.Plan). A price id maps to the plan whose code names it here.
STRIPE_PRICE_STARTER = env.str("STRIPE_PRICE_STARTER", default="")
STRIPE_PRICE_GROWTH = env.str("STRIPE_PRICE_GROWTH", default="")
STRIPE_PRICE_SCALE = env.str("STRIPE_PRICE_SCALE", default="")

# A store whose payment has failed keeps delivering for this long; after it, deliveries are held.
BILLING_PAST_DUE_GRACE_DAYS = env.int("BILLING_PAST_DUE_GRACE_DAYS", default=14)
