"""Bundles: CRUD, policy defaults and limits, roles, the list filter, and deactivate-instead-of-delete."""

import pytest

from alva.catalog.models import Bundle, BundleFile
from alva.catalog.tests.conftest import create_bundle, object_exists, upload_file
from alva.catalog.tests.factories import BundleFactory, BundleFileFactory
from alva.core.testing import in_schema, store_client
from alva.deliveries.models import Customer, Delivery
from alva.ingest.models import WebhookCall


def bundles_in(tenant):
    with in_schema(tenant):
        return list(Bundle.objects.order_by("created_at").values_list("name", "active"))


def add_delivery(tenant, bundle_id):
    with in_schema(tenant):
        bundle = Bundle.objects.get(id=bundle_id)
        call = WebhookCall.objects.create(
            slug=bundle.webhook_slug, bundle=bundle, outcome=WebhookCall.Outcome.ACCEPTED, status_code=202
        )
        customer = Customer.objects.create(email="buyer@example.com")
        return Delivery.objects.create(receipt=call, bundle=bundle, customer=customer)


def test_create_applies_the_product_defaults(admin_client, tenant_a):
    response = admin_client.post(
        "/api/v1/bundles", {"name": "  Film Presets ", "description": "Warm tones."}, content_type="application/json"
    )

    assert response.status_code == 201
    body = response.json()
    with in_schema(tenant_a):
        bundle = Bundle.objects.get()
    assert body == {
        "id": str(bundle.id),
        "name": "Film Presets",
        "description": "Warm tones.",
        "active": True,
        "expiry_days": 3,
        "max_downloads": 5,
        "max_unique_ips": 3,
        "webhook_url": f"http://alpha.alva.localhost/webhook/{bundle.webhook_slug}",
        "file_count": 0,
        "files": [],
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert len(bundle.webhook_slug) >= 22


def test_each_bundle_gets_its_own_unguessable_webhook_slug(admin_client, tenant_a):
    first = create_bundle(admin_client)
    second = create_bundle(admin_client)

    assert first["webhook_url"] != second["webhook_url"]
    with in_schema(tenant_a):
        assert Bundle.objects.values("webhook_slug").distinct().count() == 2


def test_create_with_an_explicit_policy(admin_client):
    body = create_bundle(admin_client, active=False, expiry_days=365, max_downloads=1000, max_unique_ips=100)

    assert (body["active"], body["expiry_days"], body["max_downloads"], body["max_unique_ips"]) == (
        False,
        365,
        1000,
        100,
    )


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"name": ""}, {"name": ["This field cannot be blank."]}),
        ({"name": "   "}, {"name": ["This field cannot be blank."]}),
        ({"name": "x" * 201}, {"name": ["String should have at most 200 characters"]}),
        ({"expiry_days": 0}, {"expiry_days": ["Input should be greater than or equal to 1"]}),
        ({"expiry_days": 366}, {"expiry_days": ["Input should be less than or equal to 365"]}),
        ({"max_downloads": 0}, {"max_downloads": ["Input should be greater than or equal to 1"]}),
        ({"max_downloads": 1001}, {"max_downloads": ["Input should be less than or equal to 1000"]}),
        ({"max_unique_ips": 0}, {"max_unique_ips": ["Input should be greater than or equal to 1"]}),
        ({"max_unique_ips": 101}, {"max_unique_ips": ["Input should be less than or equal to 100"]}),
        ({"description": "x" * 5001}, {"description": ["String should have at most 5000 characters"]}),
    ],
)
def test_create_refuses_invalid_fields_with_422(admin_client, tenant_a, fields, errors):
    response = admin_client.post("/api/v1/bundles", {"name": "Pack", **fields}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert response.json()["error"]["fields"] == errors
    assert bundles_in(tenant_a) == []


def test_create_without_a_name_is_422(admin_client):
    response = admin_client.post("/api/v1/bundles", {}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"name": ["This field is required."]}


def test_get_returns_the_bundle_with_its_files_in_order(member_client, tenant_a):
    with in_schema(tenant_a):
        bundle = BundleFactory(name="Ebook")
        second = BundleFileFactory(bundle=bundle, position=1, filename="b.pdf")
        first = BundleFileFactory(bundle=bundle, position=0, filename="a.pdf", sha256="")

    response = member_client.get(f"/api/v1/bundles/{bundle.id}")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Ebook"
    assert body["file_count"] == 2
    assert [f["id"] for f in body["files"]] == [str(first.id), str(second.id)]
    assert body["files"][0] == {
        "id": str(first.id),
        "bundle_id": str(bundle.id),
        "filename": "a.pdf",
        "size": 1024,
        "content_type": "application/pdf",
        "category": "DOCUMENT",
        "sha256": None,
        "state": "ready",
        "position": 0,
        "created_at": body["files"][0]["created_at"],
        "uploaded_at": None,
    }
    assert body["files"][1]["sha256"] == "0" * 64


def test_unknown_or_malformed_bundle_ids(member_client):
    missing = member_client.get("/api/v1/bundles/00000000-0000-4000-8000-000000000000")
    malformed = member_client.get("/api/v1/bundles/not-a-uuid")

    assert missing.status_code == 404
    assert missing.json()["error"] == {"code": "not_found", "message": "No such bundle."}
    assert malformed.status_code == 422
    assert list(malformed.json()["error"]["fields"]) == ["bundle_id"]


def test_list_filters_by_active_and_paginates(member_client, tenant_a):
    with in_schema(tenant_a):
        active = [BundleFactory(name=f"Active {n}") for n in range(3)]
        inactive = BundleFactory(name="Retired", active=False)

    everything = member_client.get("/api/v1/bundles").json()
    only_active = member_client.get("/api/v1/bundles?active=true").json()
    only_inactive = member_client.get("/api/v1/bundles?active=false").json()
    page = member_client.get("/api/v1/bundles?active=true&limit=2&offset=1").json()

    assert everything["count"] == 4
    assert [b["name"] for b in everything["items"]] == ["Retired", "Active 2", "Active 1", "Active 0"]
    assert only_active["count"] == 3
    assert {b["id"] for b in only_active["items"]} == {str(b.id) for b in active}
    assert [b["id"] for b in only_inactive["items"]] == [str(inactive.id)]
    assert page["count"] == 3
    assert [b["name"] for b in page["items"]] == ["Active 1", "Active 0"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=201", "limit"), ("offset=-1", "offset"), ("active=maybe", "active")],
)
def test_list_refuses_bad_query_parameters(member_client, query, field):
    response = member_client.get(f"/api/v1/bundles?{query}")

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]


