"""The customer's download page: `GET /d/{token}` (HTML or JSON) and `POST /d/{token}/files/{file_id}`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from alva.core import ratelimit
from alva.core.errors import ApiError, error_response
from alva.core.http import client_ip
from alva.core.middleware import HTML_RESPONSE_ATTR
from alva.core.tenancy import current_tenant
from alva.deliveries import downloads
from alva.deliveries.tokens import Refusal
from alva.store.selectors import store_settings
from alva.store.storage import logo_url

# Status and wording per reason a link cannot be used (product.md §4 step 5).
REFUSALS: dict[Refusal | None, tuple[int, str, str]] = {
    None: (404, "This link does not work",
           "We could not find this download link. Check that you copied it whole, or contact the store."),
    Refusal.EXPIRED: (410, "This link has expired",
                      "Download links are valid for a limited time. Contact the store to get a new link."),
    Refusal.REVOKED: (403, "This link was withdrawn",
                      "The store has withdrawn this download link. Contact the store if you think it is a mistake."),
    Refusal.BLOCKED: (403, "This order is on hold", "The store is reviewing this order. Contact the store for help."),
    Refusal.EXHAUSTED: (403, "No downloads left",
                        "This link has been used as many times as allowed. Contact the store for more downloads."),
    Refusal.TOO_MANY_IPS: (403, "Too many devices",
                           "This link was used from too many different networks. Contact the store for help."),
}  # fmt: skip


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _page(request: HttpRequest, view: downloads.PageView | None, *, refusal: Refusal | None = None) -> HttpResponse:
    status, title, explanation = REFUSALS[refusal] if (view is None or refusal) else (200, "", "")
    if _wants_json(request):
        if view is None or refusal:
            return error_response(status, refusal.value if refusal else "not_found", explanation)
        return JsonResponse(
            {
                "product_name": view.token.delivery.bundle.name,
                "expires_at": view.token.expires_at.isoformat(),
                "downloads_remaining": view.downloads_remaining,
                "files": [
                    {"id": str(f.id), "name": f.filename, "type": f.category, "size": f.size, "sha256": f.sha256}
                    for f in view.files
                ],
            }
        )
    branding = store_settings()
    context = {
        "store_name": current_tenant().name,
        "brand_color": branding.brand_color if branding else "#4f46e5",
        "support_email": branding.support_email if branding else "",
        # A presigned GET minted per render (the page is no-store) rather than a proxy view: the bytes never
        # pass through the app server, the bucket stays private, the URL dies within minutes, and the page's
        # same-origin referrer policy keeps the token out of S3's logs.
        "logo_url": (
            logo_url(key=branding.logo_key, content_type=branding.logo_content_type)
            if branding and branding.logo_key
            else ""
        ),
        "refusal": refusal or (view is None),
        "title": title,
        "explanation": explanation,
    }
    if view is not None and not refusal:
        context |= {
            "product": view.token.delivery.bundle.name,
            "files": view.files,
            "downloads_remaining": view.downloads_remaining,
            "expires_at": view.token.expires_at,
        }
    response = render(request, "deliveries/download_page.html", context, status=status)
    setattr(response, HTML_RESPONSE_ATTR, True)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _limited(request: HttpRequest) -> HttpResponse | None:
    try:
        ratelimit.enforce(
            ratelimit.hashed_key("download-page", client_ip(request)),
            limit=settings.DOWNLOAD_PAGE_RATE_LIMIT_PER_MINUTE,
            window_seconds=60,
            message="Too many requests from your network. Wait a minute and try again.",
        )
    except ApiError as exc:
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers)
    return None


@require_http_methods(["GET", "HEAD"])
def download_page(request: HttpRequest, token: str) -> HttpResponse:
    if limited := _limited(request):
        return limited
    view = downloads.page_view(token)
    return _page(request, view, refusal=view.refusal if view else None)


@require_http_methods(["POST"])
def download_file(request: HttpRequest, token: str, file_id: uuid.UUID) -> HttpResponse:
    if limited := _limited(request):
        return limited
    outcome = downloads.download_file(
        raw_token=token, file_id=file_id, ip=client_ip(request), user_agent=request.headers.get("User-Agent", "")
    )
    if outcome is None:
        return _page(request, None)
    if outcome.redirect_url is None:
        return _page(request, outcome.page, refusal=outcome.refusal)
    response = HttpResponseRedirect(outcome.redirect_url, status=303)
    response["Cache-Control"] = "no-store"
    return response
