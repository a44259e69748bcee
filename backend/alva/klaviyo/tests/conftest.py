"""Fixtures of the klaviyo tests: a fresh Klaviyo emulator per test, wired into settings, and a committed store."""

from collections.abc import Iterator

import pytest

from alva.core.testing import make_store
from alva.tenants.models import Tenant
from devtools.klaviyo_emulator import EmulatorHandle, start_emulator


@pytest.fixture
def klaviyo(settings) -> Iterator[EmulatorHandle]:
    handle = start_emulator(port=0)
    settings.KLAVIYO_API_BASE = handle.base_url
    settings.KLAVIYO_OAUTH_BASE = handle.base_url
    settings.KLAVIYO_CLIENT_ID = handle.config.oauth_client_id
    settings.KLAVIYO_CLIENT_SECRET = handle.config.oauth_client_secret
    settings.KLAVIYO_TIMEOUT_SECONDS = 2.0
    # Retries in milliseconds, so that retry paths run in a test's time.
    settings.KLAVIYO_RETRY_BASE_SECONDS = 0.05
    settings.KLAVIYO_RETRY_MAX_SECONDS = 0.2
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def committed_store(django_db_setup, django_db_blocker) -> Iterator[Tenant]:
    """A store committed for real, so that worker threads (own connections) see it; dropped after."""
    with django_db_blocker.unblock():
        tenant = make_store("kappa")
    yield tenant
    with django_db_blocker.unblock():
        tenant.delete(force_drop=True)
