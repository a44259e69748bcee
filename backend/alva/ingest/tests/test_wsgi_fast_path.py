"""The webhook fast path in front of Django: what it answers itself, and what it leaves to Django."""

import json

import pytest
from django.db import connection

from alva.core.tenancy import tenant_cache
from alva.core.testing import in_schema
from alva.ingest.models import WebhookCall
from alva.ingest.tests.conftest import ProductionWsgiClient
from alva.ingest.wsgi import WebhookFastPath
from alva.tenants.models import Tenant
from alva.tenants.urls import store_host

BODY = json.dumps({"email": "buyer@example.com", "order_id": "ORD-7"})


class DjangoStandIn:
    """Records what reached "Django" and answers 299, so a test can tell who answered."""

    def __init__(self):
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        start_response("299 Django", [("Content-Type", "application/json")])
        return [b"{}"]


@pytest.fixture
def django_app():
    return DjangoStandIn()


@pytest.fixture
def fast(django_app, endpoint_a):
    return ProductionWsgiClient(store_host(endpoint_a.tenant.subdomain), app=WebhookFastPath(django_app))


@pytest.mark.parametrize("transport", ["production-wsgi"], indirect=True)
def test_an_accepted_webhook_never_reaches_django(fast, django_app, endpoint_a):
    response = fast.post(endpoint_a.path, BODY, HTTP_X_ALVA_WEBHOOK_SECRET=endpoint_a.secret)

    assert response.status_code == 202
    assert django_app.paths == []
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    with in_schema(endpoint_a.tenant):
        [call] = WebhookCall.objects.all()
    assert str(call.id) == response.json()["delivery_id"]
    assert connection.schema_name == "public"  # the tenant context does not outlive the request


@pytest.mark.parametrize("transport", ["production-wsgi"], indirect=True)
def test_a_rejected_webhook_is_answered_without_django_too(fast, django_app, endpoint_a):
    response = fast.post(endpoint_a.path, BODY, HTTP_X_ALVA_WEBHOOK_SECRET="wrong")

    assert (response.status_code, response.json()["error"]["code"]) == (401, "invalid_secret")
    assert django_app.paths == []


@pytest.mark.parametrize("transport", ["production-wsgi"], indirect=True)
@pytest.mark.parametrize(
    ("method", "path", "extra"),
    [
        ("GET", "/webhook/{slug}", {}),
        ("POST", "/webhook/{slug}/", {}),
        ("POST", "/webhook/bad%20slug", {}),
        ("POST", "/api/v1/webhook-log", {}),
        ("POST", "/webhook/{slug}", {"CONTENT_LENGTH": ""}),
        ("POST", "/webhook/{slug}", {"CONTENT_LENGTH": "twelve"}),
        ("POST", "/webhook/{slug}", {"CONTENT_LENGTH": "0"}),
        ("POST", "/webhook/{slug}", {"CONTENT_LENGTH": "70000"}),
        ("POST", "/webhook/{slug}", {"HTTP_HOST": "nobody.alva.localhost"}),
        ("POST", "/webhook/{slug}", {"HTTP_HOST": "app.alva.localhost"}),
    ],
    ids=[
        "get", "trailing-slash", "bad-slug", "other-path", "no-length", "bad-length", "empty", "oversized",
        "unknown-host", "public-host",
    ],
)  # fmt: skip
def test_everything_but_the_common_case_goes_to_django(fast, django_app, endpoint_a, method, path, extra):
    path = path.format(slug=endpoint_a.bundle.webhook_slug)

    response = fast.request(method, path, BODY.encode(), "application/json", **extra)

    assert response.status_code == 299
    assert django_app.paths == [(method, path.replace("%20", " "))]


@pytest.mark.parametrize("transport", ["production-wsgi"], indirect=True)
@pytest.mark.parametrize("status", [Tenant.Status.SUSPENDED, Tenant.Status.CLOSED])
def test_a_store_that_is_not_active_goes_to_django(fast, django_app, endpoint_a, status):
    Tenant.objects.filter(pk=endpoint_a.tenant.pk).update(status=status)
    tenant_cache.clear()

    response = fast.post(endpoint_a.path, BODY, HTTP_X_ALVA_WEBHOOK_SECRET=endpoint_a.secret)

    assert response.status_code == 299


@pytest.mark.parametrize("transport", ["production-wsgi"], indirect=True)
def test_an_unexpected_error_is_a_json_500_and_the_tenant_is_reset(fast, endpoint_a, monkeypatch):
    from alva.ingest import wsgi

    def broken(call):
        raise RuntimeError("a bug")

    monkeypatch.setattr(wsgi, "receive", broken)

    response = fast.post(endpoint_a.path, BODY, HTTP_X_ALVA_WEBHOOK_SECRET=endpoint_a.secret)

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_server_error"
    assert connection.schema_name == "public"
