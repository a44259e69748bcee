"""From an accepted webhook to downloaded files: decisions, tokens, the download page and Klaviyo events."""

from datetime import UTC, timedelta

import httpx
import pytest
from django.utils import timezone

from alva.core.testing import in_schema, store_client
from alva.deliveries.expiry import tokens_expire
from alva.deliveries.models import Delivery, Download, DownloadToken
from alva.deliveries.tests.conftest import outbox, page_path
from alva.deliveries.tokens import token_issue
from alva.fraud.models import FraudSettings
from tests.pipeline import delivery_for


def approved(tenant, bundle, **kwargs):
    with in_schema(tenant):
        return delivery_for(bundle, **kwargs)


def test_clean_delivery_is_approved_with_a_token_and_download_ready(tenant_a, bundle_a):
    delivery = approved(tenant_a, bundle_a)

    assert delivery.status == "Approved"
    assert delivery.fraud_score == 0
    assert delivery.fraud_signals == []
    [event] = outbox(tenant_a)
    with in_schema(tenant_a):
        token = DownloadToken.objects.get(delivery=delivery)
    assert event.metric == "Alva Download Ready"
    assert event.profile["email"] == "ada@example.com"
    props = event.properties
    assert props["DownloadPageURL"].startswith("http://alpha.alva.localhost/d/")
    assert props["ProductName"] == "Film Presets"
    assert props["FileCount"] == 2
    assert props["MaxDownloads"] == 5
    assert props["ExpiresAt"] == token.expires_at.astimezone(UTC).isoformat(timespec="seconds")
    assert props["Files"] == [
        {"Name": "Field Guide.pdf", "Type": "DOCUMENT", "SizeMB": 0.0},
        {"Name": "Presets.zip", "Type": "ARCHIVE", "SizeMB": 0.0},
    ]
    assert token.token_hash not in props["DownloadPageURL"]
    assert (token.expires_at - timezone.now()).days in {2, 3}


def test_disposable_address_waits_for_review_and_approval_fires_ready(tenant_a, bundle_a, owner_a):
    delivery = approved(tenant_a, bundle_a, email="someone@mailinator.com")

    assert delivery.status == "Pending Review"
    assert outbox(tenant_a) == []
    response = owner_a.client().post(f"/api/v1/deliveries/{delivery.id}/approve")

    assert response.status_code == 200
    assert response.json()["status"] == "Approved"
    assert [e.metric for e in outbox(tenant_a)] == ["Alva Download Ready"]
    assert any(s["signal"] == "disposable_domain" for s in response.json()["fraud_signals"])


def test_block_listed_address_is_blocked_and_klaviyo_is_told(tenant_a, bundle_a):
    with in_schema(tenant_a):
        FraudSettings.objects.update_or_create(singleton=True, defaults={"block_list": ["fraud.example"]})

    delivery = approved(tenant_a, bundle_a, email="x@fraud.example")

    assert delivery.status == "Blocked"
    [event] = outbox(tenant_a)
    assert event.metric == "Alva Delivery Blocked"
    assert event.properties["ProductName"] == "Film Presets"
    assert event.properties["FraudScore"] == delivery.fraud_score
    assert (
        event.properties["Reason"]
        == "The domain fraud.example is on the store's block list. Deliveries to it are always blocked."
    )


def test_page_lists_files_and_viewing_consumes_nothing(tenant_a, bundle_a):
    delivery = approved(tenant_a, bundle_a)
    client = store_client(tenant_a)

    html = client.get(page_path(tenant_a, delivery))
    data = client.get(page_path(tenant_a, delivery), HTTP_ACCEPT="application/json")

    assert html.status_code == 200
    assert "text/html" in html["Content-Type"]
    assert "Field Guide.pdf" in html.content.decode()
    assert "5 downloads left" in html.content.decode()
    body = data.json()
    assert body["product_name"] == "Film Presets"
    assert body["downloads_remaining"] == 5
    assert [(f["name"], f["type"], f["size"]) for f in body["files"]] == [
        ("Field Guide.pdf", "DOCUMENT", 20),
        ("Presets.zip", "ARCHIVE", 12),
    ]
    with in_schema(tenant_a):
        assert DownloadToken.objects.get(delivery=delivery).downloads_used == 0


