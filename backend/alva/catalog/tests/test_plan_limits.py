"""The plan's limits on the catalog: active bundles and stored bytes (Free: 3 bundles, 1 GB)."""

from alva.billing.models import StorageUsage

from .conftest import create_bundle, start_upload

GB = 1024**3


def test_a_fourth_active_bundle_needs_a_bigger_plan(admin_client):
    for n in range(3):
        create_bundle(admin_client, name=f"Pack {n}")

    refused = admin_client.post("/api/v1/bundles", {"name": "Pack 4"}, content_type="application/json")
    inactive = admin_client.post("/api/v1/bundles", {"name": "Draft", "active": False}, content_type="application/json")
    reactivate = admin_client.patch(
        f"/api/v1/bundles/{inactive.json()['id']}", {"active": True}, content_type="application/json"
    )

    assert refused.status_code == 402
    assert refused.json()["error"]["code"] == "bundle_limit_reached"
    assert inactive.status_code == 201
    assert reactivate.status_code == 402


def test_uploads_past_the_storage_quota_are_refused(admin_client, tenant_a):
    bundle = create_bundle(admin_client)

    too_big = start_upload(admin_client, bundle["id"], filename="huge.zip", size=GB + 1)
    fits = start_upload(admin_client, bundle["id"], filename="ok.zip", size=GB // 2)

    assert too_big.status_code == 402
    assert too_big.json()["error"]["code"] == "storage_quota_exceeded"
    assert fits.status_code == 201
    # Only completed uploads count: starting one reserves nothing.
    assert StorageUsage.objects.filter(tenant=tenant_a, bytes__gt=0).exists() is False
