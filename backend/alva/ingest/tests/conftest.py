"""Fixtures for webhook tests: a bundle with its endpoint and the store's secret, in store A.

Every endpoint test runs twice: through the WSGI application gunicorn serves (the webhook fast path
in front of Django) and through Django's test client (the view inside Django's request cycle). Both
must answer every case identically.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http.response import ResponseHeaders
from django.test import Client

from alva.catalog.models import Bundle
from alva.core.testing import in_schema, store_client
from alva.ingest.secrets import webhook_secret_ensure, webhook_secret_reveal
from alva.tenants.urls import store_host


@dataclass
class WsgiResponse:
    status_code: int
    headers: ResponseHeaders
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)

    def __getitem__(self, header: str) -> str:
        return str(self.headers[header])


@dataclass
class ProductionWsgiClient:
    """Requests through `config.wsgi.application` (or `app`), as gunicorn makes them."""

    host: str
    app: Any = None

    def get(self, path: str, **extra: str) -> WsgiResponse:
        return self.request("GET", path, b"", "", **extra)

    def post(self, path: str, data: str | bytes, content_type: str = "application/json", **extra: str) -> WsgiResponse:
        return self.request("POST", path, data.encode() if isinstance(data, str) else data, content_type, **extra)

    def request(self, method: str, path: str, body: bytes, content_type: str, **extra: str) -> WsgiResponse:
        from config.wsgi import application

        app = self.app or application
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": unquote_to_bytes(path).decode("iso-8859-1"), "SCRIPT_NAME": "",
            "QUERY_STRING": "", "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": self.host, "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
            "wsgi.errors": io.StringIO(), "wsgi.multithread": False, "wsgi.multiprocess": True,
            "wsgi.run_once": False, "wsgi.version": (1, 0), **extra,
        }  # fmt: skip
        started: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            started.update(status=int(status.split(" ", 1)[0]), headers=ResponseHeaders(dict(headers)))

        # As Django's test client does: closing "old" connections would end the test's transaction.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            chunks = app(environ, start_response)
            content = b"".join(chunks)
            getattr(chunks, "close", lambda: None)()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return WsgiResponse(started["status"], started["headers"], content)


TRANSPORTS = ["production-wsgi", "django-test-client"]


@dataclass
class Endpoint:
    tenant: Any
    bundle: Bundle
    secret: str
    transport: str = field(default=TRANSPORTS[0])

    @property
    def path(self) -> str:
        return f"/webhook/{self.bundle.webhook_slug}"

    def client(self) -> ProductionWsgiClient | Client:
        if self.transport == "production-wsgi":
            return ProductionWsgiClient(store_host(self.tenant.subdomain))
        return store_client(self.tenant)

    def post(self, body: Any, *, secret: str | None = None, **headers: str) -> Any:
        if secret is None:
            secret = self.secret
        if secret:
            headers["HTTP_X_ALVA_WEBHOOK_SECRET"] = secret
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client().post(self.path, data, content_type="application/json", **headers)


def make_endpoint(tenant: Any, transport: str = TRANSPORTS[0], **bundle_fields: Any) -> Endpoint:
    with in_schema(tenant):
        bundle = Bundle.objects.create(name=bundle_fields.pop("name", "Presets Pack"), **bundle_fields)
        webhook_secret_ensure()
        secret = webhook_secret_reveal(actor="test")
    return Endpoint(tenant=tenant, bundle=bundle, secret=secret, transport=transport)


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def endpoint_a(tenant_a, transport) -> Endpoint:
    return make_endpoint(tenant_a, transport)


@pytest.fixture
def endpoint_b(tenant_b, transport) -> Endpoint:
    return make_endpoint(tenant_b, transport, name="Ebook")
