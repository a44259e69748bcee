"""Dramatiq broker settings: Redis, the three queues, and the defaults every actor gets."""

from .base import REDIS_URL
from .env import env

DRAMATIQ_REDIS_URL = env.str("DRAMATIQ_REDIS_URL", default=REDIS_URL)
DRAMATIQ_QUEUES = ("ingest", "fraud", "klaviyo-events")
# Bound every actor: a stuck task must not hold a worker thread forever.
DRAMATIQ_DEFAULT_TIME_LIMIT_MS = env.int("DRAMATIQ_DEFAULT_TIME_LIMIT_MS", default=5 * 60 * 1000)
