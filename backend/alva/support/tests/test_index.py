"""The cross-tenant delivery index: kept by the real pipeline, searched by email hash or id, holding no email."""

import hashlib
import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from alva.core.testing import in_schema, store_client
from alva.deliveries.expiry import tokens_expire
from alva.deliveries.models import DownloadToken
from alva.deliveries.services import delivery_approve, delivery_block
from alva.klaviyo.models import OutboxEvent
from alva.support.index import delivery_index_upsert, email_index_hash
from alva.support.models import DeliveryIndex
from tests.pipeline import delivery_for

DELIVERIES = "/api/support/v1/deliveries"
SHOPPER = "Shopper.Jones@Example.com"


def indexed(delivery_id):
    return DeliveryIndex.objects.get(delivery_id=delivery_id)


def deliver(tenant, bundle, **kwargs):
    with in_schema(tenant):
        return delivery_for(bundle, **kwargs)


def test_the_pipeline_indexes_a_new_delivery_in_its_transaction(tenant_a, bundle_a):
    delivery = deliver(tenant_a, bundle_a, email=SHOPPER, decide=False)

    row = indexed(delivery.id)
    assert (row.tenant_id, row.status, row.bundle_name, row.is_test) == (
        tenant_a.id,
        "Processing",
        "Film Presets",
        False,
    )
    assert row.created_at == delivery.created_at
    assert row.email_hash == email_index_hash("shopper.jones@example.com")


def test_the_index_follows_every_status_change(tenant_a, bundle_a):
    delivery = deliver(tenant_a, bundle_a, email="someone@mailinator.com")  # disposable: held for review
    assert indexed(delivery.id).status == "Pending Review"

    with in_schema(tenant_a):
        delivery_approve(delivery_id=delivery.id, actor="owner@alpha.example.com")
    assert indexed(delivery.id).status == "Approved"

    with in_schema(tenant_a):
        delivery_block(delivery_id=delivery.id, actor="owner@alpha.example.com")
    assert indexed(delivery.id).status == "Blocked"


def test_a_download_and_an_expiry_reach_the_index(tenant_a, bundle_a):
    downloaded = deliver(tenant_a, bundle_a, email="one@example.com")
    expired = deliver(tenant_a, bundle_a, email="two@example.com")
    with in_schema(tenant_a):
        url = OutboxEvent.objects.get(delivery_id=downloaded.id, metric="Alva Download Ready").properties[
            "DownloadPageURL"
        ]
        file_id = bundle_a.files.order_by("position").first().id
        DownloadToken.objects.filter(delivery_id=expired.id).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = store_client(tenant_a).post(f"{url[url.index('/d/') :]}/files/{file_id}")
    assert response.status_code == 303
    with in_schema(tenant_a):
        assert tokens_expire() == 1

    assert indexed(downloaded.id).status == "Downloaded"
    assert indexed(expired.id).status == "Expired"


def test_email_search_finds_deliveries_across_stores(staff_client, tenant_a, tenant_b, bundle_a, bundle_b):
    in_a = deliver(tenant_a, bundle_a, email=SHOPPER)
    in_b = deliver(tenant_b, bundle_b, email=SHOPPER.lower())
    deliver(tenant_b, bundle_b, email="someone.else@example.com")

    response = staff_client.get(DELIVERIES, {"email": "  SHOPPER.JONES@example.COM "})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [(i["delivery_id"], i["tenant"]["subdomain"], i["bundle_name"]) for i in body["items"]] == [
        (str(in_b.id), "beta", "Lightroom Course"),
        (str(in_a.id), "alpha", "Film Presets"),
    ]
    assert body["items"][0] == {
        "delivery_id": str(in_b.id),
        "tenant": {"id": tenant_b.id, "name": "Beta", "subdomain": "beta", "status": "active"},
        "bundle_name": "Lightroom Course",
        "status": "Approved",
        "is_test": False,
        "created_at": body["items"][0]["created_at"],
    }


def test_search_narrows_by_store_and_status_and_pages(staff_client, tenant_a, tenant_b, bundle_a, bundle_b):
    for _ in range(3):
        deliver(tenant_a, bundle_a, email=SHOPPER)
    deliver(tenant_b, bundle_b, email=SHOPPER)

    only_b = staff_client.get(DELIVERIES, {"email": SHOPPER, "tenant_id": tenant_b.id}).json()
    page_2 = staff_client.get(DELIVERIES, {"email": SHOPPER, "page_size": 3, "page": 2}).json()
    blocked = staff_client.get(DELIVERIES, {"email": SHOPPER, "status": "Blocked"}).json()

    assert [i["tenant"]["subdomain"] for i in only_b["items"]] == ["beta"]
    assert (page_2["count"], len(page_2["items"])) == (4, 1)
    assert blocked == {"items": [], "count": 0}


