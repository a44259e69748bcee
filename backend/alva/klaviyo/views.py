"""Plain Django views of the klaviyo app on the public host (app.{APP_DOMAIN}), outside any tenant schema."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import escape
from django.views.decorators.http import require_GET

from alva.core.middleware import HTML_RESPONSE_ATTR
from alva.klaviyo import services
from alva.tenants.urls import store_url

_FORWARDED = ("code", "state", "error", "error_description")

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Klaviyo connection</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
<h1>Klaviyo was not connected</h1><p>{message}</p></body></html>"""


@require_GET
def oauth_public_callback(request: HttpRequest) -> HttpResponse:
    """Klaviyo's one registered redirect URI: check our signature on `state`, then hand the browser to its store.

    Nothing is exchanged here: the store host finishes the flow in its own schema, with the admin's session.
    The target comes from our signed state only, so this is no open redirect.
    """
    parsed = services.oauth_state_read(state=request.GET.get("state", ""))
    if parsed is None:
        page = HttpResponse(
            _PAGE.format(
                message=escape(
                    "This connection link is invalid or has expired. Go back to your store's Klaviyo settings "
                    "and connect again."
                )
            ),
            status=400,
        )
        setattr(page, HTML_RESPONSE_ATTR, True)
        page["Cache-Control"] = "no-store"
        return page
    forwarded = {name: request.GET[name] for name in _FORWARDED if name in request.GET}
    response = HttpResponseRedirect(
        f"{store_url(parsed.store)}{services.STORE_OAUTH_CALLBACK_PATH}?{urlencode(forwarded)}"
    )
    response["Cache-Control"] = "no-store"
    # The code is in this URL: do not leak it to the store page's referrer.
    response["Referrer-Policy"] = "no-referrer"
    return response
