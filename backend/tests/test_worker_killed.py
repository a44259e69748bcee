"""A worker killed mid-send: the event is re-sent with the same unique_id, and Klaviyo records it once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dramatiq
from django.db import connection, transaction
from django.utils import timezone

from alva.core.tasks import broker
from alva.core.testing import in_schema
from alva.klaviyo.models import OutboxEvent
from alva.klaviyo.services import connection_connect_api_key, outbox_enqueue, outbox_sweep
from alva.tenants.models import Tenant
from devtools.klaviyo_emulator import EmulatorHandle

BACKEND = Path(__file__).resolve().parent.parent


def worker_process(klaviyo: EmulatorHandle) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # The test database, not the one in DATABASE_URL.
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "KLAVIYO_API_BASE": klaviyo.base_url,
    }
    command = [sys.executable, "manage.py", "rundramatiq", "--queues", "klaviyo-events", "--threads", "1"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return subprocess.Popen(command, cwd=BACKEND, env=env, start_new_session=True, **quiet)  # type: ignore[call-overload]


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_worker_killed_during_the_send_leads_to_one_klaviyo_event(committed_store, klaviyo, django_db_blocker):
    with django_db_blocker.unblock():
        with in_schema(committed_store):
            connection_connect_api_key(api_key="pk_emulator_dev")
        # Klaviyo takes 3 s to answer the first request, long enough to kill the worker while it waits.
        klaviyo.inject_faults("/api/events", [{"delay_ms": 3000}])
        with in_schema(committed_store), transaction.atomic():
            event = outbox_enqueue(
                metric="Alva Download Ready",
                profile={"email": "reader@example.com"},
                properties={"ProductName": "Guide"},
                unique_id="download-ready:killed:1",
            )
        worker = worker_process(klaviyo)
        try:
            wait_for(lambda: len(klaviyo.state.requests) > 0 or _state(committed_store, event) == "sending")
            wait_for(lambda: _state(committed_store, event) == "sending")
            time.sleep(0.5)
        finally:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        # Klaviyo finishes handling the request the dead worker sent, and records the event.
        wait_for(lambda: len(klaviyo.state.events) == 1)
        assert _state(committed_store, event) == "sending"

        with in_schema(committed_store):
            # Time passes: the dead worker's claim expires and the periodic sweep re-sends the event.
            OutboxEvent.objects.filter(id=event.id).update(next_attempt_at=timezone.now())
            assert outbox_sweep(stuck_after_seconds=0).reclaimed == 1
        in_process = dramatiq.Worker(broker, queues={"klaviyo-events"}, worker_threads=1, worker_timeout=100)
        in_process.start()
        try:
            # Not broker.join(): the dead worker's unacked message counts as queued until Redis gives it back.
            wait_for(lambda: _state(committed_store, event) == "sent")
        finally:
            in_process.stop()

    posts = [r for r in klaviyo.state.requests if r.path == "/api/events"]
    assert len(posts) == 2
    assert [e.unique_id for e in klaviyo.state.events] == ["download-ready:killed:1"]
    with django_db_blocker.unblock():
        assert _state(committed_store, event) == "sent"


def _state(store: Tenant, event: OutboxEvent) -> str:
    with in_schema(store):
        return OutboxEvent.objects.get(id=event.id).state