def test_search_by_delivery_id(staff_client, tenant_b, bundle_b):
    delivery = deliver(tenant_b, bundle_b, email=SHOPPER)

    found = staff_client.get(DELIVERIES, {"delivery_id": str(delivery.id)}).json()
    missing = staff_client.get(DELIVERIES, {"delivery_id": str(uuid.uuid4())}).json()

    assert [(i["delivery_id"], i["tenant"]["subdomain"]) for i in found["items"]] == [(str(delivery.id), "beta")]
    assert missing == {"items": [], "count": 0}


@pytest.mark.parametrize("params", [{}, {"email": "   "}, {"delivery_id": "not-a-uuid"}])
def test_search_needs_an_email_or_an_id(staff_client, params):
    response = staff_client.get(DELIVERIES, params)

    assert response.status_code == 422


def test_no_public_table_holds_the_customers_email(tenant_a, tenant_b, bundle_a, bundle_b, staff_client):
    deliver(tenant_a, bundle_a, email=SHOPPER)
    deliver(tenant_b, bundle_b, email=SHOPPER)
    staff_client.get(DELIVERIES, {"email": SHOPPER})

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = [name for (name,) in cursor.fetchall()]
        holding = []
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM public."{table}" row WHERE row::text ILIKE %s', [f"%{SHOPPER}%"])  # noqa: S608
            if cursor.fetchone()[0]:
                holding.append(table)

    assert "support_deliveryindex" in tables
    assert holding == []
    # The hash is keyed: a plain hash of the address (what someone with a copy of the table would try) does not match.
    assert not DeliveryIndex.objects.filter(
        email_hash__in=[hashlib.sha256(e.encode()).hexdigest() for e in (SHOPPER, SHOPPER.lower())]
    ).exists()
    with in_schema(tenant_a):  # the store's own schema does hold it, as it should
        from alva.deliveries.models import Customer

        assert Customer.objects.filter(email=SHOPPER.lower()).exists()


def test_the_key_can_be_a_dedicated_setting(settings):
    settings.SUPPORT_INDEX_EMAIL_KEY = ""
    from_secret_key = email_index_hash(SHOPPER)
    settings.SUPPORT_INDEX_EMAIL_KEY = "a-dedicated-key-for-the-index"

    assert email_index_hash(SHOPPER) != from_secret_key
    assert email_index_hash(SHOPPER) == email_index_hash(f" {SHOPPER.upper()} ")


def test_a_store_cannot_overwrite_another_stores_row(tenant_a, tenant_b, bundle_a):
    delivery = deliver(tenant_a, bundle_a, email=SHOPPER)
    with in_schema(tenant_a):
        assert delivery.customer.email == SHOPPER.lower()  # loaded here: store B's schema has neither
        assert delivery.bundle.name == "Film Presets"
    delivery.status = "Revoked"

    with in_schema(tenant_b):
        delivery_index_upsert(delivery=delivery)

    row = indexed(delivery.id)
    assert (row.tenant_id, row.status) == (tenant_a.id, "Approved")


def test_indexing_outside_a_store_fails_closed(tenant_a, bundle_a):
    delivery = deliver(tenant_a, bundle_a)

    with pytest.raises(RuntimeError, match="inside a store"):
        delivery_index_upsert(delivery=delivery)


def test_redacted_customers_are_indexed_without_a_hash(tenant_a, bundle_a):
    delivery = deliver(tenant_a, bundle_a, email=SHOPPER)
    with in_schema(tenant_a):
        delivery.customer.redacted_at = timezone.now()
        delivery_index_upsert(delivery=delivery)

    assert indexed(delivery.id).email_hash == ""


def test_rebuild_restores_the_index_from_the_stores(tenant_a, tenant_b, bundle_a, bundle_b):
    in_a = deliver(tenant_a, bundle_a, email=SHOPPER)
    in_b = deliver(tenant_b, bundle_b, email="other@example.com", decide=False)
    DeliveryIndex.objects.all().delete()

    out = io.StringIO()
    call_command("support_index_rebuild", stdout=out)

    assert indexed(in_a.id).status == "Approved"
    assert (indexed(in_b.id).tenant_id, indexed(in_b.id).status) == (tenant_b.id, "Processing")
    assert indexed(in_a.id).email_hash == email_index_hash(SHOPPER)
    assert "alpha: 1 deliveries indexed" in out.getvalue()
