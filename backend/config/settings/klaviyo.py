"""Klaviyo: API and OAuth base URLs (the local emulator in dev and tests), OAuth client, pinned revision."""

from .env import env

KLAVIYO_API_BASE = env.str("KLAVIYO_API_BASE", default="https://a.klaviyo.com").rstrip("/")
KLAVIYO_OAUTH_BASE = env.str("KLAVIYO_OAUTH_BASE", default="https://a.klaviyo.com").rstrip("/")
KLAVIYO_CLIENT_ID = env.str("KLAVIYO_CLIENT_ID", default="")
KLAVIYO_CLIENT_SECRET = env.str("KLAVIYO_CLIENT_SECRET", default="")
# The API revision every request pins (Klaviyo's `revision` header).
KLAVIYO_REVISION = env.str("KLAVIYO_REVISION", default="2026-07-15")
KLAVIYO_TIMEOUT_SECONDS = env.float("KLAVIYO_TIMEOUT_SECONDS", default=10.0)
