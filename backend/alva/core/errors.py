"""The one error shape every endpoint answers with: {"error": {"code", "message", "fields"?}}."""

from http import HTTPStatus
from typing import Any

from django.http import JsonResponse


class ApiError(Exception):
    """A client error with a stable machine-readable code; raised by services, rendered by the API."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers or {}


class ValidationFailed(ApiError):
    def __init__(self, fields: dict[str, list[str]], message: str = "Some fields are invalid.") -> None:
        super().__init__(422, "validation_error", message, fields=fields)


class NotFound(ApiError):
    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(404, "not_found", message)


class PermissionDenied(ApiError):
    def __init__(self, message: str = "You do not have permission to do this.") -> None:
        super().__init__(403, "forbidden", message)


class Conflict(ApiError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(409, code, message)


def default_code(status: int) -> str:
    """A readable code for a bare HTTP status ("method_not_allowed" for 405)."""
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def error_response(
    status: int,
    code: str | None = None,
    message: str | None = None,
    *,
    fields: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {
        "code": code or default_code(status),
        "message": message or _default_message(status),
    }
    if fields:
        body["fields"] = fields
    response = JsonResponse({"error": body}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def api_error_response(error: ApiError) -> JsonResponse:
    return error_response(error.status, error.code, error.message, fields=error.fields, headers=error.headers)


def _default_message(status: int) -> str:
    try:
        return HTTPStatus(status).description or HTTPStatus(status).phrase
    except ValueError:
        return "Request failed."
