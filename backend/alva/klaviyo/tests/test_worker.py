"""The outbox with a real Dramatiq worker on Redis and committed data: retries end in exactly one recorded event."""

import time

from django.db import transaction

from alva.core.testing import in_schema
from alva.klaviyo.models import OutboxEvent
from alva.klaviyo.services import connection_connect_api_key
from alva.klaviyo.tasks import send_event

from .helpers import API_KEY, enqueue, run_worker


def connect_and_enqueue(store, django_db_blocker) -> OutboxEvent:
    with django_db_blocker.unblock(), in_schema(store):
        connection_connect_api_key(api_key=API_KEY)
        with transaction.atomic():
            return enqueue(unique_id="download-ready:worker:1")


def reload(event, store, django_db_blocker) -> OutboxEvent:
    with django_db_blocker.unblock(), in_schema(store):
        return OutboxEvent.objects.get(id=event.id)


def test_429_then_202_records_one_event_after_retry_after(committed_store, django_db_blocker, klaviyo):
    klaviyo.inject_faults("/api/events", [{"status": 429, "retry_after": 1}])
    event = connect_and_enqueue(committed_store, django_db_blocker)

    started = time.monotonic()
    run_worker(django_db_blocker)
    elapsed = time.monotonic() - started

    assert [r.status for r in klaviyo.state.requests if r.path == "/api/events"] == [429, 202]
    [recorded] = klaviyo.state.events
    assert recorded.unique_id == "download-ready:worker:1"
    assert elapsed >= 1.0
    sent = reload(event, committed_store, django_db_blocker)
    assert (sent.state, sent.attempts, sent.last_error) == ("sent", 2, "")


def test_three_server_errors_then_202_record_one_event(committed_store, django_db_blocker, klaviyo):
    klaviyo.inject_faults("/api/events", [{"status": 500}, {"status": 503}, {"status": 500}])
    event = connect_and_enqueue(committed_store, django_db_blocker)

    run_worker(django_db_blocker)

    assert [r.status for r in klaviyo.state.requests if r.path == "/api/events"] == [500, 503, 500, 202]
    assert len(klaviyo.state.events) == 1
    sent = reload(event, committed_store, django_db_blocker)
    assert (sent.state, sent.attempts) == ("sent", 4)


def test_duplicate_messages_on_concurrent_workers_send_once(committed_store, django_db_blocker, klaviyo):
    klaviyo.inject_faults("/api/events", [{"delay_ms": 200}])
    event = connect_and_enqueue(committed_store, django_db_blocker)
    with django_db_blocker.unblock(), in_schema(committed_store):
        for _ in range(4):
            send_event.send(str(event.id))

    run_worker(django_db_blocker, threads=4)

    assert len([r for r in klaviyo.state.requests if r.path == "/api/events"]) == 1
    assert len(klaviyo.state.events) == 1
    assert reload(event, committed_store, django_db_blocker).state == "sent"
