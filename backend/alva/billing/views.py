"""`POST /webhooks/stripe` on the public host: Stripe's signed events, verified, deduplicated and applied."""

import json
import logging

import stripe
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from alva.billing import services
from alva.core.errors import error_response

logger = logging.getLogger(__name__)


@csrf_exempt
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """2xx tells Stripe to stop; anything else makes it retry (for days), so only bad input gets a 4xx."""
    if request.method != "POST":
        return error_response(405, "method_not_allowed", "Stripe webhooks are POST only.", headers={"Allow": "POST"})
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.error("STRIPE_WEBHOOK_SECRET is not set: refusing Stripe webhooks until it is")
        return error_response(503, "billing_unavailable", "Stripe webhooks are not configured on this server.")
    try:
        payload = request.body.decode("utf-8")
        stripe.Webhook.construct_event(
            payload,
            request.headers.get("Stripe-Signature"),
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
        event = json.loads(payload)
    except stripe.SignatureVerificationError:
        return error_response(400, "invalid_signature", "The Stripe-Signature header is missing or does not match.")
    except (UnicodeDecodeError, ValueError):
        return error_response(400, "invalid_event", "The body is not valid JSON.")
    try:
        outcome = services.stripe_event_process(event=event)
    except services.InvalidStripeEvent:
        return error_response(400, "invalid_event", "The body is not a Stripe event.")
    return JsonResponse({"received": True, "outcome": outcome})
