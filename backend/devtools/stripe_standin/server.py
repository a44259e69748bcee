"""The HTTP transport: threaded server, /v1/ API with idempotency and faults, dev pay/portal pages, the test handle."""

from __future__ import annotations

import json
import logging
import secrets
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import api
from .config import StandinConfig
from .signing import signed_payload
from .state import Obj, RecordedRequest, StandinError, StandinState

logger = logging.getLogger("devtools.stripe_standin")

MAX_BODY = 1024 * 1024


class StandinHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: StandinState) -> None:
        self.state = state
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, StandinRequestHandler)


def _redact(authorization: str) -> str:
    scheme, _, credential = authorization.partition(" ")
    return f"{scheme} …{credential[-4:]}" if credential else scheme


def deliver(state: StandinState, events: list[Obj]) -> list[int]:
    """POST each event, signed, to the configured webhook URL (development); returns the statuses."""
    url = state.config.webhook_url
    if not url:
        return []
    statuses = []
    for event in events:
        body, header = signed_payload(event, state.config.webhook_secret)
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 -- a configured http(s) URL
        request.add_header("Content-Type", "application/json; charset=utf-8")
        request.add_header("Stripe-Signature", header)
        if state.config.webhook_host:
            request.add_header("Host", state.config.webhook_host)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                statuses.append(int(response.status))
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
        except OSError:
            logger.warning("could not deliver %s to %s", event["type"], url, exc_info=True)
            statuses.append(0)
    return statuses


