"""Plain Django views that must still answer in the JSON error shape (URLconf handlers, CSRF failure)."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from alva.core.errors import error_response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(403, "csrf_failed", "CSRF check failed: send the csrf_token in the X-CSRFToken header.")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(404, "not_found", "Nothing lives at this path.")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(400, "bad_request", "The request could not be understood.")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(403, "forbidden", "You do not have permission to do this.")


def server_error(request: HttpRequest, *args: Any) -> HttpResponse:
    return error_response(500, "server_error", "Something went wrong on our side; it has been reported.")
