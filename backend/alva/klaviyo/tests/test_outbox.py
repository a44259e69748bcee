"""The event outbox: idempotent enqueue, one send per event, Klaviyo's answers classified, waiting, resend, sweep."""

import json
import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from alva.core.crypto import encrypt
from alva.core.errors import Conflict, NotFound
from alva.core.testing import in_schema
from alva.klaviyo import selectors
from alva.klaviyo.models import KlaviyoConnection, OutboxEvent
from alva.klaviyo.services import (
    PURPOSE_API_KEY,
    connection_connect_api_key,
    outbox_enqueue,
    outbox_resend,
    outbox_sweep,
)
from alva.klaviyo.tasks import send_event

from .helpers import API_KEY, assert_valid_event_body, enqueue, queued_messages

State = OutboxEvent.State


@pytest.fixture
def connected_a(tenant_a, klaviyo):
    with in_schema(tenant_a):
        connection_connect_api_key(api_key=API_KEY)
    klaviyo.reset()
    with in_schema(tenant_a):
        yield tenant_a


def send(event) -> OutboxEvent:
    send_event.fn(str(event.id))
    event.refresh_from_db()
    return event


def make_due(event) -> None:
    OutboxEvent.objects.filter(id=event.id).update(next_attempt_at=timezone.now())


def event_requests(klaviyo) -> list:
    return [r for r in klaviyo.state.requests if r.path == "/api/events"]


# --- enqueue -----------------------------------------------------------------------------------


def test_enqueue_is_idempotent_on_unique_id(tenant_a, django_capture_on_commit_callbacks):
    with in_schema(tenant_a), django_capture_on_commit_callbacks() as callbacks:
        first = enqueue(unique_id="download-ready:d1:t1")
        second = enqueue(unique_id="download-ready:d1:t1", email="other@example.com")

        assert first.id == second.id
        assert OutboxEvent.objects.count() == 1
        assert OutboxEvent.objects.get().profile["email"] == "ada@example.com"
    assert len(callbacks) == 1


def test_enqueue_sends_the_actor_only_after_commit_in_the_stores_schema(tenant_a, django_capture_on_commit_callbacks):
    delivery_id = uuid.uuid4()
    with in_schema(tenant_a):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            event = enqueue(delivery_id=delivery_id)
            assert queued_messages() == []
        callbacks[0]()

    [message] = queued_messages()
    assert message["actor_name"] == "klaviyo.send_event"
    assert message["queue_name"] == "klaviyo-events"
    assert message["args"] == [str(event.id)]
    assert message["options"]["tenant_schema"] == tenant_a.schema_name
    assert (event.state, event.attempts, event.delivery_id) == ("pending", 0, delivery_id)


def enqueue_then_fail() -> None:
    with transaction.atomic():
        enqueue()
        raise RuntimeError("caller failed")


def test_a_rolled_back_caller_leaves_no_event_and_no_message(tenant_a, django_capture_on_commit_callbacks):
    with in_schema(tenant_a), django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError):
            enqueue_then_fail()

        assert OutboxEvent.objects.count() == 0
    assert callbacks == []


def test_enqueue_needs_an_email(tenant_a):
    with in_schema(tenant_a), pytest.raises(ValueError, match="email"):
        outbox_enqueue(metric="Alva Download Ready", profile={"email": ""}, properties={}, unique_id="x")


def test_the_profile_keeps_only_the_known_fields(tenant_a):
    with in_schema(tenant_a):
        event = outbox_enqueue(
            metric="Alva Delivery Blocked",
            profile={"email": "ada@example.com", "phone": "+15005550006"},
            properties={},
            unique_id="delivery-blocked:d1",
        )

    assert event.profile == {"email": "ada@example.com", "first_name": "", "last_name": "", "klaviyo_profile_id": ""}


# --- sending -----------------------------------------------------------------------------------


def test_an_event_is_sent_once(connected_a, klaviyo):
    event = enqueue(unique_id="download-ready:d1:t1")

    sent = send(event)
    send(event)

    assert (sent.state, sent.attempts, sent.last_error) == ("sent", 1, "")
    assert sent.sent_at is not None
    [request] = event_requests(klaviyo)
    assert request.status == 202
    assert request.headers["revision"] == "2026-07-15"
    assert request.headers["content-type"] == "application/vnd.api+json"
    assert request.headers["accept"] == "application/vnd.api+json"
    assert request.headers["authorization"] == "Klaviyo-API-Key …_dev"
    assert_valid_event_body(json.loads(request.body))
    [recorded] = klaviyo.state.events
    assert recorded.metric_name == "Alva Download Ready"
    assert recorded.unique_id == "download-ready:d1:t1"
    assert recorded.properties == {"ProductName": "Preset Pack", "FileCount": 2}
    assert recorded.profile == {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}
    assert recorded.auth_mode == "api_key"


