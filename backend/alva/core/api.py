"""NinjaAPI factory: every API instance renders errors in the one JSON shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from alva.core.errors import ApiError, api_error_response, default_code, error_response


def build_api(*, title: str, urls_namespace: str, version: str = "1", description: str = "") -> NinjaAPI:
    api = NinjaAPI(title=title, version=version, urls_namespace=urls_namespace, description=description)

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api_error_response(exc)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(422, "validation_error", "Some fields are invalid.", fields=validation_fields(exc.errors))

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401, "not_authenticated", "Log in or send a valid API key.")

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            return error_response(400, "malformed_json", "The request body is not valid JSON.")
        if exc.status_code == 403 and message.startswith("CSRF"):
            return error_response(403, "csrf_failed", message)
        return error_response(exc.status_code, default_code(exc.status_code), message)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", "Not found.")

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(413, "body_too_large", "The request body is too large.")

    return api


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Pydantic error locations -> {"field.path": [messages]}; the 'body'/'query' prefix is dropped."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in {"body", "query", "path", "header", "cookie", "form"}:
            loc = loc[1:]
        # Ninja wraps the whole body under the parameter name; keep only the field path.
        if len(loc) > 1 and loc[0] == "payload":
            loc = loc[1:]
        name = ".".join(loc) or "__all__"
        fields.setdefault(name, []).append(_message(error))
    return fields


def _message(error: dict[str, Any]) -> str:
    if error.get("type") == "missing":
        return "This field is required."
    return str(error.get("msg", "Invalid value."))
