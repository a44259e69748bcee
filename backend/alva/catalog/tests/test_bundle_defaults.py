"""A bundle created without a delivery policy takes the store's delivery defaults; explicit values win."""

import pytest

from alva.accounts.models import Role
from alva.catalog.models import Bundle
from alva.catalog.tests.conftest import create_bundle
from alva.core.testing import in_schema

POLICY = ("expiry_days", "max_downloads", "max_unique_ips")


def set_defaults(client, **values):
    response = client.put("/api/v1/settings/delivery-defaults", values, content_type="application/json")
    assert response.status_code == 200, response.content


def policy_of(body: dict) -> tuple[int, int, int]:
    return (body["expiry_days"], body["max_downloads"], body["max_unique_ips"])


def test_without_store_defaults_a_bundle_gets_the_product_defaults(admin_client):
    assert policy_of(create_bundle(admin_client)) == (3, 5, 3)


def test_a_bundle_without_a_policy_takes_the_store_defaults(admin_client, tenant_a):
    set_defaults(admin_client, expiry_days=30, max_downloads=12, max_unique_ips=6)

    body = create_bundle(admin_client)

    assert policy_of(body) == (30, 12, 6)
    with in_schema(tenant_a):
        stored = Bundle.objects.get(id=body["id"])
    assert (stored.expiry_days, stored.max_downloads, stored.max_unique_ips) == (30, 12, 6)


def test_explicit_values_win_field_by_field(admin_client):
    set_defaults(admin_client, expiry_days=30, max_downloads=12, max_unique_ips=6)

    every = create_bundle(admin_client, expiry_days=1, max_downloads=1000, max_unique_ips=100)
    one = create_bundle(admin_client, max_downloads=2)

    assert policy_of(every) == (1, 1000, 100)
    assert policy_of(one) == (30, 2, 6)


def test_changing_the_defaults_leaves_existing_bundles_alone(admin_client, tenant_a):
    before = create_bundle(admin_client)

    set_defaults(admin_client, expiry_days=30, max_downloads=12, max_unique_ips=6)

    assert policy_of(admin_client.get(f"/api/v1/bundles/{before['id']}").json()) == (3, 5, 3)


@pytest.mark.parametrize("field", POLICY)
def test_an_explicit_null_is_refused_rather_than_read_as_the_default(admin_client, tenant_a, field):
    response = admin_client.post("/api/v1/bundles", {"name": "Pack", field: None}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {field: ["This field cannot be null."]}
    with in_schema(tenant_a):
        assert not Bundle.objects.exists()


def test_each_store_uses_its_own_defaults(admin_client, make_member, tenant_b):
    set_defaults(admin_client, expiry_days=30, max_downloads=12, max_unique_ips=6)

    other = create_bundle(make_member(tenant_b, Role.ADMIN).client())

    assert policy_of(other) == (3, 5, 3)
