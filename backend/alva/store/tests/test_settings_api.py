"""The store settings endpoint: retention period and download page branding, who may read and change them."""

import pytest
from django.db import IntegrityError, transaction

from alva.accounts.models import Role
from alva.core.testing import in_schema, store_client
from alva.deliveries.tests.conftest import page_path
from alva.store.models import AuditEntry, StoreSettings
from tests.pipeline import delivery_for, ready_bundle

SETTINGS = {"retention_days": 30, "support_email": "help@shop.example.com", "brand_color": "#A1B2C3"}


def test_members_read_the_defaults(tenant_a, make_member):
    response = make_member(tenant_a, Role.MEMBER).client().get("/api/v1/settings/store")

    assert response.status_code == 200
    assert response.json() == {
        "retention_days": 90,
        "support_email": "",
        "brand_color": "#4f46e5",
        "logo_url": None,
        "updated_at": None,
    }


def test_admins_change_the_settings_and_the_change_is_audited(tenant_a, make_member):
    admin = make_member(tenant_a, Role.ADMIN)
    client = admin.client()

    response = client.put("/api/v1/settings/store", SETTINGS, content_type="application/json")
    same_again = client.put("/api/v1/settings/store", SETTINGS, content_type="application/json")

    body = response.json()
    assert response.status_code == same_again.status_code == 200
    assert {k: body[k] for k in SETTINGS} == {**SETTINGS, "brand_color": "#a1b2c3"}
    assert client.get("/api/v1/settings/store").json() == same_again.json()
    with in_schema(tenant_a):
        row = StoreSettings.objects.get()
        [audit] = AuditEntry.objects.filter(action="store_settings.update")
    assert (row.retention_days, row.support_email, row.brand_color) == (30, "help@shop.example.com", "#a1b2c3")
    assert audit.actor == admin.user.email
    assert audit.detail["changes"]["retention_days"] == {"from": 90, "to": 30}


def test_members_cannot_change_the_settings(tenant_a, make_member):
    response = (
        make_member(tenant_a, Role.MEMBER)
        .client()
        .put("/api/v1/settings/store", SETTINGS, content_type="application/json")
    )

    assert response.status_code == 403
    with in_schema(tenant_a):
        assert not StoreSettings.objects.filter(retention_days=30).exists()
        assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"retention_days": 6}, "retention_days"),
        ({"retention_days": 731}, "retention_days"),
        ({"retention_days": 30.5}, "retention_days"),
        ({"retention_days": "30"}, "retention_days"),
        ({"brand_color": "red"}, "brand_color"),
        ({"brand_color": "#12345"}, "brand_color"),
        ({"support_email": "not an email"}, "support_email"),
    ],
)
def test_invalid_settings_are_422_and_change_nothing(tenant_a, owner_a, change, field):
    response = owner_a.client().put("/api/v1/settings/store", {**SETTINGS, **change}, content_type="application/json")

    assert response.status_code == 422
    assert [f.split(".")[-1] for f in response.json()["error"]["fields"]] == [field]
    with in_schema(tenant_a):
        assert not StoreSettings.objects.filter(retention_days=30).exists()


@pytest.mark.parametrize("days", [7, 730])
def test_the_bounds_are_accepted(owner_a, days):
    response = owner_a.client().put(
        "/api/v1/settings/store", {**SETTINGS, "retention_days": days}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["retention_days"] == days


def test_the_download_page_uses_the_branding(tenant_a, owner_a):
    with in_schema(tenant_a):
        delivery = delivery_for(ready_bundle(tenant_a.schema_name))
    owner_a.client().put("/api/v1/settings/store", SETTINGS, content_type="application/json")

    page = store_client(tenant_a).get(page_path(tenant_a, delivery))

    assert page.status_code == 200
    assert b"#a1b2c3" in page.content
    assert b"help@shop.example.com" in page.content


@pytest.mark.parametrize("fields", [{"retention_days": 6}, {"retention_days": 731}, {"brand_color": "#ABCDEF"}])
def test_the_database_refuses_what_the_api_refuses(tenant_a, fields):
    with in_schema(tenant_a), pytest.raises(IntegrityError), transaction.atomic():
        StoreSettings.objects.create(**fields)
