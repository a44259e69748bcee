"""Request middleware: health probes, body limits, JSON errors and host -> tenant routing."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import set_urlconf

from alva.core import health
from alva.core.errors import error_response
from alva.core.tenancy import activate_tenant, deactivate_tenant, normalise_host, resolve_host

GetResponse = Callable[[HttpRequest], HttpResponse]

# Responses a view renders as HTML on purpose (download pages) set this attribute to keep it.
HTML_RESPONSE_ATTR = "alva_html"


class HealthCheckMiddleware:
    """/healthz and /readyz on every host, before host validation (probes use the pod IP)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            checks = health.readiness_checks()
            ready = all(check["ok"] for check in checks.values())
            return JsonResponse(
                {"status": "ready" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
            )
        return self.get_response(request)


class BodySizeLimitMiddleware:
    """Refuse declared oversized bodies before anything reads them."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw_length)
        except ValueError:
            return error_response(400, "invalid_content_length", "The Content-Length header is not a number.")
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return error_response(
                413,
                "body_too_large",
                f"The request body is {length} bytes; the limit is {settings.MAX_REQUEST_BODY_BYTES} bytes.",
            )
        return self.get_response(request)


class JsonErrorMiddleware:
    """Turn any non-JSON error response (405 from routing, Django's own 4xx/5xx pages) into the JSON error shape."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or getattr(response, HTML_RESPONSE_ATTR, False):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        replacement = error_response(response.status_code)
        for header in ("Allow", "Retry-After"):
            if header in response:
                replacement[header] = response[header]
        return replacement


class TenantHostMiddleware:
    """Select schema and URLconf from the Host header only; fail closed, and always reset to public."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        deactivate_tenant()
        hostname = normalise_host(request.META.get("HTTP_HOST", ""))
        route = resolve_host(hostname)
        request.tenant = None  # type: ignore[attr-defined]
        if route.kind == "unknown":
            return error_response(404, "unknown_host", "No Alva store lives at this address.")
        if route.kind == "public":
            urlconf = settings.PUBLIC_SCHEMA_URLCONF
        elif route.kind == "support":
            urlconf = settings.SUPPORT_URLCONF
        else:
            tenant = route.tenant
            assert tenant is not None
            if tenant.status == tenant.Status.CLOSED:
                return error_response(410, "store_closed", "This store has been closed.")
            if not tenant.is_active:
                return error_response(403, "store_suspended", "This store is suspended. Contact Alva support.")
            request.tenant = tenant  # type: ignore[attr-defined]
            urlconf = settings.ROOT_URLCONF
            activate_tenant(tenant)
        request.urlconf = urlconf  # type: ignore[attr-defined]
        set_urlconf(urlconf)
        try:
            return self.get_response(request)
        finally:
            deactivate_tenant()
            set_urlconf(None)
