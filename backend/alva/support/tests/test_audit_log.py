"""The audit log: browsed with filters, and append-only in the model and in the database."""

import uuid
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from alva.support import services
from alva.support.models import AppendOnlyError, SupportAction, SupportAuditEntry

AUDIT = "/api/support/v1/audit-log"


@pytest.fixture
def entries(staff, make_staff, tenant_a, tenant_b):
    other = make_staff().user
    delivery_id = uuid.uuid4()
    made = [
        services.audit_append(staff=staff.user, action=SupportAction.TENANT_SUSPEND, reason="fraud", tenant=tenant_a),
        services.audit_append(staff=other, action=SupportAction.TENANT_UNSUSPEND, reason="cleared", tenant=tenant_a),
        services.audit_append(
            staff=staff.user, action=SupportAction.DELIVERY_RESEND, reason="lost email", tenant=tenant_b,
            delivery_id=delivery_id, details={"delivery_status": "Approved"},
        ),
    ]  # fmt: skip
    return {"entries": made, "other": other, "delivery_id": delivery_id}


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_newest_first_with_every_fact(staff, staff_client, entries, tenant_b):
    response = staff_client.get(AUDIT)

    first, second, third = entries["entries"]
    assert ids(response) == [third.id, second.id, first.id]
    assert response.json()["count"] == 3
    item = response.json()["items"][0]
    assert item == {
        "id": third.id,
        "created_at": item["created_at"],
        "staff_id": staff.user.id,
        "staff_email": staff.user.email,
        "action": "delivery.resend",
        "tenant": {"id": tenant_b.id, "name": "Beta", "subdomain": "beta", "status": "active"},
        "delivery_id": str(entries["delivery_id"]),
        "reason": "lost email",
        "details": {"delivery_status": "Approved"},
        "result": None,
    }


def test_filters(staff_client, entries, tenant_a):
    first, second, third = entries["entries"]

    assert ids(staff_client.get(AUDIT, {"tenant_id": tenant_a.id})) == [second.id, first.id]
    assert ids(staff_client.get(AUDIT, {"staff_id": entries["other"].id})) == [second.id]
    assert ids(staff_client.get(AUDIT, {"action": "tenant.suspend"})) == [first.id]
    assert ids(staff_client.get(AUDIT, {"delivery_id": str(entries["delivery_id"])})) == [third.id]
    assert ids(staff_client.get(AUDIT, {"created_after": (timezone.now() + timedelta(minutes=1)).isoformat()})) == []
    assert ids(staff_client.get(AUDIT, {"created_before": (timezone.now() + timedelta(minutes=1)).isoformat()})) == [
        third.id, second.id, first.id,
    ]  # fmt: skip
    assert ids(staff_client.get(AUDIT, {"page_size": 1, "page": 3})) == [first.id]
    assert staff_client.get(AUDIT, {"action": "tenant.delete"}).status_code == 422


def test_the_staff_email_is_kept_as_it_was(staff, staff_client, entries):
    old_email = staff.user.email
    staff.user.email = "renamed@alva.example.com"
    staff.user.save()

    items = staff_client.get(AUDIT, {"staff_id": staff.user.id}).json()["items"]

    assert {item["staff_email"] for item in items} == {old_email}


def test_entries_cannot_be_changed_or_deleted_through_the_model(entries):
    entry = entries["entries"][0]

    entry.reason = "something nicer"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        SupportAuditEntry.objects.filter(id=entry.id).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        SupportAuditEntry.objects.all().delete()

    assert SupportAuditEntry.objects.get(id=entry.id).reason == "fraud"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE support_supportauditentry SET reason = 'rewritten'",
        "DELETE FROM support_supportauditentry",
        "TRUNCATE support_supportauditentry CASCADE",
    ],
)
def test_the_database_refuses_changes_whatever_the_code(entries, sql):
    with connection.cursor() as cursor:
        # Check the deferred foreign keys now: TRUNCATE refuses to run with checks still pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)

    assert sorted(SupportAuditEntry.objects.values_list("reason", flat=True)) == ["cleared", "fraud", "lost email"]


def test_the_api_has_no_way_to_change_the_log():
    from config.api import support_api

    audit_paths = [
        (method, path)
        for bound in support_api._get_bound_routers()
        for path, view in bound.path_operations.items()
        if "audit" in path
        for operation in view.operations
        for method in operation.methods
    ]

    assert audit_paths == [("GET", "/audit-log")]
