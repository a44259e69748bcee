"""Delivery defaults: the policy a bundle gets when it is created without one; who may read and change them."""

import pytest
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, transaction

from alva.accounts.models import Role
from alva.catalog.models import Bundle
from alva.core.testing import in_schema
from alva.store.models import DELIVERY_DEFAULT_RANGES, AuditEntry, StoreSettings

URL = "/api/v1/settings/delivery-defaults"
DEFAULTS = {"expiry_days": 14, "max_downloads": 10, "max_unique_ips": 4}


def put(client, body):
    return client.put(URL, body, content_type="application/json")


def test_members_read_the_product_defaults(tenant_a, make_member):
    response = make_member(tenant_a, Role.MEMBER).client().get(URL)

    assert response.status_code == 200
    assert response.json() == {"expiry_days": 3, "max_downloads": 5, "max_unique_ips": 3}
    with in_schema(tenant_a):
        assert not StoreSettings.objects.exists()  # reading writes nothing


def test_admins_change_the_defaults_and_the_change_is_audited(tenant_a, make_member):
    admin = make_member(tenant_a, Role.ADMIN)
    client = admin.client()

    response = put(client, DEFAULTS)
    same_again = put(client, DEFAULTS)

    assert response.status_code == same_again.status_code == 200
    assert response.json() == same_again.json() == DEFAULTS
    assert client.get(URL).json() == DEFAULTS
    with in_schema(tenant_a):
        row = StoreSettings.objects.get()
        [audit] = AuditEntry.objects.filter(action="delivery_defaults.update")
    assert (row.default_expiry_days, row.default_max_downloads, row.default_max_unique_ips) == (14, 10, 4)
    assert audit.actor == admin.user.email
    assert audit.detail == {
        "changes": {
            "expiry_days": {"from": 3, "to": 14},
            "max_downloads": {"from": 5, "to": 10},
            "max_unique_ips": {"from": 3, "to": 4},
        }
    }


def test_changing_the_defaults_keeps_the_other_settings(owner_a, tenant_a):
    client = owner_a.client()
    client.put(
        "/api/v1/settings/store",
        {"retention_days": 30, "support_email": "help@shop.example.com", "brand_color": "#112233"},
        content_type="application/json",
    )

    put(client, DEFAULTS)

    store = client.get("/api/v1/settings/store").json()
    assert (store["retention_days"], store["support_email"], store["brand_color"]) == (
        30,
        "help@shop.example.com",
        "#112233",
    )


def test_members_cannot_change_the_defaults(tenant_a, make_member):
    response = put(make_member(tenant_a, Role.MEMBER).client(), DEFAULTS)

    assert response.status_code == 403
    with in_schema(tenant_a):
        assert not StoreSettings.objects.exists()
        assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"expiry_days": 0}, "expiry_days", "Input should be greater than or equal to 1"),
        ({"expiry_days": 366}, "expiry_days", "Input should be less than or equal to 365"),
        ({"max_downloads": 0}, "max_downloads", "Input should be greater than or equal to 1"),
        ({"max_downloads": 1001}, "max_downloads", "Input should be less than or equal to 1000"),
        ({"max_unique_ips": 0}, "max_unique_ips", "Input should be greater than or equal to 1"),
        ({"max_unique_ips": 101}, "max_unique_ips", "Input should be less than or equal to 100"),
        ({"expiry_days": 2.5}, "expiry_days", "Input should be a valid integer"),
        ({"expiry_days": "3"}, "expiry_days", "Input should be a valid integer"),
        ({"expiry_days": None}, "expiry_days", "Input should be a valid integer"),
    ],
)
def test_out_of_range_defaults_are_422_on_their_field_and_change_nothing(tenant_a, owner_a, change, field, message):
    response = put(owner_a.client(), {**DEFAULTS, **change})

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert response.json()["error"]["fields"] == {field: [message]}
    with in_schema(tenant_a):
        assert not StoreSettings.objects.exists()


def test_a_missing_field_is_422(owner_a):
    response = put(owner_a.client(), {"expiry_days": 3, "max_downloads": 5})

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"max_unique_ips": ["This field is required."]}


@pytest.mark.parametrize(
    "bounds",
    [
        {"expiry_days": 1, "max_downloads": 1, "max_unique_ips": 1},
        {"expiry_days": 365, "max_downloads": 1000, "max_unique_ips": 100},
    ],
)
def test_the_bounds_are_accepted(owner_a, bounds):
    response = put(owner_a.client(), bounds)

    assert response.status_code == 200
    assert response.json() == bounds


@pytest.mark.parametrize(
    "fields",
    [{"default_expiry_days": 0}, {"default_max_downloads": 1001}, {"default_max_unique_ips": 101}],
)
def test_the_database_refuses_what_the_api_refuses(tenant_a, fields):
    with in_schema(tenant_a), pytest.raises(IntegrityError), transaction.atomic():
        StoreSettings.objects.create(**fields)


@pytest.mark.parametrize("name", sorted(DELIVERY_DEFAULT_RANGES))
def test_the_ranges_and_defaults_are_the_bundles_own(name):
    field = Bundle._meta.get_field(name)
    bounds = {type(v): v.limit_value for v in field.validators if isinstance(v, MinValueValidator | MaxValueValidator)}
    policy = DELIVERY_DEFAULT_RANGES[name]

    assert (policy.min, policy.max) == (bounds[MinValueValidator], bounds[MaxValueValidator])
    assert policy.default == field.get_default()
