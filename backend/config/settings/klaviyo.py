"""Klaviyo: API and OAuth base URLs (the local emulator in dev and tests), OAuth client, pinned revision, outbox."""

from .env import env

KLAVIYO_API_BASE = env.str("KLAVIYO_API_BASE", default="https://a.klaviyo.com").rstrip("/")
KLAVIYO_OAUTH_BASE = env.str("KLAVIYO_OAUTH_BASE", default="https://a.klaviyo.com").rstrip("/")
KLAVIYO_CLIENT_ID = env.str("KLAVIYO_CLIENT_ID", default="")
KLAVIYO_CLIENT_SECRET = env.str("KLAVIYO_CLIENT_SECRET", default="")
# The API revision every request pins (Klaviyo's `revision` header).
KLAVIYO_REVISION = env.str("KLAVIYO_REVISION", default="2026-07-15")
KLAVIYO_TIMEOUT_SECONDS = env.float("KLAVIYO_TIMEOUT_SECONDS", default=10.0)

# OAuth: what Alva asks for, how long a started connection may take, when a token counts as expiring.
KLAVIYO_OAUTH_SCOPES = env.str("KLAVIYO_OAUTH_SCOPES", default="accounts:read events:write")
KLAVIYO_OAUTH_STATE_MAX_AGE_SECONDS = env.int("KLAVIYO_OAUTH_STATE_MAX_AGE_SECONDS", default=600)
KLAVIYO_TOKEN_REFRESH_MARGIN_SECONDS = env.int("KLAVIYO_TOKEN_REFRESH_MARGIN_SECONDS", default=300)

# Outbox: retries of 429/5xx/network errors are bounded; backoff doubles from BASE up to MAX.
KLAVIYO_EVENT_MAX_ATTEMPTS = env.int("KLAVIYO_EVENT_MAX_ATTEMPTS", default=10)
KLAVIYO_RETRY_BASE_SECONDS = env.float("KLAVIYO_RETRY_BASE_SECONDS", default=10.0)
KLAVIYO_RETRY_MAX_SECONDS = env.float("KLAVIYO_RETRY_MAX_SECONDS", default=30 * 60.0)
# A Retry-After beyond this is clamped, so one odd header cannot park an event for days.
KLAVIYO_RETRY_AFTER_MAX_SECONDS = env.float("KLAVIYO_RETRY_AFTER_MAX_SECONDS", default=60 * 60.0)
# The sweeper re-enqueues pending events overdue by this much (their message was lost: Redis down, crash).
KLAVIYO_OUTBOX_STUCK_SECONDS = env.int("KLAVIYO_OUTBOX_STUCK_SECONDS", default=5 * 60)
