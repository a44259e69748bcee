"""The one place that calls Stripe: the real `stripe` library on a configurable base URL, with timeouts and retries.

Only talks HTTP and turns failures into API errors; what an answer means for a store is decided in services.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import stripe
from django.conf import settings

from alva.core.errors import ApiError

logger = logging.getLogger(__name__)


class BillingUnavailable(ApiError):
    """Stripe did not answer, answered 5xx/429, or billing is not configured here: trying again later can work."""

    def __init__(self, message: str = "Billing is not available right now. Try again in a moment.") -> None:
        super().__init__(503, "billing_unavailable", message)


class BillingRejected(ApiError):
    """Stripe refused the request (4xx): a bug or a configuration error on our side, never the merchant's."""

    def __init__(self) -> None:
        super().__init__(502, "billing_failed", "Stripe refused the request. Alva support has been notified.")


@dataclass(frozen=True)
class StripeSubscriptionItem:
    id: str
    price_id: str


@functools.lru_cache(maxsize=4)
def _client(api_key: str, api_base: str, api_version: str, timeout: float, retries: int) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base},
        stripe_version=api_version or None,
        max_network_retries=retries,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def client() -> stripe.StripeClient:
    """A client for the current settings (tests point STRIPE_API_BASE at the stand-in)."""
    if not settings.STRIPE_API_KEY:
        raise BillingUnavailable("Billing is not configured on this server.")
    return _client(
        settings.STRIPE_API_KEY,
        settings.STRIPE_API_BASE,
        settings.STRIPE_API_VERSION,
        settings.STRIPE_TIMEOUT_SECONDS,
        settings.STRIPE_MAX_NETWORK_RETRIES,
    )


def _failure(exc: stripe.StripeError, what: str) -> ApiError:
    status = exc.http_status
    if isinstance(exc, stripe.APIConnectionError | stripe.RateLimitError | stripe.APIError) or (
        status is not None and status >= 500
    ):
        logger.warning("Stripe unavailable during %s: %s", what, type(exc).__name__)
        return BillingUnavailable()
    logger.error("Stripe refused %s: %s %s (%s)", what, status, exc.code, exc.user_message)
    return BillingRejected()


def customer_create(*, tenant_id: int, subdomain: str, name: str, email: str, replacing: str = "") -> str:
    """A Stripe customer for one store. The idempotency key makes a double click yield one customer; it names
    the deleted customer being replaced, if any, because Stripe would answer a reused key with that one."""
    digest = hashlib.sha256(f"{email}\x1f{name}".encode()).hexdigest()[:16]
    try:
        customer = client().v1.customers.create(
            {"name": name, "email": email, "metadata": {"tenant_id": str(tenant_id), "subdomain": subdomain}},
            {"idempotency_key": f"alva-customer-{tenant_id}-{replacing or 'first'}-{digest}"},
        )
    except stripe.StripeError as exc:
        raise _failure(exc, "customer create") from exc
    return customer.id


def customer_usable(*, customer_id: str) -> bool:
    """False when the customer was deleted in Stripe (a new one must be made), True when it can be billed."""
    try:
        customer = client().v1.customers.retrieve(customer_id)
    except stripe.InvalidRequestError as exc:
        if exc.code == "resource_missing":
            return False
        raise _failure(exc, "customer retrieve") from exc
    except stripe.StripeError as exc:
        raise _failure(exc, "customer retrieve") from exc
    return not bool(getattr(customer, "deleted", False))


def checkout_session_create(
    *,
    customer_id: str,
    price_id: str,
    tenant_id: int,
    plan_code: str,
    success_url: str,
    cancel_url: str,
) -> str:
    """A subscription Checkout Session for one store; answers the URL to send the owner to."""
    metadata = {"tenant_id": str(tenant_id), "plan": plan_code}
    try:
        session = client().v1.checkout.sessions.create(
            {
                "mode": "subscription",
                "customer": customer_id,
                "client_reference_id": str(tenant_id),
                "line_items": [{"price": price_id, "quantity": 1}],
                "success_url": success_url,
                "cancel_url": cancel_url,
                "metadata": metadata,
                "subscription_data": {"metadata": metadata},
            }
        )
    except stripe.StripeError as exc:
        raise _failure(exc, "checkout session create") from exc
    if not session.url:
        logger.error("Stripe returned checkout session %s without a URL", session.id)
        raise BillingRejected()
    return session.url


def portal_session_create(
    *, customer_id: str, return_url: str, switch_to: tuple[str, StripeSubscriptionItem, str] | None = None
) -> str:
    """A Customer Portal session; `switch_to=(subscription id, its item, new price id)` opens the plan-change
    confirmation directly, so an existing subscriber changes plan instead of buying a second subscription."""
    try:
        if switch_to is None:
            session = client().v1.billing_portal.sessions.create({"customer": customer_id, "return_url": return_url})
        else:
            subscription_id, item, price_id = switch_to
            session = client().v1.billing_portal.sessions.create(
                {
                    "customer": customer_id,
                    "return_url": return_url,
                    "flow_data": {
                        "type": "subscription_update_confirm",
                        "subscription_update_confirm": {
                            "subscription": subscription_id,
                            "items": [{"id": item.id, "price": price_id, "quantity": 1}],
                        },
                        "after_completion": {"type": "redirect", "redirect": {"return_url": return_url}},
                    },
                }
            )
    except stripe.StripeError as exc:
        raise _failure(exc, "portal session create") from exc
    return session.url


def subscription_item(*, subscription_id: str) -> StripeSubscriptionItem:
    """The (single) item of a subscription: its id is what a plan change replaces."""
    try:
        subscription = client().v1.subscriptions.retrieve(subscription_id)
    except stripe.StripeError as exc:
        raise _failure(exc, "subscription retrieve") from exc
    items: Any = subscription["items"]["data"]
    if not items:
        logger.error("Stripe subscription %s has no items", subscription_id)
        raise BillingRejected()
    return StripeSubscriptionItem(id=items[0]["id"], price_id=items[0]["price"]["id"])


def subscription_cancel(*, subscription_id: str) -> None:
    """Cancel now, with no refund (the store is closing). Canceling twice is fine: Stripe answers the second
    call with `resource_missing`, because a canceled subscription no longer exists for its API."""
    try:
        client().v1.subscriptions.cancel(subscription_id)
    except stripe.InvalidRequestError as exc:
        if exc.code == "resource_missing":
            logger.info("Stripe subscription %s was already canceled", subscription_id)
            return
        raise _failure(exc, "subscription cancel") from exc
    except stripe.StripeError as exc:
        raise _failure(exc, "subscription cancel") from exc