def test_patch_changes_only_the_given_fields(admin_client, tenant_a):
    bundle = create_bundle(admin_client, description="Old", max_downloads=7)

    response = admin_client.patch(
        f"/api/v1/bundles/{bundle['id']}", {"name": "Renamed", "active": False}, content_type="application/json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["active"], body["description"], body["max_downloads"]) == ("Renamed", False, "Old", 7)
    assert body["webhook_url"] == bundle["webhook_url"]
    assert bundles_in(tenant_a) == [("Renamed", False)]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"name": None}, {"name": ["This field cannot be null."]}),
        ({"name": " "}, {"name": ["This field cannot be blank."]}),
        ({"max_unique_ips": 0}, {"max_unique_ips": ["Input should be greater than or equal to 1"]}),
        ({"active": None}, {"active": ["This field cannot be null."]}),
    ],
)
def test_patch_refuses_invalid_fields(admin_client, tenant_a, fields, errors):
    bundle = create_bundle(admin_client)

    response = admin_client.patch(f"/api/v1/bundles/{bundle['id']}", fields, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == errors
    assert bundles_in(tenant_a) == [("Film Presets", True)]


def test_delete_without_deliveries_removes_the_bundle_its_files_and_their_objects(
    admin_client, tenant_a, django_capture_on_commit_callbacks
):
    bundle = create_bundle(admin_client)
    uploaded = upload_file(admin_client, bundle["id"], b"%PDF-1.7 guide")
    key = f"{tenant_a.schema_name}/files/{uploaded.file['id']}"
    assert object_exists(key)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"/api/v1/bundles/{bundle['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert bundles_in(tenant_a) == []
    with in_schema(tenant_a):
        assert not BundleFile.objects.exists()
    assert not object_exists(key)


def test_delete_with_deliveries_deactivates_instead(admin_client, tenant_a, django_capture_on_commit_callbacks):
    bundle = create_bundle(admin_client)
    uploaded = upload_file(admin_client, bundle["id"], b"%PDF-1.7 guide")
    add_delivery(tenant_a, bundle["id"])

    with django_capture_on_commit_callbacks(execute=True):  # whatever was scheduled has run
        response = admin_client.delete(f"/api/v1/bundles/{bundle['id']}")

    assert response.status_code == 200
    assert response.json() == {
        "deleted": False,
        "deactivated": True,
        "reason": "This bundle has deliveries, which keep referring to it, so it was deactivated instead of deleted.",
    }
    assert bundles_in(tenant_a) == [("Film Presets", False)]
    assert object_exists(f"{tenant_a.schema_name}/files/{uploaded.file['id']}")
    # Deleting again is still a deactivation, not an error.
    assert admin_client.delete(f"/api/v1/bundles/{bundle['id']}").json()["deactivated"] is True


def test_delete_unknown_bundle_is_404(admin_client):
    response = admin_client.delete("/api/v1/bundles/00000000-0000-4000-8000-000000000000")

    assert response.status_code == 404


# --- roles -------------------------------------------------------------------------------------


def test_members_read_bundles(member_client, tenant_a):
    with in_schema(tenant_a):
        bundle = BundleFactory()

    assert member_client.get("/api/v1/bundles").status_code == 200
    assert member_client.get(f"/api/v1/bundles/{bundle.id}").status_code == 200


def test_members_cannot_write_bundles_and_nothing_changes(member_client, tenant_a):
    with in_schema(tenant_a):
        bundle = BundleFactory(name="Keep me")
        BundleFileFactory(bundle=bundle)
    before = bundles_in(tenant_a)

    responses = [
        member_client.post("/api/v1/bundles", {"name": "New"}, content_type="application/json"),
        member_client.patch(f"/api/v1/bundles/{bundle.id}", {"name": "Changed"}, content_type="application/json"),
        member_client.delete(f"/api/v1/bundles/{bundle.id}"),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert responses[0].json()["error"] == {
        "code": "forbidden",
        "message": "This action needs the admin role or higher.",
    }
    assert bundles_in(tenant_a) == before
    with in_schema(tenant_a):
        assert BundleFile.objects.count() == 1


def test_owners_write_bundles(owner_a):
    assert create_bundle(owner_a.client())["name"] == "Film Presets"


def test_anonymous_requests_are_401(tenant_a):
    response = store_client(tenant_a).get("/api/v1/bundles")

    assert response.status_code == 401
