"""`POST /webhook/{slug}` on a store host: a plain Django view, because this is the hot path."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from alva.core.errors import error_response
from alva.ingest.receiver import SECRET_HEADER, WebhookCallIn, receive


@csrf_exempt
def webhook_receive(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        return error_response(405, "method_not_allowed", "Webhooks are POST only.", headers={"Allow": "POST"})
    try:
        declared_length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared_length = 0
    answer = receive(
        WebhookCallIn(
            slug=slug,
            body=request.body,
            declared_length=declared_length,
            secret=request.META.get(SECRET_HEADER, ""),
            idempotency_header=request.headers.get("Idempotency-Key", ""),
            remote_ip=request.META.get("REMOTE_ADDR") or None,
            schema_name=connection.schema_name,  # type: ignore[attr-defined]
        )
    )
    response = JsonResponse(answer.body, status=answer.status)
    for name, value in answer.headers.items():
        response[name] = value
    return response