_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto">
<p style="color:#635bff">Stripe stand-in (development only)</p><h1>{title}</h1>{body}</body></html>"""


class StandinRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "StripeStandin/1.0"
    server: StandinHTTPServer

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)

    # --- plumbing ---------------------------------------------------------------------------------

    def _base_url(self) -> str:
        host = self.headers.get("Host")
        if not host:
            address, port = self.server.server_address[:2]
            host = f"{address!s}:{port}"
        return f"http://{host}"

    def _send(self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _json(self, status: int, payload: Obj, headers: Mapping[str, str] | None = None) -> None:
        all_headers = {"Request-Id": f"req_{secrets.token_hex(7)}", **(headers or {})}
        self._send(status, json.dumps(payload, indent=2).encode(), "application/json", all_headers)

    def _html(self, status: int, title: str, body: str) -> None:
        page = _PAGE.format(title=escape(title), body=body).encode()
        self._send(status, page, "text/html; charset=utf-8")

    def _redirect(self, location: str) -> None:
        self._send(303, b"", "text/plain", {"Location": location})

    def _read_body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._json(413, StandinError(413, "Request body too large.").body())
            return None
        return self.rfile.read(length) if length else b""

    def _dispatch(self) -> None:
        body = self._read_body()
        if body is None:
            return
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        try:
            if path.startswith("/v1/"):
                self._api(path, parts.query, body)
            elif path.startswith("/c/pay/"):
                self._pay_page(path.removeprefix("/c/pay/"))
            elif path.startswith("/p/session/"):
                self._portal_page(path.removeprefix("/p/session/"), body)
            elif path == "/_standin/health":
                self._json(200, {"status": "ok"})
            elif path == "/_standin/events":
                self._json(200, {"events": list(self.server.state.events)})
            else:
                self._json(404, StandinError(404, f"Unrecognized request URL ({self.command}: {path}).").body())
        except Exception:
            logger.exception("stand-in failed on %s %s", self.command, path)
            self._json(500, StandinError(500, "The stand-in itself failed; see its log.", type_="api_error").body())

    # --- /v1/ -------------------------------------------------------------------------------------

    def _api(self, path: str, query: str, body: bytes) -> None:
        state = self.server.state
        fault = state.take_fault(self.command, path)
        if fault is not None:
            if fault.get("delay_ms"):
                time.sleep(float(fault["delay_ms"]) / 1000)
            if fault.get("disconnect"):
                self.close_connection = True
                return
            if fault.get("status"):
                status = int(fault["status"])
                error_type = "api_error" if status >= 500 else "invalid_request_error"
                self._json(status, StandinError(status, f"Injected fault {status}.", type_=error_type).body())
                return
        authorization = self.headers.get("Authorization") or ""
        key = self.headers.get("Idempotency-Key")
        params: Obj = {}
        caused: list[Obj] = []
        try:
            api.authenticate(authorization, state)
            params = api.parse_params(body, query, self.command)
            replay = state.idempotent_replay(key, self.command, path, params) if self.command == "POST" else None
            if replay is not None:
                status, payload = replay
                self._record(path, params, status, authorization)
                self._json(status, payload, {"Idempotent-Replayed": "true"})
                return
            request = api.ApiRequest(self.command, path, params, self._base_url(), caused)
            status, payload = 200, api.handle(request, state)
        except StandinError as exc:
            status, payload = exc.status, exc.body()
        if self.command == "POST" and key and status != 401:
            state.idempotent_store(key, self.command, path, params, status, payload)
        self._record(path, params, status, authorization)
        self._json(status, payload)
        deliver(state, caused)

    def _record(self, path: str, params: Obj, status: int, authorization: str) -> None:
        state = self.server.state
        with state.lock:
            state.requests.append(
                RecordedRequest(
                    method=self.command,
                    path=path,
                    params=params,
                    status=status,
                    api_version=self.headers.get("Stripe-Version"),
                    idempotency_key=self.headers.get("Idempotency-Key"),
                    authorization=_redact(authorization),
                )
            )

    # --- development pages: what a customer does on checkout.stripe.com and billing.stripe.com -----

    def _pay_page(self, rest: str) -> None:
        state = self.server.state
        session_id, _, action = rest.partition("/")
        try:
            session = state.checkout_session(session_id)
        except StandinError as exc:
            self._html(404, "Checkout session not found", f"<p>{escape(exc.message)}</p>")
            return
        if self.command == "GET":
            lines = "".join(f"<li>{escape(line['price'])} x {line['quantity']}</li>" for line in session["_line_items"])
            self._html(
                200,
                "Subscribe",
                f"<ul>{lines}</ul>"
                f'<form method="post" action="/c/pay/{escape(session_id)}/complete"><button>Pay</button></form>'
                f'<form method="post" action="/c/pay/{escape(session_id)}/cancel"><button>Cancel</button></form>',
            )
            return
        if action == "cancel":
            self._redirect(session["cancel_url"] or "/")
            return
        try:
            events = state.checkout_complete(session_id)
        except StandinError as exc:
            self._html(400, "Cannot pay", f"<p>{escape(exc.message)}</p>")
            return
        deliver(state, events)
        self._redirect(str(session["success_url"]).replace("{CHECKOUT_SESSION_ID}", session_id))

    def _portal_page(self, rest: str, body: bytes) -> None:
        state = self.server.state
        session_id, _, action = rest.partition("/")
        try:
            session = state.portal_session(session_id)
        except StandinError as exc:
            self._html(404, "Portal session not found", f"<p>{escape(exc.message)}</p>")
            return
        subscriptions = [
            s
            for s in state.subscriptions.values()
            if s["customer"] == session["customer"] and s["status"] != "canceled"
        ]
        flow = session.get("flow") or {}
        if self.command == "GET":
            rows = "".join(
                f"<li>{escape(s['id'])}: {escape(s['items']['data'][0]['price']['id'])} ({escape(s['status'])})"
                f'<form method="post" action="/p/session/{escape(session_id)}/cancel">'
                f'<input type="hidden" name="subscription" value="{escape(s["id"])}"><button>Cancel plan</button>'
                "</form></li>"
                for s in subscriptions
            )
            confirm = ""
            if flow.get("type") == "subscription_update_confirm":
                target = flow["subscription_update_confirm"]["items"][0].get("price", "")
                confirm = (
                    f"<p>Switch to {escape(str(target))}?</p>"
                    f'<form method="post" action="/p/session/{escape(session_id)}/confirm">'
                    "<button>Confirm</button></form>"
                )
            self._html(200, "Billing portal", f"{confirm}<ul>{rows}</ul>")
            return
        form = parse_qs(body.decode("utf-8", errors="replace"))
        try:
            if action == "confirm" and flow.get("type") == "subscription_update_confirm":
                details = flow["subscription_update_confirm"]
                events = [state.subscription_update(details["subscription"], price_id=details["items"][0]["price"])]
            elif action == "cancel":
                events = [state.subscription_cancel((form.get("subscription") or [""])[0])]
            else:
                events = []
        except StandinError as exc:
            self._html(400, "Cannot change the plan", f"<p>{escape(exc.message)}</p>")
            return
        deliver(state, events)
        after = (flow.get("after_completion") or {}).get("redirect", {}).get("return_url")
        self._redirect(after or session["return_url"] or "/")


class StandinHandle:
    """A running stand-in: its URL and state, plus what a customer and time do to subscriptions (each call
    returns the Stripe events it causes, for a test to sign and deliver)."""

    def __init__(self, server: StandinHTTPServer, thread: threading.Thread) -> None:
        self._server = server
        self._thread = thread
        self.state = server.state
        self.config = server.state.config
        host, port = server.server_address[:2]
        display_host = host if isinstance(host, str) else host.decode()
        self.host = f"[{display_host}]" if ":" in display_host else display_host
        self.port = int(port)
        self.base_url = f"http://{self.host}:{self.port}"

    # --- the customer and the passing of time ------------------------------------------------------

    def complete_checkout(self, session_id: str) -> list[Obj]:
        return self.state.checkout_complete(session_id)

    def update_subscription(
        self,
        subscription_id: str,
        *,
        price_id: str | None = None,
        status: str | None = None,
        cancel_at_period_end: bool | None = None,
    ) -> Obj:
        return self.state.subscription_update(
            subscription_id, price_id=price_id, status=status, cancel_at_period_end=cancel_at_period_end
        )

    def renew_subscription(self, subscription_id: str, *, paid: bool = True) -> list[Obj]:
        return self.state.subscription_renew(subscription_id, paid=paid)

    def pay_invoice(self, subscription_id: str) -> list[Obj]:
        return self.state.invoice_pay(subscription_id)

    def cancel_subscription(self, subscription_id: str) -> Obj:
        return self.state.subscription_cancel(subscription_id)

    def delete_customer(self, customer_id: str) -> Obj:
        return self.state.customer_delete(customer_id)

    def event(self, event_type: str, obj: Obj, previous_attributes: Obj | None = None) -> Obj:
        """Any event around any object (e.g. a type Alva does not handle)."""
        return self.state.event(event_type, obj, previous_attributes)

    def signed(self, event: Obj, *, timestamp: int | None = None, secret: str | None = None) -> tuple[bytes, str]:
        """(body, Stripe-Signature header) as Stripe would POST `event` to a webhook endpoint."""
        return signed_payload(event, self.config.webhook_secret if secret is None else secret, timestamp)

    def deliver(self, events: list[Obj]) -> list[int]:
        return deliver(self.state, events)

    # --- test controls ---------------------------------------------------------------------------

    def inject_faults(self, path: str, responses: list[Obj], method: str | None = None) -> None:
        """Queue answers for `path`: {"status": 500}, {"delay_ms": 300}, {"disconnect": true}."""
        self.state.add_faults(path, method, responses)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.state.requests if r.path == path]

    def reset(self) -> None:
        self.state.reset()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> StandinHandle:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_standin(
    host: str = "127.0.0.1",
    port: int = 0,
    config: StandinConfig | None = None,
    clock: Callable[[], float] = time.time,
) -> StandinHandle:
    """Start a stand-in in a daemon thread; port 0 picks a free port (see `handle.base_url`).

    `clock` stamps objects and events, so tests can move time without sleeping.
    """
    state = StandinState(config or StandinConfig(), clock)
    server = StandinHTTPServer((host, port), state)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="stripe-standin", daemon=True
    )
    thread.start()
    return StandinHandle(server, thread)
