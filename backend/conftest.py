"""Session-wide test infrastructure: two stores created once, every test rolled back, Redis flushed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client

from alva.accounts.models import Role, User
from alva.core.redis import get_redis
from alva.core.tenancy import tenant_cache
from alva.core.testing import make_store, store_client
from alva.ingest import endpoints
from alva.tenants.models import Tenant
from alva.tenants.services import spare_schema_create
from devtools.klaviyo_emulator import EmulatorHandle, start_emulator
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory

SESSION_STORES = ("alpha", "beta")
SESSION_SPARES = 2


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings) -> Iterator[None]:
    """The test database (always: tests that commit for worker threads use it without the `db` wrapper),
    plus stores and spare schemas made once, committed, for the whole session because they are slow to make."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        for subdomain in SESSION_STORES:
            make_store(subdomain)
        for _ in range(SESSION_SPARES):
            spare_schema_create()
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=0)


@pytest.fixture
def committed_store(django_db_setup, django_db_blocker) -> Iterator[Tenant]:
    """A store committed for real, for tests whose worker threads or processes use their own connections.

    Such tests must not use the `db` fixture (its transaction would hide their data); the store's schema
    is dropped afterwards.
    """
    with django_db_blocker.unblock():
        tenant = make_store("committed")
    yield tenant
    with django_db_blocker.unblock():
        tenant.delete(force_drop=True)


@pytest.fixture
def klaviyo(settings) -> Iterator[EmulatorHandle]:
    """A fresh Klaviyo emulator on a free port, wired into settings, with retries fast enough for tests."""
    handle = start_emulator(port=0)
    settings.KLAVIYO_API_BASE = handle.base_url
    settings.KLAVIYO_OAUTH_BASE = handle.base_url
    settings.KLAVIYO_CLIENT_ID = handle.config.oauth_client_id
    settings.KLAVIYO_CLIENT_SECRET = handle.config.oauth_client_secret
    settings.KLAVIYO_TIMEOUT_SECONDS = 2.0
    settings.KLAVIYO_RETRY_BASE_SECONDS = 0.05
    settings.KLAVIYO_RETRY_MAX_SECONDS = 0.2
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture(autouse=True)
def _clean_state() -> Iterator[None]:
    get_redis().flushdb()
    tenant_cache.clear()
    endpoints.clear()
    yield
    tenant_cache.clear()
    endpoints.clear()


@pytest.fixture
def tenant_a(db) -> Tenant:
    return Tenant.objects.get(subdomain="alpha")


@pytest.fixture
def tenant_b(db) -> Tenant:
    return Tenant.objects.get(subdomain="beta")


@dataclass
class Member:
    user: User
    tenant: Tenant
    role: str
    password: str = DEFAULT_PASSWORD

    def client(self, **kwargs) -> Client:
        """A client logged in through the real login endpoint, CSRF enforced, token header preset."""
        client = store_client(self.tenant, enforce_csrf_checks=True, **kwargs)
        response = client.post(
            "/api/v1/auth/login", {"email": self.user.email, "password": self.password}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        client.defaults["HTTP_X_CSRFTOKEN"] = response.json()["csrf_token"]
        return client


@pytest.fixture
def make_member(db) -> Callable[..., Member]:
    def make(tenant: Tenant, role: str = Role.MEMBER, user: User | None = None) -> Member:
        membership = MembershipFactory(tenant=tenant, role=role, **({"user": user} if user else {}))
        return Member(user=membership.user, tenant=tenant, role=role)

    return make


@pytest.fixture
def owner_a(make_member, tenant_a) -> Member:
    return make_member(tenant_a, Role.OWNER)


@pytest.fixture
def owner_b(make_member, tenant_b) -> Member:
    return make_member(tenant_b, Role.OWNER)


@pytest.fixture
def user_factory(db):
    return UserFactory