def test_download_counts_redirects_to_a_60s_url_and_fires_events(tenant_a, bundle_a):
    delivery = approved(tenant_a, bundle_a)
    client = store_client(tenant_a)
    path = page_path(tenant_a, delivery)
    files = client.get(path, HTTP_ACCEPT="application/json").json()["files"]

    first = client.post(f"{path}/files/{files[0]['id']}", REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="Firefox")
    fetched = httpx.get(first["Location"])
    second = client.post(f"{path}/files/{files[1]['id']}", REMOTE_ADDR="203.0.113.5")

    assert first.status_code == 303
    assert "X-Amz-Expires=60" in first["Location"]
    assert fetched.content == b"%PDF-1.4 field guide"
    assert fetched.headers["content-disposition"].startswith("attachment;")
    assert second.status_code == 303
    metrics = [e.metric for e in outbox(tenant_a)]
    assert metrics == [
        "Alva Download Ready",
        "Alva Download Completed",
        "Alva Download Completed",
        "Alva All Files Downloaded",
    ]
    completed = outbox(tenant_a, "Alva Download Completed")
    assert [e.properties["RemainingDownloads"] for e in completed] == [4, 3]
    assert completed[0].properties | {} == {
        "FileName": "Field Guide.pdf", "FileType": "DOCUMENT", "FileSizeMB": 0.0, "RemainingDownloads": 4,
    }  # fmt: skip
    [all_files] = outbox(tenant_a, "Alva All Files Downloaded")
    assert all_files.properties["TotalFiles"] == 2
    assert all_files.properties["CompletionTimeMinutes"] >= 0
    with in_schema(tenant_a):
        delivery.refresh_from_db()
        assert delivery.status == "Downloaded"
        assert list(Download.objects.values_list("ip", "user_agent").order_by("created_at")) == [
            ("203.0.113.5", "Firefox"),
            ("203.0.113.5", ""),
        ]


def test_all_files_downloaded_fires_once(tenant_a, bundle_a):
    delivery = approved(tenant_a, bundle_a)
    client = store_client(tenant_a)
    path = page_path(tenant_a, delivery)
    files = client.get(path, HTTP_ACCEPT="application/json").json()["files"]

    for file in files + files:
        assert client.post(f"{path}/files/{file['id']}").status_code == 303

    assert len(outbox(tenant_a, "Alva All Files Downloaded")) == 1
    with in_schema(tenant_a):
        token = DownloadToken.objects.get(delivery=delivery)
    assert (token.downloads_used, sorted(map(str, token.files_downloaded))) == (4, sorted(f["id"] for f in files))


def test_a_new_token_downloading_everything_again_fires_no_second_all_files_event(tenant_a, bundle_a):
    delivery = approved(tenant_a, bundle_a)
    client = store_client(tenant_a)
    for path in (page_path(tenant_a, delivery), None):
        if path is None:  # a resend: a new token for the same delivery
            with in_schema(tenant_a):
                _, raw = token_issue(delivery=Delivery.objects.get(id=delivery.id))
            path = f"/d/{raw}"
        for file in client.get(path, HTTP_ACCEPT="application/json").json()["files"]:
            assert client.post(f"{path}/files/{file['id']}").status_code == 303

    assert len(outbox(tenant_a, "Alva All Files Downloaded")) == 1
    with in_schema(tenant_a):
        assert Delivery.objects.get(id=delivery.id).status == "Downloaded"


