"""Two stores: ids of store B are 404 on store A's host (session and API key), objects are per tenant prefix."""

import pytest

from alva.accounts.models import Role
from alva.catalog.models import Bundle, BundleFile
from alva.catalog.tests.factories import BundleFactory, BundleFileFactory
from alva.core.testing import in_schema, store_client


@pytest.fixture
def b_data(tenant_b):
    with in_schema(tenant_b):
        bundle = BundleFactory(name="B's secret bundle")
        file = BundleFileFactory(bundle=bundle, filename="b-secret.pdf")
    return bundle, file


def snapshot(tenant):
    with in_schema(tenant):
        return (
            sorted(Bundle.objects.values_list("id", "name", "active", "updated_at")),
            sorted(BundleFile.objects.values_list("id", "filename", "position", "state")),
        )


def calls(bundle, file):
    return [
        ("get", f"/api/v1/bundles/{bundle.id}", None),
        ("patch", f"/api/v1/bundles/{bundle.id}", {"name": "pwned"}),
        ("delete", f"/api/v1/bundles/{bundle.id}", None),
        ("put", f"/api/v1/bundles/{bundle.id}/files/order", {"file_ids": [str(file.id)]}),
        ("post", f"/api/v1/bundles/{bundle.id}/files", {"filename": "x.pdf", "size": 1}),
        ("get", f"/api/v1/files/{file.id}", None),
        ("patch", f"/api/v1/files/{file.id}", {"filename": "pwned.pdf"}),
        ("post", f"/api/v1/files/{file.id}/complete", {}),
        ("delete", f"/api/v1/files/{file.id}", None),
    ]


def _run(client, bundle, file):
    return [
        getattr(client, method)(path, body or {}, content_type="application/json")
        for method, path, body in calls(bundle, file)
    ]


def test_store_b_ids_are_404_for_a_session_on_store_a(make_member, tenant_a, tenant_b, b_data):
    client = make_member(tenant_a, Role.OWNER).client()
    before = snapshot(tenant_b)

    responses = _run(client, *b_data)

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert all("secret" not in r.content.decode() for r in responses)
    assert snapshot(tenant_b) == before


def test_store_b_ids_are_404_for_an_api_key_on_store_a(make_member, tenant_a, tenant_b, b_data):
    owner = make_member(tenant_a, Role.OWNER)
    key = owner.client().post("/api/v1/api-keys", {"name": "ci"}, content_type="application/json").json()["key"]
    client = store_client(tenant_a, HTTP_AUTHORIZATION=f"Bearer {key}")
    before = snapshot(tenant_b)

    responses = _run(client, *b_data)

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert snapshot(tenant_b) == before


def test_lists_show_only_the_hosts_store(make_member, tenant_a, b_data):
    with in_schema(tenant_a):
        mine = BundleFactory(name="A's bundle")
    client = make_member(tenant_a, Role.MEMBER).client()

    body = client.get("/api/v1/bundles").json()

    assert body["count"] == 1
    assert [b["id"] for b in body["items"]] == [str(mine.id)]


def test_object_keys_carry_the_tenant_prefix(admin_client, tenant_a):
    bundle = admin_client.post("/api/v1/bundles", {"name": "Pack"}, content_type="application/json").json()

    response = admin_client.post(
        f"/api/v1/bundles/{bundle['id']}/files",
        {"filename": "../../t_other/files/x", "size": 1},
        content_type="application/json",
    )
    started = admin_client.post(
        f"/api/v1/bundles/{bundle['id']}/files", {"filename": "guide.pdf", "size": 1}, content_type="application/json"
    ).json()

    assert response.status_code == 422
    with in_schema(tenant_a):
        file = BundleFile.objects.get(id=started["file"]["id"])
    assert file.object_key == f"{tenant_a.schema_name}/files/{file.id}"
