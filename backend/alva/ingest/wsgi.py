"""`POST /webhook/{slug}` served in front of Django's request cycle: the hottest path of the product.

Only the common case is answered here: a POST with a sane Content-Length to a well-formed webhook
path on an active store's host. Everything else (other paths and methods, unknown, suspended or
closed hosts, missing or oversized lengths) goes to Django unchanged and is answered exactly as
before. What Django's cycle gives this request and what it needs is kept: the request_started and
request_finished signals (database connection upkeep), the tenant context, the security headers
and error reporting. The middleware, URL routing, session and CSRF layers are skipped: a webhook
uses none of them, and together they cost about as much CPU as the receiver itself (`make bench`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import sentry_sdk
from django.conf import settings
from django.core import signals
from django.http import HttpResponse

from alva.core.errors import error_response
from alva.core.tenancy import activate_tenant, deactivate_tenant, normalise_host, resolve_host
from alva.ingest.receiver import SLUG, answer_response, call_from_environ, receive

if TYPE_CHECKING:
    from alva.tenants.models import Tenant

logger = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
PREFIX = "/webhook/"


class WebhookFastPath:
    def __init__(self, django_app: WsgiApp) -> None:
        self.django_app = django_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        routed = self._route(environ)
        if routed is None:
            return self.django_app(environ, start_response)
        tenant, slug, length = routed
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            with sentry_sdk.isolation_scope():
                response = self._respond(environ, tenant, slug, length)
        finally:
            signals.request_finished.send(sender=self.__class__)
        headers = [*response.items(), *_security_headers()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]

    @staticmethod
    def _route(environ: dict[str, Any]) -> tuple[Tenant, str, int] | None:
        """(tenant, slug, body length) when this is the common case; None sends the request to Django."""
        path: str = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "POST" or not path.startswith(PREFIX):
            return None
        slug = path[len(PREFIX) :]
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None
        if not SLUG.fullmatch(slug) or not 0 < length <= settings.WEBHOOK_MAX_BODY_BYTES:
            return None
        route = resolve_host(normalise_host(environ.get("HTTP_HOST", "")))
        tenant = route.tenant
        if route.kind != "tenant" or tenant is None or not tenant.is_active:
            return None
        return tenant, slug, length

    @staticmethod
    def _respond(environ: dict[str, Any], tenant: Tenant, slug: str, length: int) -> HttpResponse:
        activate_tenant(tenant)
        try:
            body = environ["wsgi.input"].read(length)
            call = call_from_environ(environ, slug=slug, body=body, schema_name=tenant.schema_name)
            return answer_response(receive(call))
        except Exception:
            # What Django would do with an unhandled error: report it and answer the JSON 500.
            logger.exception("webhook fast path failed")
            sentry_sdk.capture_exception()
            return error_response(500)
        finally:
            deactivate_tenant()


def _security_headers() -> list[tuple[str, str]]:
    """What SecurityMiddleware adds to a response like this one (plain JSON, no cookies)."""
    headers = []
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if policy := settings.SECURE_REFERRER_POLICY:
        headers.append(("Referrer-Policy", policy if isinstance(policy, str) else ",".join(policy)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    return headers
