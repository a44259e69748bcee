"""Sentry: events reach a (local) DSN tagged with the tenant and with no email addresses in them."""

import gzip
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dramatiq
import pytest
import sentry_sdk
from sentry_sdk.integrations.dramatiq import SentryMiddleware

from alva.accounts import selectors
from alva.core.observability import EMAIL_PLACEHOLDER, init_sentry, scrub_event
from alva.core.tasks import actor, broker
from alva.core.testing import in_schema, make_store

SECRET_EMAIL = "alice.customer@example.com"


class _Inbox(BaseHTTPRequestHandler):
    envelopes: list[list[dict]] = []

    def do_POST(self):
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        self.envelopes.append([json.loads(line) for line in raw.splitlines() if line.strip()])
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_events() -> Iterator[list[dict]]:
    """Point Sentry at a DSN served on loopback; yields the error events it receives."""
    _Inbox.envelopes = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Inbox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    init_sentry(dsn=f"http://publickey@127.0.0.1:{server.server_port}/42", environment="test")
    events: list[dict] = []
    yield events
    sentry_sdk.init()  # back to disabled
    server.shutdown()


def received_events() -> list[dict]:
    sentry_sdk.flush(timeout=10)
    # An envelope is [header, item header, item payload, ...]; keep the event payloads.
    return [
        payload
        for envelope in _Inbox.envelopes
        for item_header, payload in zip(envelope[1::2], envelope[2::2], strict=False)
        if item_header.get("type") == "event"
    ]


def test_request_error_is_reported_with_tenant_tag_and_no_email(owner_a, sentry_events, monkeypatch):
    client = owner_a.client(raise_request_exception=False)

    def explode(**kwargs):
        raise RuntimeError(f"member list failed for {SECRET_EMAIL}")

    monkeypatch.setattr(selectors, "member_list", explode)

    response = client.get("/api/v1/team")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    [event] = received_events()
    assert event["tags"]["tenant"] == owner_a.tenant.schema_name
    assert event["exception"]["values"][-1]["value"] == f"member list failed for {EMAIL_PLACEHOLDER}"
    serialized = json.dumps(event)
    assert SECRET_EMAIL not in serialized
    assert owner_a.user.email not in serialized
    assert "sessionid" not in serialized
    assert "user" not in event or "email" not in event["user"]


@actor(actor_name="tests.explode", queue_name="fraud", tenant_scoped=True, max_retries=0)
def explode(email: str) -> None:
    raise RuntimeError(f"scoring failed for {email}")


def test_task_error_is_reported_with_tenant_tag_and_no_email(sentry_events, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        store = make_store("delta")
    # The integration adds its middleware when a broker is built; ours was built before init in this process.
    sentry_middleware = SentryMiddleware()
    broker.middleware.insert(0, sentry_middleware)
    try:
        with django_db_blocker.unblock(), in_schema(store):
            explode.send(SECRET_EMAIL)
        with django_db_blocker.unblock():
            worker = dramatiq.Worker(broker, queues={"fraud"}, worker_threads=1, worker_timeout=100)
            worker.start()
            broker.join("fraud", timeout=20_000)
            worker.join()
            worker.stop()
    finally:
        broker.middleware.remove(sentry_middleware)
        with django_db_blocker.unblock():
            store.delete(force_drop=True)

    events = received_events()
    assert len(events) == 1
    assert events[0]["tags"]["tenant"] == store.schema_name
    assert SECRET_EMAIL not in json.dumps(events[0])
    assert events[0]["exception"]["values"][-1]["value"] == f"scoring failed for {EMAIL_PLACEHOLDER}"


def test_worker_process_wires_sentry_into_the_broker_when_a_dsn_is_set():
    env = {**os.environ, "SENTRY_DSN": "http://publickey@127.0.0.1:9/42", "DJANGO_SETTINGS_MODULE": "config.settings"}
    script = "import config.worker as w; print(','.join(type(m).__name__ for m in w.broker.middleware))"

    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, timeout=60
    )

    middleware = result.stdout.strip().split(",")
    assert middleware[0] == "SentryMiddleware"
    assert "TenantMiddleware" in middleware


def test_scrubber_reaches_every_nested_string():
    event = {"message": f"hi {SECRET_EMAIL}", "extra": {"list": [SECRET_EMAIL, ("x", SECRET_EMAIL)], "n": 3}}

    scrubbed = scrub_event(event, {})

    assert scrubbed == {"message": "hi [email]", "extra": {"list": ["[email]", ("x", "[email]")], "n": 3}}
