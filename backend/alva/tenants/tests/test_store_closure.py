"""Closing a store: the owner confirms, the store stops answering, its links and files go, its schema later."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from alva.accounts.models import ApiKey, Role
from alva.billing.models import Plan, Subscription
from alva.catalog import storage
from alva.core.testing import in_schema, make_store, store_client
from alva.deliveries.models import DownloadToken
from alva.store.models import StoreSettings
from alva.tenants import services, tasks
from alva.tenants.models import Tenant
from tests.pipeline import delivery_for, ready_bundle


def close(member, confirm=None):
    return member.client().post(
        "/api/v1/store/close",
        {"confirm_subdomain": confirm or member.tenant.subdomain},
        content_type="application/json",
    )


def test_only_owners_close_and_they_must_type_the_subdomain(make_member, tenant_a, owner_a):
    admin = make_member(tenant_a, Role.ADMIN)

    by_admin = close(admin)
    unconfirmed = close(owner_a, confirm="something-else")

    assert by_admin.status_code == 403
    assert unconfirmed.status_code == 422
    assert unconfirmed.json()["error"]["fields"] == {"confirm_subdomain": ["Type the store's subdomain to confirm."]}
    assert Tenant.objects.get(id=tenant_a.id).status == Tenant.Status.ACTIVE


def test_a_closed_store_stops_answering_and_its_keys_die(owner_a, django_capture_on_commit_callbacks):
    key = owner_a.client().post("/api/v1/api-keys", {"name": "ci"}, content_type="application/json").json()

    with django_capture_on_commit_callbacks(execute=True):
        response = close(owner_a)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "closed"
    assert body["data_deleted_after"] > body["closed_at"]
    after = store_client(owner_a.tenant).get("/api/v1/auth/csrf")
    assert after.status_code == 410
    assert after.json()["error"]["code"] == "store_closed"
    assert ApiKey.objects.get(id=key["id"]).revoked_at is not None


def test_cleanup_revokes_every_link_and_deletes_every_file_and_the_logo(tenant_a, django_capture_on_commit_callbacks):
    logo_key = f"{tenant_a.schema_name}/branding/logo-test"
    storage.client().put_object(Bucket=settings.S3_BUCKET, Key=logo_key, Body=b"\x89PNG", ContentType="image/png")
    with in_schema(tenant_a):
        StoreSettings.objects.update_or_create(singleton=True, defaults={"logo_key": logo_key})
        bundle = ready_bundle(tenant_a.schema_name)
        delivery_for(bundle)
        keys = list(bundle.files.values_list("object_key", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            tasks.store_close_cleanup.fn()

        assert DownloadToken.objects.filter(revoked_at__isnull=True).count() == 0
    for key in [*keys, logo_key]:
        assert storage.object_size(key) is None


def test_schemas_are_dropped_after_the_grace_period_and_billing_stays(db):
    closed_long_ago = make_store("old-shop")
    closed_recently = make_store("new-shop")
    Subscription.objects.create(tenant=closed_long_ago, plan=Plan.objects.get(code="starter"))
    Tenant.objects.filter(id=closed_long_ago.id).update(
        status=Tenant.Status.CLOSED, closed_at=timezone.now() - timedelta(days=31)
    )
    Tenant.objects.filter(id=closed_recently.id).update(
        status=Tenant.Status.CLOSED, closed_at=timezone.now() - timedelta(days=29)
    )

    assert services.schemas_drop_closed() == 1
    assert services.schemas_drop_closed() == 0

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname IN (%s, %s)",
            [closed_long_ago.schema_name, closed_recently.schema_name],
        )
        assert [row[0] for row in cursor.fetchall()] == [closed_recently.schema_name]
    assert Tenant.objects.get(id=closed_long_ago.id).schema_dropped_at is not None
    assert Subscription.objects.filter(tenant=closed_long_ago).exists()