def test_the_klaviyo_profile_id_is_sent_when_known(connected_a, klaviyo):
    event = outbox_enqueue(
        metric="Alva Download Ready",
        profile={"email": "ada@example.com", "klaviyo_profile_id": "01GDDKASAP8TKDDA2GRZDSVP4H"},
        properties={},
        unique_id="download-ready:d2:t2",
    )

    send(event)

    body = json.loads(event_requests(klaviyo)[0].body)
    assert body["data"]["attributes"]["profile"] == {
        "data": {"type": "profile", "attributes": {"email": "ada@example.com"}, "id": "01GDDKASAP8TKDDA2GRZDSVP4H"}
    }
    assert_valid_event_body(body)


def test_an_event_claimed_by_another_worker_is_not_sent(connected_a, klaviyo):
    event = enqueue()
    OutboxEvent.objects.filter(id=event.id).update(
        state=State.SENDING, next_attempt_at=timezone.now() + timedelta(minutes=1)
    )

    assert send(event).state == "sending"
    assert event_requests(klaviyo) == []


def test_an_early_message_is_rescheduled_not_dropped(connected_a, klaviyo, django_capture_on_commit_callbacks):
    event = enqueue()
    OutboxEvent.objects.filter(id=event.id).update(next_attempt_at=timezone.now() + timedelta(seconds=10))

    with django_capture_on_commit_callbacks(execute=True):
        send(event)

    assert event_requests(klaviyo) == []
    assert event.state == "pending"
    [message] = queued_messages()
    assert 9_000 < message["options"]["eta"] - message["message_timestamp"] <= 10_050  # ms rounding


def test_429_waits_for_retry_after(connected_a, klaviyo, django_capture_on_commit_callbacks):
    klaviyo.inject_faults("/api/events", [{"status": 429, "retry_after": 30}])
    event = enqueue()

    with django_capture_on_commit_callbacks(execute=True):
        before = timezone.now()
        send(event)

    assert (event.state, event.attempts) == ("pending", 1)
    assert event.last_error == "Klaviyo answered 429: Request was throttled. Expected available in 30 seconds."
    assert before + timedelta(seconds=30) <= event.next_attempt_at <= timezone.now() + timedelta(seconds=30)
    [message] = queued_messages()
    assert message["args"] == [str(event.id)]
    assert 29_000 < message["options"]["eta"] - message["message_timestamp"] <= 30_050  # ms rounding


def test_a_huge_retry_after_is_clamped(connected_a, klaviyo, settings):
    settings.KLAVIYO_RETRY_AFTER_MAX_SECONDS = 60
    klaviyo.inject_faults("/api/events", [{"status": 429, "retry_after": 86_400}])
    event = enqueue()

    send(event)

    assert event.next_attempt_at <= timezone.now() + timedelta(seconds=60)


def test_server_errors_back_off_then_fail_after_the_last_attempt(connected_a, klaviyo, settings):
    settings.KLAVIYO_EVENT_MAX_ATTEMPTS = 3
    klaviyo.inject_faults("/api/events", [{"status": 500}, {"status": 502}, {"status": 500}])
    event = enqueue()

    states = []
    for _ in range(3):
        make_due(event)
        states.append((send(event).state, event.attempts))

    assert states == [("pending", 1), ("pending", 2), ("failed", 3)]
    assert event.last_error == "Gave up after 3 attempts. Klaviyo answered 500: A server error occurred."
    assert [r.status for r in event_requests(klaviyo)] == [500, 502, 500]
    assert klaviyo.state.events == []


def test_backoff_doubles_and_is_bounded(connected_a, klaviyo, settings):
    settings.KLAVIYO_RETRY_BASE_SECONDS = 10
    settings.KLAVIYO_RETRY_MAX_SECONDS = 25
    klaviyo.inject_faults("/api/events", [{"status": 503}] * 3)
    event = enqueue()

    delays = []
    for _ in range(3):
        make_due(event)
        started = timezone.now()
        send(event)
        delays.append((event.next_attempt_at - started).total_seconds())

    assert 8 <= delays[0] <= 10.5
    assert 16 <= delays[1] <= 20.5
    assert 20 <= delays[2] <= 25.5