def test_exhausted_token_is_refused_with_403(tenant_a, bundle_a):
    with in_schema(tenant_a):
        bundle_a.max_downloads = 1
        bundle_a.save()
    delivery = approved(tenant_a, bundle_a)
    client = store_client(tenant_a)
    path = page_path(tenant_a, delivery)
    file_id = client.get(path, HTTP_ACCEPT="application/json").json()["files"][0]["id"]

    assert client.post(f"{path}/files/{file_id}").status_code == 303
    refused = client.post(f"{path}/files/{file_id}")

    assert refused.status_code == 403
    assert "No downloads left" in refused.content.decode()
    assert client.get(path).status_code == 403


def test_too_many_networks_is_refused(tenant_a, bundle_a):
    with in_schema(tenant_a):
        bundle_a.max_unique_ips = 1
        bundle_a.save()
    delivery = approved(tenant_a, bundle_a)
    client = store_client(tenant_a)
    path = page_path(tenant_a, delivery)
    file_id = client.get(path, HTTP_ACCEPT="application/json").json()["files"][0]["id"]

    home = client.post(f"{path}/files/{file_id}", REMOTE_ADDR="198.51.100.1")
    again = client.post(f"{path}/files/{file_id}", REMOTE_ADDR="198.51.100.1")
    elsewhere = client.post(f"{path}/files/{file_id}", REMOTE_ADDR="198.51.100.2")

    assert (home.status_code, again.status_code, elsewhere.status_code) == (303, 303, 403)
    assert "Too many devices" in elsewhere.content.decode()


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, 410, "This link has expired"),
        ({"revoked_at": timezone.now()}, 403, "This link was withdrawn"),
    ],
    ids=["expired", "revoked"],
)
def test_dead_links_explain_themselves(tenant_a, bundle_a, change, status, text):
    delivery = approved(tenant_a, bundle_a)
    with in_schema(tenant_a):
        DownloadToken.objects.filter(delivery=delivery).update(**change)

    response = store_client(tenant_a).get(page_path(tenant_a, delivery))

    assert response.status_code == status
    assert text in response.content.decode()
    assert "text/html" in response["Content-Type"]


def test_unknown_token_is_404_page_and_json(tenant_a):
    client = store_client(tenant_a)

    html = client.get("/d/not-a-real-token")
    data = client.get("/d/not-a-real-token", HTTP_ACCEPT="application/json")

    assert html.status_code == 404
    assert "This link does not work" in html.content.decode()
    assert data.status_code == 404
    assert data.json()["error"]["code"] == "not_found"


def test_token_of_store_a_is_unknown_on_store_b(tenant_a, tenant_b, bundle_a):
    delivery = approved(tenant_a, bundle_a)

    response = store_client(tenant_b).get(page_path(tenant_a, delivery))

    assert response.status_code == 404


def test_expiry_job_fires_token_expired_once_and_marks_unused_deliveries(tenant_a, bundle_a):
    delivery = approved(tenant_a, bundle_a)
    with in_schema(tenant_a):
        DownloadToken.objects.filter(delivery=delivery).update(expires_at=timezone.now() - timedelta(minutes=1))

        assert tokens_expire() == 1
        assert tokens_expire() == 0
        delivery.refresh_from_db()

    assert delivery.status == "Expired"
    [expired] = outbox(tenant_a, "Alva Token Expired")
    assert expired.properties == {"ProductName": "Film Presets", "WasPartiallyDownloaded": False, "FilesDownloaded": 0}


def test_download_page_is_rate_limited_per_ip(tenant_a, settings):
    settings.DOWNLOAD_PAGE_RATE_LIMIT_PER_MINUTE = 2
    client = store_client(tenant_a)

    statuses = [client.get("/d/whatever").status_code for _ in range(3)]

    assert statuses == [404, 404, 429]


def test_delivery_ids_are_uuids_not_counters(tenant_a, bundle_a):
    first = approved(tenant_a, bundle_a)
    second = approved(tenant_a, bundle_a, email="grace@example.com")

    assert len(str(first.id)) == 36
    with in_schema(tenant_a):
        assert Delivery.objects.filter(id__in=[first.id, second.id]).count() == 2


