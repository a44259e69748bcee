"""Host routing: which schema and URLconf a request gets, and what unknown or suspended hosts see."""

import pytest
from django.conf import settings
from django.db import connection

from alva.core.redis import get_redis
from alva.core.testing import host_client, public_client, store_client, support_client
from alva.tenants.models import Tenant
from alva.tenants.services import tenant_set_status


@pytest.mark.parametrize("host", ["app.alva.localhost", "alpha.alva.localhost", "nowhere.example.com", "10.1.2.3:8000"])
def test_healthz_answers_on_every_host(host):
    response = host_client(host).get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_postgres_and_redis(db):
    response = host_client("10.1.2.3").get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"postgres": {"ok": True, "error": None}, "redis": {"ok": True, "error": None}},
    }


def test_readyz_is_503_when_redis_is_down(db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    get_redis.cache_clear()
    try:
        response = host_client("app.alva.localhost").get("/readyz")
    finally:
        get_redis.cache_clear()

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["postgres"] == {"ok": True, "error": None}
    assert body["checks"]["redis"]["ok"] is False


@pytest.mark.parametrize(
    "host", ["unknown.alva.localhost", "alva.localhost", "evil.com", "alpha.alva.localhost.evil.com", ""]
)
def test_unknown_host_is_a_json_404(db, host):
    response = host_client(host).get("/api/v1/auth/csrf")

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "unknown_host", "message": "No Alva store lives at this address."}}


def test_spare_schemas_are_not_reachable_by_schema_name(db):
    spare = Tenant.objects.filter(status=Tenant.Status.SPARE).first()
    assert spare is not None

    response = host_client(f"{spare.schema_name}.alva.localhost").get("/api/v1/auth/csrf")

    assert response.status_code == 404


def test_store_host_runs_in_the_store_schema_and_resets_after(tenant_a, owner_a, monkeypatch):
    client = owner_a.client()
    from alva.accounts import selectors

    seen_schemas = []
    original = selectors.membership_for

    def recording_membership_for(**kwargs):
        seen_schemas.append(connection.schema_name)
        return original(**kwargs)

    monkeypatch.setattr(selectors, "membership_for", recording_membership_for)

    response = client.get("/api/v1/auth/me")

    assert response.status_code == 200
    assert response.json()["tenant"] == {"subdomain": "alpha", "name": "Alpha"}
    assert seen_schemas == [tenant_a.schema_name]
    assert connection.schema_name == "public"


def test_host_matching_ignores_case_and_port(tenant_a, owner_a):
    client = store_client(tenant_a)
    client.defaults["HTTP_HOST"] = "ALPHA.Alva.Localhost:8000"

    response = client.get("/api/v1/auth/csrf")

    assert response.status_code == 200


def test_suspended_store_is_a_json_403(tenant_a):
    tenant_set_status(tenant=tenant_a, status=Tenant.Status.SUSPENDED)

    response = store_client(tenant_a).get("/api/v1/auth/csrf")

    assert response.status_code == 403
    assert response.json() == {
        "error": {"code": "store_suspended", "message": "This store is suspended. Contact Alva support."}
    }


def test_store_api_is_not_served_on_the_public_host(db):
    response = public_client().get("/api/v1/auth/csrf")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_signup_is_not_served_on_a_store_host(tenant_a):
    response = store_client(tenant_a).post("/api/v1/signup", {}, content_type="application/json")

    assert response.status_code == 404


def test_resolving_a_known_host_costs_no_query(tenant_a, django_assert_num_queries):
    client = store_client(tenant_a)
    client.get("/api/v1/auth/csrf")  # fills the per-process cache

    with django_assert_num_queries(0):
        response = client.get("/api/v1/auth/csrf")

    assert response.status_code == 200


def test_app_domain_comes_from_settings():
    assert settings.PUBLIC_HOST == "app.alva.localhost"
    assert settings.SUPPORT_HOST == "support.alva.localhost"


def test_support_host_refuses_anonymous_callers(db):
    response = support_client().get("/api/support/v1/me")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_support_host_refuses_merchants(db, owner_a):
    client = support_client()
    client.force_login(owner_a.user)

    response = client.get("/api/support/v1/me")

    assert response.status_code == 403


def test_support_host_serves_staff_after_two_factor_login(db, user_factory):
    import pyotp
    from django.utils import timezone

    from alva.support import totp
    from alva.support.models import StaffTotpDevice

    staff = user_factory(is_staff=True)
    secret = totp.new_secret()
    StaffTotpDevice.objects.create(user=staff, secret_sealed=totp.seal(secret), confirmed_at=timezone.now())
    client = support_client()
    client.force_login(staff)
    assert client.get("/api/support/v1/me").status_code == 403  # a session without the second factor

    login = client.post(
        "/api/support/v1/auth/login",
        {"email": staff.email, "password": "correct-horse-battery-staple", "totp": pyotp.TOTP(secret).now()},
        content_type="application/json",
    )
    response = client.get("/api/support/v1/me")

    assert login.status_code == 200
    assert response.status_code == 200
    assert response.json() == {"id": staff.id, "email": staff.email}