def test_a_dropped_connection_is_retried(connected_a, klaviyo):
    klaviyo.inject_faults("/api/events", [{"disconnect": True}])
    event = enqueue()

    send(event)

    assert (event.state, event.attempts) == ("pending", 1)
    assert event.last_error.startswith("Could not reach Klaviyo (")


def test_a_timeout_is_retried(connected_a, klaviyo, settings):
    settings.KLAVIYO_TIMEOUT_SECONDS = 0.2
    klaviyo.inject_faults("/api/events", [{"delay_ms": 600}])
    event = enqueue()

    send(event)

    assert (event.state, event.attempts, event.last_error) == ("pending", 1, "Klaviyo did not answer in time.")


def test_a_400_fails_at_once_with_klaviyos_detail(connected_a, klaviyo, django_capture_on_commit_callbacks):
    event = enqueue(email="not-an-email")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send(event)

    assert (event.state, event.attempts) == ("failed", 1)
    assert event.last_error == "Klaviyo answered 400: Invalid email address: 'not-an-email'."
    assert callbacks == []
    assert queued_messages() == []


def test_a_403_fails_the_event_and_flags_the_connection(connected_a, klaviyo):
    klaviyo.inject_faults("/api/events", [{"status": 403}])
    event = enqueue()

    send(event)

    connection = KlaviyoConnection.objects.get()
    assert event.state == "failed"
    assert event.last_error == "Klaviyo answered 403: Injected fault with status 403."
    assert connection.health == "failing"
    assert connection.last_error == "Klaviyo refused to record events: Injected fault with status 403."


def test_a_successful_send_clears_a_failing_health(connected_a, klaviyo):
    KlaviyoConnection.objects.update(health="failing", last_error="earlier trouble")

    send(enqueue())

    assert KlaviyoConnection.objects.get().health == "connected"


def test_without_a_connection_events_wait_then_go_once_connected(tenant_a, klaviyo, django_capture_on_commit_callbacks):
    with in_schema(tenant_a):
        event = enqueue()

        send(event)
        assert (event.state, event.attempts) == ("waiting_for_connection", 0)
        assert event.last_error == "Klaviyo is not connected: the event is sent once the store connects Klaviyo again."
        assert event_requests(klaviyo) == []

        with django_capture_on_commit_callbacks(execute=True):
            connection_connect_api_key(api_key=API_KEY)
        event.refresh_from_db()
        assert event.state == "pending"
        [message] = queued_messages()
        assert message["args"] == [str(event.id)]

        assert send(event).state == "sent"
    assert len(klaviyo.state.events) == 1


def test_a_revoked_api_key_marks_the_connection_and_the_event_waits(connected_a, klaviyo):
    KlaviyoConnection.objects.update(api_key_encrypted=encrypt("pk_revoked", purpose=PURPOSE_API_KEY))
    event = enqueue()

    send(event)

    connection = KlaviyoConnection.objects.get()
    assert (event.state, event.attempts) == ("waiting_for_connection", 1)
    assert connection.health == "revoked"
    assert connection.last_error == "Klaviyo no longer accepts the API key: connect Klaviyo again."
    # A revoked connection is not tried again until the merchant reconnects.
    second = enqueue()
    send(second)
    assert second.state == "waiting_for_connection"
    assert len(event_requests(klaviyo)) == 1


def test_a_disconnected_store_keeps_its_events(connected_a, klaviyo):
    from alva.klaviyo.services import connection_disconnect

    connection_disconnect()
    event = enqueue()

    assert send(event).state == "waiting_for_connection"
    assert event_requests(klaviyo) == []


# --- resend ------------------------------------------------------------------------------------


def test_a_failed_event_can_be_resent(connected_a, klaviyo, django_capture_on_commit_callbacks):
    event = enqueue()
    OutboxEvent.objects.filter(id=event.id).update(state=State.FAILED, attempts=3, last_error="boom")

    with django_capture_on_commit_callbacks(execute=True):
        resent = outbox_resend(event_id=event.id)

    assert (resent.state, resent.attempts) == ("pending", 0)
    assert [m["args"] for m in queued_messages()] == [[str(event.id)]]
    assert send(event).state == "sent"


