"""The HTTP transport: threaded server, routing, fault application, request logging, and the test handle."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import api, control, oauth
from .config import EmulatorConfig
from .faults import FaultResponse, parse_fault_payload
from .responses import Request, Response, jsonapi_error, oauth_error
from .state import EmulatorState, iso

logger = logging.getLogger("devtools.klaviyo_emulator")

MAX_API_BODY = 5 * 1024 * 1024  # Klaviyo's documented payload limit
MAX_OTHER_BODY = 1024 * 1024
LOGGED_BODY_CHARS = 64 * 1024


class EmulatorHTTPServer(ThreadingHTTPServer):
    # Handler threads must not keep the process (or a test run) alive, e.g. during injected delays.
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: EmulatorState) -> None:
        self.state = state
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, EmulatorRequestHandler)


def _redact(name: str, value: str) -> str:
    if name != "authorization":
        return value
    scheme, _, credential = value.partition(" ")
    return f"{scheme} …{credential[-4:]}" if credential else scheme


def route(request: Request, state: EmulatorState) -> Response:
    if request.path.startswith("/api/"):
        return api.handle(request, state)
    match (request.method, request.path.rstrip("/")):
        case ("GET", "/oauth/authorize"):
            return oauth.authorize(request, state.oauth, state.consent)
        case ("POST", "/oauth/authorize"):
            return oauth.authorize_decision(request, state.oauth, state.consent)
        case ("POST", "/oauth/token"):
            return oauth.token(request, state.oauth)
        case ("POST", "/oauth/revoke"):
            return oauth.revoke(request, state.oauth)
    if request.path.startswith("/oauth/"):
        return oauth_error(404, "invalid_request", f"No endpoint {request.method} {request.path}.")
    return jsonapi_error(404, "not_found", f"No endpoint at {request.path}.")


class EmulatorRequestHandler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections alive the way httpx pools expect; every answer sets Content-Length.
    protocol_version = "HTTP/1.1"
    server_version = "KlaviyoEmulator/1.0"
    server: EmulatorHTTPServer

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)

    def _dispatch(self) -> None:
        started = time.monotonic()
        state = self.server.state
        parts = urlsplit(self.path)
        path = parts.path or "/"
        is_control = path.startswith("/_emulator/")
        limit = MAX_API_BODY if path.startswith("/api/") else MAX_OTHER_BODY
        body = self._read_body(limit)
        if body is None:
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(
            method=self.command,
            path=path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=headers,
            body=body,
            base_url=f"http://{headers.get('host') or self._own_address()}",
        )
        if is_control:
            # Control calls are the test's own bookkeeping: never faulted, never logged.
            self._send(control.handle(request, state))
            return

        fault = state.faults.take(self.command, path)
        response: Response | None
        try:
            response = self._answer(request, fault)
        except Exception:
            logger.exception("emulator failed on %s %s", self.command, path)
            response = jsonapi_error(500, "error", "The emulator itself failed; see its log.")
        state.log_request(
            method=self.command,
            path=path,
            query=parts.query,
            headers={k: _redact(k, v) for k, v in headers.items()},
            body=body[:LOGGED_BODY_CHARS].decode("utf-8", errors="replace"),
            status=response.status if response else None,
            outcome=response.outcome if response else "disconnected",
            fault=fault.to_dict() if fault else None,
            auth_mode=response.auth_mode if response else None,
            account_id=response.account_id if response else None,
            received_at=iso(state.clock()),
            duration_ms=round((time.monotonic() - started) * 1000, 3),
        )
        if response is None:
            self.close_connection = True
            return
        self._send(response)

    def _own_address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host!s}:{port}"

    def _answer(self, request: Request, fault: FaultResponse | None) -> Response | None:
        if fault is None:
            return route(request, self.server.state)
        if fault.delay_ms:
            time.sleep(fault.delay_ms / 1000)
        if fault.disconnect:
            return None
        if fault.status is not None:
            response = fault.response(request.path)
            response.outcome = f"fault {fault.status}"
            return response
        return route(request, self.server.state)

    def _read_body(self, limit: int) -> bytes | None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            self._send(jsonapi_error(411, "invalid", "Send a Content-Length; chunked bodies are not supported."))
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > limit:
            # The unread body would corrupt the next request on this connection, so drop it.
            self.close_connection = True
            self._send(jsonapi_error(413, "request_too_large", f"The request body exceeds {limit} bytes."))
            return None
        return self.rfile.read(length) if length else b""

    def _send(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if response.body:
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (e.g. its timeout beat an injected delay); nothing to answer.
            self.close_connection = True


class EmulatorHandle:
    """A running emulator: its URL, its state, and the same controls as the /_emulator/ API."""

    def __init__(self, server: EmulatorHTTPServer, thread: threading.Thread) -> None:
        self._server = server
        self._thread = thread
        self.state = server.state
        self.config = server.state.config
        host, port = server.server_address[:2]
        display_host = host if isinstance(host, str) else host.decode()
        if ":" in display_host:
            display_host = f"[{display_host}]"
        self.host = display_host
        self.port = int(port)
        self.base_url = f"http://{display_host}:{self.port}"

    def inject_faults(
        self, path: str, responses: list[Mapping[str, Any]], method: str | None = None
    ) -> list[FaultResponse]:
        """Queue scripted responses for `path`; raises ValueError on an invalid spec."""
        payload: dict[str, Any] = {"path": path, "responses": [dict(r) for r in responses]}
        if method is not None:
            payload["method"] = method
        faults = parse_fault_payload(payload)
        self.state.faults.extend(faults)
        return faults

    def reset(self) -> None:
        self.state.reset()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> EmulatorHandle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_emulator(
    host: str = "127.0.0.1",
    port: int = 0,
    config: EmulatorConfig | None = None,
    clock: Callable[[], float] = time.time,
) -> EmulatorHandle:
    """Start an emulator in a daemon thread; port 0 picks a free port (see `handle.base_url`).

    `clock` drives token expiry and event times, so tests can move time without sleeping.
    """
    state = EmulatorState(config or EmulatorConfig(), clock)
    server = EmulatorHTTPServer((host, port), state)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="klaviyo-emulator", daemon=True
    )
    thread.start()
    return EmulatorHandle(server, thread)
