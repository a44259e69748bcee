"""The emulated Stripe REST endpoints under /v1/: Bearer auth, form bodies, idempotency keys, validation."""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .forms import FormError, decode
from .state import Obj, StandinError, StandinState, missing, public

_METADATA_KEY_MAX = 40
_METADATA_VALUE_MAX = 500
_METADATA_KEYS_MAX = 50
_CHECKOUT_MODES = {"payment", "setup", "subscription"}
_FLOW_TYPES = {"payment_method_update", "subscription_cancel", "subscription_update", "subscription_update_confirm"}


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    params: Obj
    base_url: str
    # Events the call caused, which the server delivers to the webhook URL after answering, as Stripe does.
    caused: list[Obj] = field(default_factory=list)


Handler = Callable[[ApiRequest, StandinState, re.Match[str]], Obj]


def authenticate(authorization: str, state: StandinState) -> None:
    scheme, _, key = authorization.strip().partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key:
        raise StandinError(
            401,
            "You did not provide an API key. You need to provide your API key in the Authorization header, "
            "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        )
    if not any(hmac.compare_digest(key.encode(), known.encode()) for known in state.config.api_keys):
        shown = f"{key[:8]}{'*' * 4}{key[-4:]}" if len(key) > 12 else "****"
        raise StandinError(401, f"Invalid API Key provided: {shown}")


def parse_params(body: bytes, query: str, method: str) -> Obj:
    try:
        return decode(body.decode("utf-8") if method == "POST" else query)
    except UnicodeDecodeError as exc:
        raise StandinError(400, "The request body is not valid UTF-8.") from exc
    except FormError as exc:
        raise StandinError(400, str(exc), param=exc.param) from exc


# --- parameter checks, worded like Stripe's -----------------------------------------------------


def _required(params: Obj, name: str, label: str | None = None) -> Any:
    value = params.get(name)
    if value in (None, "", {}, []):
        raise StandinError(
            400, f"Missing required param: {label or name}.", code="parameter_missing", param=label or name
        )
    return value


def _string(params: Obj, name: str, *, max_length: int = 5000, label: str | None = None) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise StandinError(
            400, f"Invalid string: {label or name}", code="parameter_invalid_string", param=label or name
        )
    if len(value) > max_length:
        raise StandinError(
            400,
            f"Invalid string: {value[:20]}...; must be at most {max_length} characters",
            code="string_too_long",
            param=label or name,
        )
    return value


def _integer(value: Any, label: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise StandinError(400, f"Invalid integer: {value}", code="parameter_invalid_integer", param=label) from None


def _url(params: Obj, name: str) -> str | None:
    value = _string(params, name, max_length=5000)
    if value is not None and not re.match(r"^https?://[^\s/]+", value):
        raise StandinError(400, f"Not a valid URL: {name}", code="url_invalid", param=name)
    return value


def _metadata(params: Obj, name: str = "metadata") -> None:
    metadata = params.get(name)
    if metadata is None or metadata == "":
        return
    if not isinstance(metadata, dict):
        raise StandinError(400, f"Invalid object: {name}", code="parameter_invalid_object", param=name)
    if len(metadata) > _METADATA_KEYS_MAX:
        raise StandinError(400, f"Too many metadata keys (max {_METADATA_KEYS_MAX})", param=name)
    for key, value in metadata.items():
        if len(key) > _METADATA_KEY_MAX or not isinstance(value, str) or len(value) > _METADATA_VALUE_MAX:
            raise StandinError(400, f"Invalid metadata[{key}]", code="parameter_invalid_string", param=f"{name}[{key}]")


def _list(params: Obj, name: str) -> list[Any]:
    value = params.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise StandinError(400, f"Invalid array: {name}", code="parameter_invalid_array", param=name)
    return value


# --- endpoints ---------------------------------------------------------------------------------


def customer_create(request: ApiRequest, state: StandinState, match: re.Match[str]) -> Obj:
    params = request.params
    _string(params, "email", max_length=512)
    _string(params, "name", max_length=256)
    _metadata(params)
    return state.customer_create(params)


def customer_retrieve(request: ApiRequest, state: StandinState, match: re.Match[str]) -> Obj:
    return state.customer(match["id"])


def checkout_session_create(request: ApiRequest, state: StandinState, match: re.Match[str]) -> Obj:
    params = dict(request.params)
    mode = _required(params, "mode")
    if mode not in _CHECKOUT_MODES:
        raise StandinError(400, f"Invalid mode: must be one of {', '.join(sorted(_CHECKOUT_MODES))}", param="mode")
    _required(params, "success_url")
    _url(params, "success_url")
    _url(params, "cancel_url")
    _string(params, "client_reference_id", max_length=200)
    _metadata(params)
    customer = _string(params, "customer")
    if customer is not None:
        state.live_customer(customer, param="customer")
    subscription_data = params.get("subscription_data") or {}
    if not isinstance(subscription_data, dict):
        raise StandinError(400, "Invalid object: subscription_data", param="subscription_data")
    _metadata(subscription_data, "subscription_data[metadata]")
    if mode != "setup" and not params.get("line_items"):
        raise StandinError(
            400,
            f"`line_items` is required in `{mode}` mode.",
            code="parameter_missing",
            param="line_items",
        )
    lines = []
    for index, line in enumerate(_list(params, "line_items")):
        label = f"line_items[{index}]"
        if not isinstance(line, dict):
            raise StandinError(400, f"Invalid object: {label}", param=label)
        price_id = _required(line, "price", f"{label}[price]")
        price = state.price(str(price_id), param=f"{label}[price]")
        quantity = _integer(line.get("quantity", "1"), f"{label}[quantity]")
        if quantity < 1:
            raise StandinError(400, "Quantity must be at least 1.", param=f"{label}[quantity]")
        if mode == "subscription" and price.get("type") != "recurring":
            raise StandinError(400, "Subscription mode needs recurring prices.", param=f"{label}[price]")
        lines.append({"price": price["id"], "quantity": quantity, "_amount": int(price["unit_amount"]) * quantity})
    params["line_items"] = lines
    return state.checkout_session_create(params, request.base_url)


def checkout_session_retrieve(request: ApiRequest, state: StandinState, match: re.Match[str]) -> Obj:
    return state.checkout_session(match["id"])


def _flow_check(state: StandinState, customer_id: str, flow: Any) -> None:
    if not isinstance(flow, dict):
        raise StandinError(400, "Invalid object: flow_data", param="flow_data")
    flow_type = _required(flow, "type", "flow_data[type]")
    if flow_type not in _FLOW_TYPES:
        raise StandinError(400, f"Invalid flow_data[type]: {flow_type}", param="flow_data[type]")
    if flow_type not in {"subscription_update_confirm", "subscription_cancel", "subscription_update"}:
        return
    details = flow.get(flow_type)
    label = f"flow_data[{flow_type}]"
    if not isinstance(details, dict):
        raise StandinError(400, f"Missing required param: {label}.", code="parameter_missing", param=label)
    subscription_id = _required(details, "subscription", f"{label}[subscription]")
    subscription = state.subscription(str(subscription_id), param=f"{label}[subscription]", status=400)
    if subscription["customer"] != customer_id:
        raise StandinError(400, "The subscription does not belong to this customer.", param=f"{label}[subscription]")
    if subscription["status"] == "canceled":
        raise StandinError(400, "The subscription is canceled.", param=f"{label}[subscription]")
    if flow_type != "subscription_update_confirm":
        return
    items = details.get("items")
    if not isinstance(items, list) or not items:
        raise StandinError(
            400, f"Missing required param: {label}[items].", code="parameter_missing", param=f"{label}[items]"
        )
    known = {item["id"] for item in subscription["items"]["data"]}
    for index, item in enumerate(items):
        item_label = f"{label}[items][{index}]"
        if not isinstance(item, dict):
            raise StandinError(400, f"Invalid object: {item_label}", param=item_label)
        item_id = _required(item, "id", f"{item_label}[id]")
        if item_id not in known:
            raise StandinError(
                400, f"No such subscription item: '{item_id}'", code="resource_missing", param=f"{item_label}[id]"
            )
        if "price" in item:
            state.price(str(item["price"]), param=f"{item_label}[price]")


def portal_session_create(request: ApiRequest, state: StandinState, match: re.Match[str]) -> Obj:
    params = request.params
    customer_id = str(_required(params, "customer"))
    state.live_customer(customer_id, param="customer")
    _url(params, "return_url")
    if "flow_data" in params:
        _flow_check(state, customer_id, params["flow_data"])
    return state.portal_session_create(params, request.base_url)


def subscription_retrieve(request: ApiRequest, state: StandinState, match: re.Match[str]) -> Obj:
    return state.subscription(match["id"])


def subscription_cancel(request: ApiRequest, state: StandinState, match: re.Match[str]) -> Obj:
    """Cancel now. Like Stripe, a canceled subscription is gone: canceling it again is `resource_missing`."""
    subscription = state.subscription(match["id"])
    if subscription["status"] == "canceled":
        raise missing("subscription", match["id"])
    request.caused.append(state.subscription_cancel(match["id"]))
    return state.subscription(match["id"])


_ID = r"(?P<id>[A-Za-z0-9_]+)"
ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("POST", re.compile(r"^/v1/customers$"), customer_create),
    ("GET", re.compile(rf"^/v1/customers/{_ID}$"), customer_retrieve),
    ("POST", re.compile(r"^/v1/checkout/sessions$"), checkout_session_create),
    ("GET", re.compile(rf"^/v1/checkout/sessions/{_ID}$"), checkout_session_retrieve),
    ("POST", re.compile(r"^/v1/billing_portal/sessions$"), portal_session_create),
    ("GET", re.compile(rf"^/v1/subscriptions/{_ID}$"), subscription_retrieve),
    ("DELETE", re.compile(rf"^/v1/subscriptions/{_ID}$"), subscription_cancel),
]


def handle(request: ApiRequest, state: StandinState) -> Obj:
    """Route a /v1/ request (already authenticated); raises StandinError for Stripe's error answers."""
    matching = [
        (method, match, handler) for method, pattern, handler in ROUTES if (match := pattern.match(request.path))
    ]
    for method, match, handler in matching:
        if method == request.method:
            return public(handler(request, state, match))
    if matching:
        raise StandinError(405, f"Unrecognized request URL ({request.method}: {request.path}).")
    raise StandinError(404, f"Unrecognized request URL ({request.method}: {request.path}).")