def test_only_failed_events_can_be_resent(connected_a):
    event = enqueue()

    with pytest.raises(Conflict):
        outbox_resend(event_id=event.id)
    with pytest.raises(NotFound):
        outbox_resend(event_id=uuid.uuid4())
    assert OutboxEvent.objects.get(id=event.id).state == "pending"


def test_a_redacted_event_cannot_be_resent(connected_a):
    event = enqueue()
    OutboxEvent.objects.filter(id=event.id).update(state=State.FAILED, profile={}, properties={})

    with pytest.raises(Conflict) as refused:
        outbox_resend(event_id=event.id)

    assert refused.value.code == "event_redacted"
    assert OutboxEvent.objects.get(id=event.id).state == "failed"


# --- sweep -------------------------------------------------------------------------------------


def test_sweep_requeues_lost_and_abandoned_events_only(connected_a, django_capture_on_commit_callbacks):
    now = timezone.now()
    lost = enqueue()
    fresh = enqueue()
    abandoned = enqueue()
    working = enqueue()
    done = enqueue()
    OutboxEvent.objects.filter(id=lost.id).update(next_attempt_at=now - timedelta(minutes=10))
    OutboxEvent.objects.filter(id=abandoned.id).update(state=State.SENDING, next_attempt_at=now - timedelta(seconds=1))
    OutboxEvent.objects.filter(id=working.id).update(state=State.SENDING, next_attempt_at=now + timedelta(minutes=1))
    OutboxEvent.objects.filter(id=done.id).update(state=State.SENT, next_attempt_at=now - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        result = outbox_sweep()

    assert (result.requeued, result.reclaimed, result.released) == (1, 1, 0)
    states = dict(OutboxEvent.objects.values_list("id", "state"))
    assert states == {
        lost.id: "pending",
        fresh.id: "pending",
        abandoned.id: "pending",
        working.id: "sending",
        done.id: "sent",
    }
    assert sorted(m["args"][0] for m in queued_messages()) == sorted([str(lost.id), str(abandoned.id)])
    # Swept rows are due now, so they are not seen as lost again at the next run.
    assert outbox_sweep().requeued == 0


def test_sweep_releases_events_left_waiting_while_connected(connected_a):
    event = enqueue()
    OutboxEvent.objects.filter(id=event.id).update(state=State.WAITING_FOR_CONNECTION)

    assert outbox_sweep().released == 1
    assert OutboxEvent.objects.get(id=event.id).state == "pending"


def test_sweep_leaves_waiting_events_while_disconnected(tenant_a):
    with in_schema(tenant_a):
        event = enqueue()
        OutboxEvent.objects.filter(id=event.id).update(state=State.WAITING_FOR_CONNECTION)

        assert outbox_sweep().released == 0
        assert OutboxEvent.objects.get(id=event.id).state == "waiting_for_connection"


# --- reads -------------------------------------------------------------------------------------


def test_outbox_for_delivery_lists_that_deliverys_events_oldest_first(tenant_a):
    delivery_id = uuid.uuid4()
    with in_schema(tenant_a):
        first = enqueue(delivery_id=delivery_id)
        enqueue(delivery_id=uuid.uuid4())
        second = enqueue(delivery_id=delivery_id)
        OutboxEvent.objects.filter(id=second.id).update(
            state=State.FAILED, attempts=2, last_error="Klaviyo answered 400."
        )

        listed = list(selectors.outbox_for_delivery(delivery_id=delivery_id))

    assert [e.id for e in listed] == [first.id, second.id]
    assert [(e.state, e.attempts, e.last_error) for e in listed] == [
        ("pending", 0, ""),
        ("failed", 2, "Klaviyo answered 400."),
    ]


def test_outboxes_are_per_store(tenant_a, tenant_b):
    with in_schema(tenant_a):
        enqueue(unique_id="download-ready:same:id")
    with in_schema(tenant_b):
        assert OutboxEvent.objects.count() == 0
        enqueue(unique_id="download-ready:same:id")
        assert OutboxEvent.objects.count() == 1


def test_the_sweep_actor_sweeps_the_stores_outbox(connected_a):
    from alva.klaviyo.tasks import sweep_outbox

    event = enqueue()
    OutboxEvent.objects.filter(id=event.id).update(next_attempt_at=timezone.now() - timedelta(hours=1))

    sweep_outbox.fn()

    assert OutboxEvent.objects.get(id=event.id).next_attempt_at > timezone.now() - timedelta(minutes=1)
