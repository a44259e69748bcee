"""What the stand-in knows: customers, sessions, subscriptions, invoices, the events they caused and the requests
it received. Every change goes through one lock; objects are plain JSON-able dicts shaped like Stripe's."""

from __future__ import annotations

import calendar
import copy
import secrets
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .config import StandinConfig

Obj = dict[str, Any]


class StandinError(Exception):
    """A Stripe API error: rendered as {"error": {type, code, message, param}} with `status`."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        type_: str = "invalid_request_error",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.param = param
        self.type = type_

    def body(self) -> Obj:
        error: Obj = {"message": self.message, "type": self.type}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            error["param"] = self.param
        return {"error": error}


def missing(kind: str, object_id: str, param: str = "id", status: int = 404) -> StandinError:
    return StandinError(status, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}" if prefix in {"cs", "bps"} else f"{prefix}_{secrets.token_hex(12)}"


def add_month(timestamp: int) -> int:
    moment = datetime.fromtimestamp(timestamp, UTC)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: Obj
    status: int
    api_version: str | None
    idempotency_key: str | None
    authorization: str  # redacted


@dataclass
class StandinState:
    config: StandinConfig
    clock: Callable[[], float]
    lock: threading.RLock = field(default_factory=threading.RLock)
    customers: dict[str, Obj] = field(default_factory=dict)
    checkout_sessions: dict[str, Obj] = field(default_factory=dict)
    portal_sessions: dict[str, Obj] = field(default_factory=dict)
    subscriptions: dict[str, Obj] = field(default_factory=dict)
    invoices: dict[str, Obj] = field(default_factory=dict)
    events: list[Obj] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    # Idempotency-Key -> (method, path, params, status, body): a replay answers the first response.
    idempotent: dict[str, tuple[str, str, Obj, int, Obj]] = field(default_factory=dict)
    faults: deque[tuple[str, str | None, Obj]] = field(default_factory=deque)

    def now(self) -> int:
        return int(self.clock())

    def reset(self) -> None:
        with self.lock:
            for store in (self.customers, self.checkout_sessions, self.portal_sessions, self.subscriptions):
                store.clear()
            self.invoices.clear()
            self.events.clear()
            self.requests.clear()
            self.idempotent.clear()
            self.faults.clear()

    # --- transport bookkeeping -------------------------------------------------------------------

    def add_faults(self, path: str, method: str | None, responses: list[Obj]) -> None:
        with self.lock:
            self.faults.extend((path, method, dict(response)) for response in responses)

    def take_fault(self, method: str, path: str) -> Obj | None:
        with self.lock:
            for index, (fault_path, fault_method, response) in enumerate(self.faults):
                if fault_path == path and fault_method in (None, method):
                    del self.faults[index]
                    return response
        return None

    def idempotent_replay(self, key: str | None, method: str, path: str, params: Obj) -> tuple[int, Obj] | None:
        """The first answer to `key`, or None for a new key; a key reused for other parameters is an error."""
        if not key:
            return None
        with self.lock:
            seen = self.idempotent.get(key)
        if seen is None:
            return None
        seen_method, seen_path, seen_params, status, payload = seen
        if (seen_method, seen_path, seen_params) != (method, path, params):
            raise StandinError(
                400,
                "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                f"Try using a key other than '{key}' if you meant to execute a different request.",
                type_="idempotency_error",
            )
        return status, payload

    def idempotent_store(self, key: str, method: str, path: str, params: Obj, status: int, payload: Obj) -> None:
        with self.lock:
            self.idempotent.setdefault(key, (method, path, params, status, payload))

    # --- lookups ------------------------------------------------------------------------------

    def customer(self, customer_id: str, *, param: str = "id", status: int = 404) -> Obj:
        found = self.customers.get(customer_id)
        if found is None:
            raise missing("customer", customer_id, param, status)
        return found

    def live_customer(self, customer_id: str, *, param: str) -> Obj:
        found = self.customer(customer_id, param=param, status=400)
        if found.get("deleted"):
            raise missing("customer", customer_id, param, 400)
        return found

    def subscription(self, subscription_id: str, *, param: str = "id", status: int = 404) -> Obj:
        found = self.subscriptions.get(subscription_id)
        if found is None:
            raise missing("subscription", subscription_id, param, status)
        return found

    def price(self, price_id: str, *, param: str) -> Obj:
        price = self.config.prices.get(price_id)
        if price is None:
            raise missing("price", price_id, param, 400)
        return price.to_object(created=self.now())

    # --- objects ------------------------------------------------------------------------------

    def customer_create(self, params: Obj) -> Obj:
        with self.lock:
            customer: Obj = {
                "id": new_id("cus"),
                "object": "customer",
                "address": None,
                "balance": 0,
                "created": self.now(),
                "currency": None,
                "default_source": None,
                "delinquent": False,
                "description": params.get("description"),
                "email": params.get("email"),
                "invoice_prefix": secrets.token_hex(4).upper(),
                "invoice_settings": {"custom_fields": None, "default_payment_method": None, "footer": None},
                "livemode": False,
                "metadata": params.get("metadata") or {},
                "name": params.get("name"),
                "phone": params.get("phone"),
                "preferred_locales": [],
                "shipping": None,
                "tax_exempt": "none",
                "test_clock": None,
            }
            self.customers[customer["id"]] = customer
            return customer

    def customer_delete(self, customer_id: str) -> Obj:
        with self.lock:
            self.customer(customer_id)
            deleted: Obj = {"id": customer_id, "object": "customer", "deleted": True}
            self.customers[customer_id] = deleted
            return deleted

    def checkout_session_create(self, params: Obj, base_url: str) -> Obj:
        with self.lock:
            session_id = new_id("cs")
            customer_id = params.get("customer")
            created = self.now()
            session: Obj = {
                "id": session_id,
                "object": "checkout.session",
                "after_expiration": None,
                "allow_promotion_codes": None,
                "amount_subtotal": sum(item["_amount"] for item in params["line_items"]),
                "amount_total": sum(item["_amount"] for item in params["line_items"]),
                "cancel_url": params.get("cancel_url"),
                "client_reference_id": params.get("client_reference_id"),
                "created": created,
                "currency": "usd",
                "customer": customer_id,
                "customer_email": params.get("customer_email"),
                "expires_at": created + 24 * 3600,
                "invoice": None,
                "livemode": False,
                "metadata": params.get("metadata") or {},
                "mode": params["mode"],
                "payment_status": "unpaid",
                "status": "open",
                "subscription": None,
                "success_url": params.get("success_url"),
                "ui_mode": "hosted",
                "url": f"{base_url}/c/pay/{session_id}",
                # Kept for completing the session; not part of Stripe's object.
                "_line_items": [
                    {"price": item["price"], "quantity": item["quantity"]} for item in params["line_items"]
                ],
                "_subscription_metadata": (params.get("subscription_data") or {}).get("metadata") or {},
            }
            self.checkout_sessions[session_id] = session
            return session

    def checkout_session(self, session_id: str) -> Obj:
        found = self.checkout_sessions.get(session_id)
        if found is None:
            raise missing("checkout.session", session_id)
        return found

    def portal_session_create(self, params: Obj, base_url: str) -> Obj:
        with self.lock:
            session_id = new_id("bps")
            session: Obj = {
                "id": session_id,
                "object": "billing_portal.session",
                "configuration": "bpc_standin_default",
                "created": self.now(),
                "customer": params["customer"],
                "flow": params.get("flow_data"),
                "livemode": False,
                "locale": None,
                "on_behalf_of": None,
                "return_url": params.get("return_url"),
                "url": f"{base_url}/p/session/{session_id}",
            }
            self.portal_sessions[session_id] = session
            return session

    def portal_session(self, session_id: str) -> Obj:
        found = self.portal_sessions.get(session_id)
        if found is None:
            raise missing("billing_portal.session", session_id)
        return found

    # --- what a customer does (pay page, portal, the passing of time): each returns the events it causes ---

    def event(self, event_type: str, obj: Obj, previous_attributes: Obj | None = None) -> Obj:
        """A Stripe event wrapping a snapshot of `obj`, recorded in `events`."""
        data: Obj = {"object": copy.deepcopy(public(obj))}
        if previous_attributes is not None:
            data["previous_attributes"] = previous_attributes
        event: Obj = {
            "id": new_id("evt"),
            "object": "event",
            "api_version": self.config.api_version,
            "created": self.now(),
            "data": data,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
        with self.lock:
            self.events.append(event)
        return event

    def _invoice(self, subscription: Obj, *, paid: bool, reason: str) -> Obj:
        item = subscription["items"]["data"][0]
        amount = int(item["price"]["unit_amount"]) * int(item["quantity"])
        invoice: Obj = {
            "id": new_id("in"),
            "object": "invoice",
            "amount_due": amount,
            "amount_paid": amount if paid else 0,
            "amount_remaining": 0 if paid else amount,
            "attempt_count": 1,
            "attempted": True,
            "billing_reason": reason,
            "collection_method": "charge_automatically",
            "created": self.now(),
            "currency": item["price"]["currency"],
            "customer": subscription["customer"],
            "livemode": False,
            "metadata": {},
            "parent": {
                "type": "subscription_details",
                "quote_details": None,
                "subscription_details": {"subscription": subscription["id"], "metadata": subscription["metadata"]},
            },
            "period_end": item["current_period_end"],
            "period_start": item["current_period_start"],
            "status": "paid" if paid else "open",
            "total": amount,
        }
        self.invoices[invoice["id"]] = invoice
        subscription["latest_invoice"] = invoice["id"]
        return invoice

    def checkout_complete(self, session_id: str) -> list[Obj]:
        """The customer paid: a subscription starts. Events in the order Stripe usually sends them."""
        with self.lock:
            session = self.checkout_session(session_id)
            if session["status"] != "open":
                raise StandinError(400, f"Checkout session {session_id} is {session['status']}.")
            if session["mode"] != "subscription":
                raise StandinError(400, "The stand-in completes subscription sessions only.")
            customer_id = session["customer"] or self.customer_create({"email": session["customer_email"]})["id"]
            start = self.now()
            subscription_id = new_id("sub")
            items = [
                {
                    "id": new_id("si"),
                    "object": "subscription_item",
                    "created": start,
                    "current_period_start": start,
                    "current_period_end": add_month(start),
                    "metadata": {},
                    "price": self.price(line["price"], param="price"),
                    "quantity": int(line["quantity"]),
                    "subscription": subscription_id,
                }
                for line in session["_line_items"]
            ]
            subscription: Obj = {
                "id": subscription_id,
                "object": "subscription",
                "billing_cycle_anchor": start,
                "cancel_at": None,
                "cancel_at_period_end": False,
                "canceled_at": None,
                "collection_method": "charge_automatically",
                "created": start,
                "currency": "usd",
                "customer": customer_id,
                "ended_at": None,
                "items": {
                    "object": "list",
                    "data": items,
                    "has_more": False,
                    "total_count": len(items),
                    "url": f"/v1/subscription_items?subscription={subscription_id}",
                },
                "latest_invoice": None,
                "livemode": False,
                "metadata": dict(session["_subscription_metadata"]),
                "start_date": start,
                "status": "active",
                "trial_end": None,
                "trial_start": None,
            }
            self.subscriptions[subscription_id] = subscription
            invoice = self._invoice(subscription, paid=True, reason="subscription_create")
            session.update(status="complete", payment_status="paid", customer=customer_id, subscription=subscription_id)
            session["invoice"] = invoice["id"]
            return [
                self.event("customer.subscription.created", subscription),
                self.event("checkout.session.completed", session),
                self.event("invoice.paid", invoice),
            ]

    def subscription_update(
        self,
        subscription_id: str,
        *,
        price_id: str | None = None,
        status: str | None = None,
        cancel_at_period_end: bool | None = None,
    ) -> Obj:
        """A change made in the portal or the dashboard: one customer.subscription.updated event."""
        with self.lock:
            subscription = self.subscription(subscription_id)
            previous: Obj = {}
            if price_id is not None:
                item = subscription["items"]["data"][0]
                previous["items"] = copy.deepcopy(subscription["items"])
                item["price"] = self.price(price_id, param="price")
            if status is not None and status != subscription["status"]:
                previous["status"] = subscription["status"]
                subscription["status"] = status
            if cancel_at_period_end is not None:
                previous["cancel_at_period_end"] = subscription["cancel_at_period_end"]
                subscription["cancel_at_period_end"] = cancel_at_period_end
            return self.event("customer.subscription.updated", subscription, previous)

    def subscription_renew(self, subscription_id: str, *, paid: bool = True) -> list[Obj]:
        """The period ends: a new one starts and its invoice is paid (or fails, making the subscription past_due)."""
        with self.lock:
            subscription = self.subscription(subscription_id)
            item = subscription["items"]["data"][0]
            previous: Obj = {"items": copy.deepcopy(subscription["items"])}
            item["current_period_start"] = item["current_period_end"]
            item["current_period_end"] = add_month(item["current_period_start"])
            invoice = self._invoice(subscription, paid=paid, reason="subscription_cycle")
            if not paid:
                previous["status"] = subscription["status"]
                subscription["status"] = "past_due"
            return [
                self.event("invoice.paid" if paid else "invoice.payment_failed", invoice),
                self.event("customer.subscription.updated", subscription, previous),
            ]

    def invoice_pay(self, subscription_id: str) -> list[Obj]:
        """The customer fixed their card: the open invoice is paid and the subscription is active again."""
        with self.lock:
            subscription = self.subscription(subscription_id)
            invoice = self.invoices.get(subscription.get("latest_invoice") or "")
            if invoice is None or invoice["status"] != "open":
                raise StandinError(400, f"Subscription {subscription_id} has no open invoice.")
            invoice.update(status="paid", amount_paid=invoice["amount_due"], amount_remaining=0)
            events = [self.event("invoice.paid", invoice)]
            if subscription["status"] != "active":
                previous = {"status": subscription["status"]}
                subscription["status"] = "active"
                events.append(self.event("customer.subscription.updated", subscription, previous))
            return events

    def subscription_cancel(self, subscription_id: str) -> Obj:
        """Canceled now (portal or dashboard): customer.subscription.deleted."""
        with self.lock:
            subscription = self.subscription(subscription_id)
            now = self.now()
            subscription.update(status="canceled", canceled_at=now, ended_at=now, cancel_at_period_end=False)
            return self.event("customer.subscription.deleted", subscription)


def public(obj: Obj) -> Obj:
    """The object as Stripe shows it (our bookkeeping keys start with '_')."""
    return {key: value for key, value in obj.items() if not key.startswith("_")}
