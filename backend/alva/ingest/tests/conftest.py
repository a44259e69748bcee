"""Fixtures for webhook tests: a bundle with its endpoint and the store's secret, in store A."""

from dataclasses import dataclass

import pytest

from alva.catalog.models import Bundle
from alva.core.testing import in_schema, store_client
from alva.ingest.secrets import webhook_secret_ensure, webhook_secret_reveal


@dataclass
class Endpoint:
    tenant: object
    bundle: Bundle
    secret: str

    @property
    def path(self) -> str:
        return f"/webhook/{self.bundle.webhook_slug}"

    def post(self, body, *, secret: str | None = None, client=None, **headers):
        client = client or store_client(self.tenant)
        if secret is None:
            secret = self.secret
        if secret:
            headers["HTTP_X_ALVA_WEBHOOK_SECRET"] = secret
        data = body if isinstance(body, str | bytes) else __import__("json").dumps(body)
        return client.post(self.path, data, content_type="application/json", **headers)


def make_endpoint(tenant, **bundle_fields) -> Endpoint:
    with in_schema(tenant):
        bundle = Bundle.objects.create(name=bundle_fields.pop("name", "Presets Pack"), **bundle_fields)
        webhook_secret_ensure()
        secret = webhook_secret_reveal(actor="test")
    return Endpoint(tenant=tenant, bundle=bundle, secret=secret)


@pytest.fixture
def endpoint_a(tenant_a) -> Endpoint:
    return make_endpoint(tenant_a)


@pytest.fixture
def endpoint_b(tenant_b) -> Endpoint:
    return make_endpoint(tenant_b, name="Ebook")
