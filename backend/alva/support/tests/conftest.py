"""Support console fixtures: staff with a TOTP device, a client logged in through the real login, stores' deliveries."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from alva.accounts.models import User
from alva.core.redis import get_redis
from alva.core.testing import in_schema, support_client
from alva.support import totp
from alva.support.models import StaffTotpDevice
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.pipeline import ready_bundle

LOGIN = "/api/support/v1/auth/login"


@dataclass
class Staff:
    user: User
    secret: str
    password: str = DEFAULT_PASSWORD

    def code(self, steps_ahead: int = 0) -> str:
        """The authenticator's code now (or `steps_ahead` 30-second steps later)."""
        return pyotp.TOTP(self.secret).at(time.time() + 30 * steps_ahead)

    def login(self, client: Client, *, code: str | None = None, password: str | None = None, **extra):
        body = {"email": self.user.email, "password": password or self.password, "totp": code or self.code()}
        return client.post(LOGIN, body, content_type="application/json", **extra)

    def client(self, **kwargs) -> Client:
        """Logged in through the real endpoint (password + TOTP), CSRF enforced, the token header preset."""
        client = support_client(enforce_csrf_checks=True, **kwargs)
        response = self.login(client)
        assert response.status_code == 200, response.content
        client.defaults["HTTP_X_CSRFTOKEN"] = response.json()["csrf_token"]
        return client


@pytest.fixture
def make_staff(db) -> Callable[..., Staff]:
    def make(*, enrolled: bool = True, **fields) -> Staff:
        user = User.objects.get(id=UserFactory(is_staff=True, **fields).id)
        secret = totp.new_secret()
        if enrolled:
            StaffTotpDevice.objects.create(user=user, secret_sealed=totp.seal(secret), confirmed_at=timezone.now())
        return Staff(user=user, secret=secret)

    return make


@pytest.fixture
def staff(make_staff) -> Staff:
    return make_staff()


@pytest.fixture
def staff_client(staff) -> Client:
    return staff.client()


@pytest.fixture
def bundle_a(tenant_a):
    with in_schema(tenant_a):
        return ready_bundle(tenant_a.schema_name, name="Film Presets")


@pytest.fixture
def bundle_b(tenant_b):
    with in_schema(tenant_b):
        return ready_bundle(tenant_b.schema_name, name="Lightroom Course")


def queued(queue: str = "klaviyo-events") -> list[dict]:
    """Messages waiting in a Dramatiq queue (the real Redis broker), oldest first."""
    messages = [json.loads(raw) for raw in get_redis().hvals(f"dramatiq:{queue}.msgs")]
    return sorted(messages, key=lambda m: m["message_timestamp"])
