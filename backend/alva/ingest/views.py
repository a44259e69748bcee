"""`POST /webhook/{slug}` on a store host, inside Django's request cycle.

Production serves the common case from `alva.ingest.wsgi` in front of Django; this view answers the
rest (odd methods and lengths) and is what Django's test client exercises.
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from alva.core.errors import error_response
from alva.ingest.receiver import answer_response, call_from_environ, receive


@csrf_exempt
def webhook_receive(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        return error_response(405, "method_not_allowed", "Webhooks are POST only.", headers={"Allow": "POST"})
    schema_name = connection.schema_name  # type: ignore[attr-defined]
    call = call_from_environ(request.META, slug=slug, body=request.body, schema_name=schema_name)
    return answer_response(receive(call))