def test_over_the_plan_quota_deliveries_wait_and_an_upgrade_releases_them(tenant_a, bundle_a):
    from alva.billing.models import Plan, Subscription, UsageCounter
    from alva.billing.services import delivery_quota_consume
    from alva.deliveries.services import deliveries_release_plan_holds

    free = Plan.objects.get(code="free")
    for _ in range(free.monthly_deliveries):
        assert delivery_quota_consume(tenant_id=tenant_a.id, is_test=False)

    held = approved(tenant_a, bundle_a, email="late@example.com")

    assert held.status == "Pending Review"
    assert held.fraud_signals[-1]["signal"] == "plan_limit_reached"
    assert outbox(tenant_a) == []
    Subscription.objects.update_or_create(tenant=tenant_a, defaults={"plan": Plan.objects.get(code="starter")})
    UsageCounter.objects.filter(tenant=tenant_a).update(deliveries=free.monthly_deliveries)
    with in_schema(tenant_a):
        assert deliveries_release_plan_holds(reason="plan_upgraded") == 1
        held.refresh_from_db()
    assert held.status == "Approved"
    assert all(s["signal"] != "plan_limit_reached" for s in held.fraud_signals)
    assert [e.metric for e in outbox(tenant_a)] == ["Alva Download Ready"]


def test_approving_a_held_delivery_needs_quota(tenant_a, bundle_a, owner_a):
    from alva.billing.models import Plan
    from alva.billing.services import delivery_quota_consume

    for _ in range(Plan.objects.get(code="free").monthly_deliveries):
        delivery_quota_consume(tenant_id=tenant_a.id, is_test=False)
    held = approved(tenant_a, bundle_a, email="late@example.com")

    response = owner_a.client().post(f"/api/v1/deliveries/{held.id}/approve")

    assert response.status_code == 402
    assert response.json()["error"]["code"] == "plan_limit_reached"
    with in_schema(tenant_a):
        held.refresh_from_db()
    assert held.status == "Pending Review"


def test_page_lets_the_browser_send_a_same_origin_referer(tenant_a, bundle_a):
    # With no-referrer, browsers send "Origin: null" on the download form and Django's CSRF check refuses it.
    delivery = approved(tenant_a, bundle_a)

    html = store_client(tenant_a).get(page_path(tenant_a, delivery)).content.decode()

    assert '<meta name="referrer" content="same-origin">' in html


def test_download_form_post_passes_csrf_like_a_browser(tenant_a, bundle_a):
    delivery = approved(tenant_a, bundle_a)
    client = store_client(tenant_a, enforce_csrf_checks=True)
    path = page_path(tenant_a, delivery)
    page = client.get(path)
    file_id = client.get(path, HTTP_ACCEPT="application/json").json()["files"][0]["id"]
    token = page.cookies["csrftoken"].value

    response = client.post(
        f"{path}/files/{file_id}",
        {"csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://alpha.alva.localhost",
        HTTP_REFERER=f"http://alpha.alva.localhost{path}",
    )

    assert response.status_code == 303


def test_the_migration_fills_files_downloaded_for_tokens_issued_before_it(tenant_a, bundle_a):
    import importlib

    from django.db import connection

    migration = importlib.import_module("alva.deliveries.migrations.0003_downloadtoken_files_downloaded").Migration
    backfill = migration.operations[1].sql
    delivery = approved(tenant_a, bundle_a)
    client = store_client(tenant_a)
    path = page_path(tenant_a, delivery)
    first_file = client.get(path, HTTP_ACCEPT="application/json").json()["files"][0]["id"]
    for _ in range(2):
        assert client.post(f"{path}/files/{first_file}").status_code == 303
    other = approved(tenant_a, bundle_a, email="grace@example.com")  # no downloads: left alone
    with in_schema(tenant_a):
        DownloadToken.objects.update(files_downloaded=[])  # as before the column existed
        with connection.cursor() as cursor:
            cursor.execute(backfill)
        filled = {t.delivery_id: [str(f) for f in t.files_downloaded] for t in DownloadToken.objects.all()}

    assert filled == {delivery.id: [first_file], other.id: []}
