"""Reading a delivery in its store, and the audited actions: suspend, unsuspend, resend, extend."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from alva.core.tasks import TENANT_OPTION
from alva.core.tenancy import current_schema
from alva.core.testing import in_schema, store_client
from alva.deliveries.models import Delivery, DeliveryEvent, DownloadToken
from alva.deliveries.services import delivery_block
from alva.klaviyo.models import OutboxEvent
from alva.support import services, tasks
from alva.support.models import SupportActionResult, SupportAuditEntry
from alva.support.tests.conftest import queued
from alva.tenants.models import Tenant
from tests.pipeline import delivery_for

API = "/api/support/v1"


def post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


@pytest.fixture
def approved_b(tenant_b, bundle_b):
    with in_schema(tenant_b):
        return delivery_for(bundle_b, email="Reader@Example.com")


def run_queued(tenant, message):
    """What the klaviyo-events worker does with the message: the actor's function, in the message's schema."""
    assert message["options"][TENANT_OPTION] == tenant.schema_name
    actor = {"support.delivery_resend": tasks.delivery_resend, "support.delivery_extend": tasks.delivery_extend}[
        message["actor_name"]
    ]
    with in_schema(tenant):
        actor.fn(*message["args"])


def ready_events(tenant, delivery):
    with in_schema(tenant):
        return list(
            OutboxEvent.objects.filter(delivery_id=delivery.id, metric="Alva Download Ready").order_by("created_at")
        )


# --- reading a delivery --------------------------------------------------------------------------


def test_delivery_detail_is_read_in_its_store(staff_client, tenant_b, approved_b):
    response = staff_client.get(f"{API}/deliveries/{approved_b.id}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["tenant"] == {"id": tenant_b.id, "name": "Beta", "subdomain": "beta", "status": "active"}
    assert (body["id"], body["status"], body["bundle"]["name"]) == (str(approved_b.id), "Approved", "Lightroom Course")
    assert body["customer"]["email"] == "reader@example.com"
    assert [t["downloads_used"] for t in body["tokens"]] == [0]
    assert [e["metric"] for e in body["klaviyo_events"]] == ["Alva Download Ready"]
    assert [e["kind"] for e in body["events"]][:1] == ["status"]
    assert body["payload"]["email"] == "Reader@Example.com"
    assert current_schema() == "public"


def test_unknown_delivery_is_404(staff_client):
    assert staff_client.get(f"{API}/deliveries/{uuid.uuid4()}").status_code == 404


# --- reasons -------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 1001}])
@pytest.mark.parametrize("path", ["/tenants/{tenant}/suspend", "/deliveries/{delivery}/resend"])
def test_every_action_needs_a_reason(staff_client, tenant_b, approved_b, body, path):
    path = path.format(tenant=tenant_b.id, delivery=approved_b.id)

    response = post(staff_client, path, body)

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["reason"]
    assert SupportAuditEntry.objects.count() == 0
    assert queued() == []
    assert Tenant.objects.get(id=tenant_b.id).status == "active"


def test_extend_needs_a_reason_and_days(staff_client, approved_b):
    response = post(staff_client, f"/deliveries/{approved_b.id}/extend", {"days": 0})

    assert response.status_code == 422
    assert sorted(response.json()["error"]["fields"]) == ["days", "reason"]


# --- suspension ----------------------------------------------------------------------------------


def test_suspend_closes_the_store_and_is_audited(staff, staff_client, tenant_b):
    response = post(staff_client, f"/tenants/{tenant_b.id}/suspend", {"reason": "  Chargeback fraud, ticket 4411 "})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["action"] == "tenant.suspend"
    assert (body["staff_id"], body["staff_email"]) == (staff.user.id, staff.user.email)
    assert body["tenant"]["status"] == "suspended"
    assert body["reason"] == "Chargeback fraud, ticket 4411"
    assert body["details"] == {"from": "active", "to": "suspended"}
    assert body["result"] is None
    entry = SupportAuditEntry.objects.get()
    assert (entry.tenant_id, entry.staff_id, entry.ip) == (tenant_b.id, staff.user.id, "127.0.0.1")
    on_store = store_client(tenant_b).get("/api/v1/auth/csrf")
    assert (on_store.status_code, on_store.json()["error"]["code"]) == (403, "store_suspended")


def test_suspending_twice_is_a_conflict_and_not_audited(staff_client, tenant_b):
    post(staff_client, f"/tenants/{tenant_b.id}/suspend", {"reason": "first"})

    again = post(staff_client, f"/tenants/{tenant_b.id}/suspend", {"reason": "second"})

    assert (again.status_code, again.json()["error"]["code"]) == (409, "invalid_state")
    assert SupportAuditEntry.objects.count() == 1


def test_unsuspend_reopens_the_store(staff_client, tenant_b):
    post(staff_client, f"/tenants/{tenant_b.id}/suspend", {"reason": "investigating"})

    response = post(staff_client, f"/tenants/{tenant_b.id}/unsuspend", {"reason": "cleared by risk team"})

    assert response.status_code == 200
    assert response.json()["details"] == {"from": "suspended", "to": "active"}
    assert store_client(tenant_b).get("/api/v1/auth/csrf").status_code == 200
    assert list(SupportAuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "tenant.suspend",
        "tenant.unsuspend",
    ]


def test_unsuspending_an_active_store_or_a_spare_is_refused(staff_client, tenant_b):
    spare = Tenant.objects.filter(status="spare").first()

    active = post(staff_client, f"/tenants/{tenant_b.id}/unsuspend", {"reason": "oops"})
    of_spare = post(staff_client, f"/tenants/{spare.id}/suspend", {"reason": "oops"})

    assert active.status_code == 409
    assert of_spare.status_code == 404
    assert SupportAuditEntry.objects.count() == 0


# --- resend and extend ---------------------------------------------------------------------------


def test_resend_is_audited_and_sent_into_the_deliverys_store(staff, staff_client, tenant_b, approved_b):
    response = post(staff_client, f"/deliveries/{approved_b.id}/resend", {"reason": "Customer lost the email"})

    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["action"], body["delivery_id"], body["tenant"]["id"]) == (
        "delivery.resend",
        str(approved_b.id),
        tenant_b.id,
    )
    assert body["details"] == {"delivery_status": "Approved"}
    assert body["result"] is None
    [message] = queued()
    assert message["actor_name"] == "support.delivery_resend"
    assert message["queue_name"] == "klaviyo-events"
    assert message["options"][TENANT_OPTION] == tenant_b.schema_name
    assert message["args"] == [str(approved_b.id), f"Alva support (audit #{body['id']})", body["id"]]
    assert len(ready_events(tenant_b, approved_b)) == 1  # nothing happens before the worker runs

    run_queued(tenant_b, message)

    assert len(ready_events(tenant_b, approved_b)) == 2
    with in_schema(tenant_b):
        tokens = list(DownloadToken.objects.filter(delivery=approved_b).order_by("created_at"))
        log = DeliveryEvent.objects.filter(delivery=approved_b, kind="action").get()
    assert [t.revoked_at is not None for t in tokens] == [True, False]
    assert (log.message, log.actor) == ("Link resent.", f"Alva support (audit #{body['id']})")
    result = SupportActionResult.objects.get(audit_entry_id=body["id"])
    assert result.outcome == "done"
    assert staff_client.get(f"{API}/audit-log").json()["items"][0]["result"]["outcome"] == "done"


def test_a_redelivered_message_does_nothing(staff_client, tenant_b, approved_b):
    post(staff_client, f"/deliveries/{approved_b.id}/resend", {"reason": "Customer lost the email"})
    [message] = queued()

    run_queued(tenant_b, message)
    run_queued(tenant_b, message)

    assert len(ready_events(tenant_b, approved_b)) == 2
    assert SupportActionResult.objects.count() == 1


def test_extend_moves_the_live_links_expiry(staff_client, tenant_b, approved_b):
    with in_schema(tenant_b):
        before = DownloadToken.objects.get(delivery=approved_b).expires_at

    response = post(staff_client, f"/deliveries/{approved_b.id}/extend", {"reason": "Travelling", "days": 5})

    assert response.status_code == 202
    assert response.json()["details"] == {"days": 5, "delivery_status": "Approved"}
    [message] = queued()
    assert message["actor_name"] == "support.delivery_extend"
    assert message["options"][TENANT_OPTION] == tenant_b.schema_name
    run_queued(tenant_b, message)
    with in_schema(tenant_b):
        after = DownloadToken.objects.get(delivery=approved_b).expires_at
    assert after - before == timedelta(days=5)


def test_a_delivery_in_the_wrong_state_is_refused_before_anything_is_audited(staff_client, tenant_b, bundle_b):
    with in_schema(tenant_b):
        held = delivery_for(bundle_b, email="someone@mailinator.com")
    assert held.status == "Pending Review"

    response = post(staff_client, f"/deliveries/{held.id}/resend", {"reason": "please"})

    assert (response.status_code, response.json()["error"]["code"]) == (409, "invalid_state")
    assert SupportAuditEntry.objects.count() == 0
    assert queued() == []


def test_unknown_delivery_actions_are_404(staff_client):
    response = post(staff_client, f"/deliveries/{uuid.uuid4()}/extend", {"reason": "please", "days": 1})

    assert response.status_code == 404
    assert SupportAuditEntry.objects.count() == 0


def test_a_store_that_changed_meanwhile_refuses_and_the_refusal_is_recorded(staff_client, tenant_b, approved_b):
    post(staff_client, f"/deliveries/{approved_b.id}/resend", {"reason": "Customer lost the email"})
    with in_schema(tenant_b):
        delivery_block(delivery_id=approved_b.id, actor="owner@beta.example.com")
    [message] = queued()

    run_queued(tenant_b, message)

    result = SupportActionResult.objects.get()
    assert result.outcome == "refused"
    assert result.detail.startswith("Cannot resend a delivery that is Blocked")
    with in_schema(tenant_b):
        assert Delivery.objects.get(id=approved_b.id).status == "Blocked"
    assert len(ready_events(tenant_b, approved_b)) == 1


def test_a_queue_outage_is_recorded_and_answered_503(staff_client, approved_b, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(services, "send_to_tenant", broken)

    response = post(staff_client, f"/deliveries/{approved_b.id}/resend", {"reason": "Customer lost the email"})

    assert (response.status_code, response.json()["error"]["code"]) == (503, "queue_unavailable")
    entry = SupportAuditEntry.objects.get()
    assert entry.result.outcome == "not_sent"


def test_messages_are_only_ever_sent_to_the_deliverys_own_store(staff_client, tenant_a, tenant_b, bundle_a, approved_b):
    with in_schema(tenant_a):
        in_a = delivery_for(bundle_a, email="Reader@Example.com")

    post(staff_client, f"/deliveries/{in_a.id}/resend", {"reason": "one"})
    post(staff_client, f"/deliveries/{approved_b.id}/resend", {"reason": "two"})

    schemas = {m["args"][0]: m["options"][TENANT_OPTION] for m in queued()}
    assert schemas == {str(in_a.id): tenant_a.schema_name, str(approved_b.id): tenant_b.schema_name}


def test_the_store_can_only_act_on_its_own_deliveries(staff_client, tenant_a, approved_b):
    """A message run in the wrong schema finds no delivery: refused, nothing changes anywhere."""
    post(staff_client, f"/deliveries/{approved_b.id}/resend", {"reason": "x" * 3})
    [message] = queued()

    with in_schema(tenant_a):
        tasks.delivery_resend.fn(*message["args"])

    assert SupportActionResult.objects.get().outcome == "refused"
    assert (timezone.now() - SupportActionResult.objects.get().finished_at) < timedelta(minutes=1)


def _redact(tenant, delivery):
    from alva.deliveries.models import Customer

    with in_schema(tenant):
        Customer.objects.filter(deliveries=delivery).update(redacted_at=timezone.now())


def test_a_redacted_customer_gets_no_resend(staff_client, tenant_b, approved_b):
    _redact(tenant_b, approved_b)

    response = post(staff_client, f"/deliveries/{approved_b.id}/resend", {"reason": "please"})

    assert (response.status_code, response.json()["error"]["code"]) == (409, "customer_redacted")
    assert SupportAuditEntry.objects.count() == 0
    assert queued() == []


def test_a_customer_redacted_after_the_request_is_refused_by_the_worker(staff_client, tenant_b, approved_b):
    post(staff_client, f"/deliveries/{approved_b.id}/extend", {"reason": "please", "days": 2})
    _redact(tenant_b, approved_b)
    [message] = queued()

    run_queued(tenant_b, message)

    assert SupportActionResult.objects.get().outcome == "refused"
    assert len(ready_events(tenant_b, approved_b)) == 1


def test_a_suspended_stores_deliveries_are_not_acted_on(staff_client, tenant_b, approved_b):
    post(staff_client, f"/tenants/{tenant_b.id}/suspend", {"reason": "investigating"})

    response = post(staff_client, f"/deliveries/{approved_b.id}/resend", {"reason": "please"})
    detail = staff_client.get(f"{API}/deliveries/{approved_b.id}")

    assert (response.status_code, response.json()["error"]["code"]) == (409, "store_suspended")
    assert detail.status_code == 200  # reading stays possible: that is how support investigates
    assert list(SupportAuditEntry.objects.values_list("action", flat=True)) == ["tenant.suspend"]
    assert queued() == []
