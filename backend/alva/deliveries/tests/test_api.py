"""The merchant's deliveries, customers and analytics API: filters, detail, actions and their states."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alva.accounts.models import Role
from alva.core.testing import in_schema, store_client
from alva.deliveries.models import Delivery, DownloadToken
from alva.deliveries.tests.conftest import outbox, page_path
from tests.pipeline import delivery_for


@pytest.fixture
def three_deliveries(tenant_a, bundle_a):
    with in_schema(tenant_a):
        return [
            delivery_for(bundle_a, email="ada@example.com"),
            delivery_for(bundle_a, email="grace@example.com"),
            delivery_for(bundle_a, email="temp@mailinator.com"),
        ]


def test_list_with_search_filters_sort_and_pages(three_deliveries, make_member, tenant_a):
    client = make_member(tenant_a, Role.MEMBER).client()

    everything = client.get("/api/v1/deliveries").json()
    by_email = client.get("/api/v1/deliveries", {"email": "GRACE"}).json()
    pending = client.get("/api/v1/deliveries", {"status": "Pending Review"}).json()
    paged = client.get("/api/v1/deliveries", {"page": 2, "page_size": 2, "sort": "created_at"}).json()

    assert everything["count"] == 3
    assert [d["customer"]["email"] for d in everything["items"]] == [
        "temp@mailinator.com",
        "grace@example.com",
        "ada@example.com",
    ]
    assert [d["customer"]["email"] for d in by_email["items"]] == ["grace@example.com"]
    assert [d["status"] for d in pending["items"]] == ["Pending Review"]
    assert paged["count"] == 3
    assert [d["customer"]["email"] for d in paged["items"]] == ["temp@mailinator.com"]


def test_list_rejects_unknown_status_and_sort(owner_a):
    response = owner_a.client().get("/api/v1/deliveries", {"status": "Lost", "sort": "price"})

    assert response.status_code == 422
    assert sorted(response.json()["error"]["fields"]) == ["sort", "status"]


def test_pending_review_count(three_deliveries, owner_a):
    assert owner_a.client().get("/api/v1/deliveries/pending-count").json() == {"pending_review": 1}


def test_detail_has_customer_signals_tokens_events_and_klaviyo_states(three_deliveries, owner_a, tenant_a):
    delivery = three_deliveries[0]
    client = owner_a.client()
    path = page_path(tenant_a, delivery)
    file_id = store_client(tenant_a).get(path, HTTP_ACCEPT="application/json").json()["files"][0]["id"]
    store_client(tenant_a).post(f"{path}/files/{file_id}", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Safari")

    body = client.get(f"/api/v1/deliveries/{delivery.id}").json()

    assert body["status"] == "Downloaded"
    assert body["customer"]["email"] == "ada@example.com"
    assert body["bundle"]["name"] == "Film Presets"
    assert body["payload"]["email"] == "ada@example.com"
    [token] = body["tokens"]
    assert (token["downloads_used"], token["max_downloads"], token["ips_used"], token["max_unique_ips"]) == (1, 5, 1, 3)
    [download] = token["downloads"]
    assert (download["ip"], download["user_agent"], download["file_name"]) == (
        "203.0.113.9",
        "Safari",
        "Field Guide.pdf",
    )
    assert [e["kind"] for e in body["events"]][:2] == ["status", "status"]
    assert [k["metric"] for k in body["klaviyo_events"]] == ["Alva Download Ready", "Alva Download Completed"]
    assert all(k["state"] in {"pending", "sending", "sent", "waiting_for_connection"} for k in body["klaviyo_events"])


def test_unknown_delivery_is_404(owner_a):
    assert owner_a.client().get("/api/v1/deliveries/00000000-0000-0000-0000-000000000000").status_code == 404


def test_actions_are_valid_only_from_the_right_states(three_deliveries, owner_a):
    approved, _, pending = three_deliveries
    client = owner_a.client()

    assert client.post(f"/api/v1/deliveries/{approved.id}/approve").status_code == 409
    assert client.post(f"/api/v1/deliveries/{pending.id}/resend").status_code == 409
    assert client.post(f"/api/v1/deliveries/{pending.id}/reset-downloads").status_code == 409
    conflict = client.post(f"/api/v1/deliveries/{pending.id}/extend", {"days": 2}, content_type="application/json")
    assert conflict.json()["error"]["code"] == "invalid_state"


def test_block_revokes_the_link_and_tells_klaviyo(three_deliveries, owner_a, tenant_a):
    approved = three_deliveries[0]
    path = page_path(tenant_a, approved)

    response = owner_a.client().post(f"/api/v1/deliveries/{approved.id}/block")

    assert response.json()["status"] == "Blocked"
    assert store_client(tenant_a).get(path).status_code == 403
    assert [e.properties["Reason"] for e in outbox(tenant_a, "Alva Delivery Blocked")] == ["Blocked by the store."]
    assert response.json()["events"][-1]["actor"] == owner_a.user.email


def test_resend_issues_a_new_link_and_the_old_one_dies(three_deliveries, owner_a, tenant_a):
    delivery = three_deliveries[0]
    old_path = page_path(tenant_a, delivery)

    response = owner_a.client().post(f"/api/v1/deliveries/{delivery.id}/resend")

    new_path = page_path(tenant_a, delivery)
    assert response.status_code == 200
    assert new_path != old_path
    assert store_client(tenant_a).get(old_path).status_code == 403
    assert store_client(tenant_a).get(new_path).status_code == 200
    ready = outbox(tenant_a, "Alva Download Ready")
    assert len([e for e in ready if e.delivery_id == delivery.id]) == 2
    assert len({e.unique_id for e in ready}) == len(ready)


def test_extend_moves_the_expiry_and_revives_an_expired_delivery(three_deliveries, owner_a, tenant_a):
    delivery = three_deliveries[0]
    with in_schema(tenant_a):
        DownloadToken.objects.filter(delivery=delivery).update(expires_at=timezone.now() - timedelta(hours=1))
        Delivery.objects.filter(id=delivery.id).update(status="Expired")

    response = owner_a.client().post(
        f"/api/v1/deliveries/{delivery.id}/extend", {"days": 2}, content_type="application/json"
    )

    assert response.json()["status"] == "Approved"
    expires = response.json()["tokens"][0]["expires_at"]
    assert (
        timedelta(days=1, hours=23) < (timezone.datetime.fromisoformat(expires) - timezone.now()) <= timedelta(days=2)
    )
    assert store_client(tenant_a).get(page_path(tenant_a, delivery)).status_code == 200


def test_extend_validates_days(three_deliveries, owner_a):
    response = owner_a.client().post(
        f"/api/v1/deliveries/{three_deliveries[0].id}/extend", {"days": 0}, content_type="application/json"
    )

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["days"]


def test_revoke_and_reset_downloads(three_deliveries, owner_a, tenant_a):
    first, second, _ = three_deliveries
    with in_schema(tenant_a):
        DownloadToken.objects.filter(delivery=second).update(downloads_used=5, ips_seen=["203.0.113.1"])
    client = owner_a.client()

    revoked = client.post(f"/api/v1/deliveries/{first.id}/revoke").json()
    reset = client.post(f"/api/v1/deliveries/{second.id}/reset-downloads").json()

    assert revoked["status"] == "Revoked"
    assert (reset["tokens"][0]["downloads_used"], reset["tokens"][0]["ips_used"]) == (0, 0)


def test_members_act_but_store_b_ids_are_404(three_deliveries, make_member, tenant_b, owner_b):
    delivery = three_deliveries[2]

    response = owner_b.client().post(f"/api/v1/deliveries/{delivery.id}/approve")

    assert response.status_code == 404
    assert owner_b.client().get("/api/v1/deliveries").json() == {"items": [], "count": 0}


def test_customers_list_and_detail(three_deliveries, owner_a):
    client = owner_a.client()

    listed = client.get("/api/v1/customers", {"email": "example.com"}).json()
    customer = next(c for c in listed["items"] if c["email"] == "ada@example.com")
    detail = client.get(f"/api/v1/customers/{customer['id']}").json()

    assert listed["count"] == 2
    assert customer["delivery_count"] == 1
    assert (detail["first_name"], detail["last_name"]) == ("Ada", "Lovelace")
    assert [d["id"] for d in detail["deliveries"]] == [str(three_deliveries[0].id)]


def test_analytics_summary(three_deliveries, owner_a):
    today = timezone.now().date()

    body = owner_a.client().get("/api/v1/analytics/summary", {"from": str(today), "to": str(today)}).json()

    assert body["from"] == str(today)
    assert body["deliveries_total"] == 3
    assert sorted((d["status"], d["count"]) for d in body["deliveries_per_day"]) == [
        ("Approved", 2),
        ("Pending Review", 1),
    ]
    assert body["fraud_rate"] == round(1 / 3, 4)
    assert body["top_bundles"][0]["name"] == "Film Presets"
    assert body["top_bundles"][0]["deliveries"] == 3


def test_analytics_validates_the_range(owner_a):
    client = owner_a.client()

    backwards = client.get("/api/v1/analytics/summary", {"from": "2026-05-02", "to": "2026-05-01"})
    too_long = client.get("/api/v1/analytics/summary", {"from": "2024-01-01", "to": "2026-01-01"})
    missing = client.get("/api/v1/analytics/summary")

    assert backwards.status_code == too_long.status_code == missing.status_code == 422
    assert sorted(missing.json()["error"]["fields"]) == ["from", "to"]
