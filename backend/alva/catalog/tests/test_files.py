"""Editing files: rename, move, reorder the whole bundle, delete (object gone; downloaded files kept)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alva.catalog import storage
from alva.catalog.models import BundleFile
from alva.catalog.tests.conftest import create_bundle, object_exists, stored_file, upload_file
from alva.catalog.tests.factories import BundleFactory, BundleFileFactory
from alva.core.testing import in_schema
from alva.deliveries.models import Customer, Delivery, Download, DownloadToken
from alva.ingest.models import WebhookCall


@pytest.fixture
def three_files(tenant_a):
    with in_schema(tenant_a):
        bundle = BundleFactory()
        files = [BundleFileFactory(bundle=bundle, position=n, filename=f"{name}.pdf") for n, name in enumerate("abc")]
    return bundle, files


def order_of(tenant, bundle):
    with in_schema(tenant):
        return list(BundleFile.objects.filter(bundle=bundle).order_by("position").values_list("filename", flat=True))


def record_download(tenant, file):
    with in_schema(tenant):
        bundle = file.bundle
        call = WebhookCall.objects.create(
            slug=bundle.webhook_slug, bundle=bundle, outcome=WebhookCall.Outcome.ACCEPTED, status_code=202
        )
        delivery = Delivery.objects.create(
            receipt=call, bundle=bundle, customer=Customer.objects.create(email="buyer@example.com")
        )
        token = DownloadToken.objects.create(
            delivery=delivery,
            token_hash="a" * 64,
            expires_at=timezone.now() + timedelta(days=3),
            max_downloads=5,
            max_unique_ips=3,
        )
        return Download.objects.create(token=token, file=file, ip="203.0.113.9")


def patch(client, file_id, body):
    return client.patch(f"/api/v1/files/{file_id}", body, content_type="application/json")


def test_rename_keeps_the_object_and_follows_the_new_extension(admin_client, tenant_a):
    bundle = create_bundle(admin_client)
    uploaded = upload_file(admin_client, bundle["id"], b"bytes", filename="notes.txt", content_type="text/plain")

    response = patch(admin_client, uploaded.file["id"], {"filename": "  Résumé final.pdf "})

    assert response.status_code == 200
    assert (response.json()["filename"], response.json()["category"]) == ("Résumé final.pdf", "DOCUMENT")
    file = stored_file(tenant_a, uploaded.file["id"])
    assert file.object_key == f"{tenant_a.schema_name}/files/{file.id}"
    assert object_exists(file.object_key)


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"filename": "a/b.pdf"}, {"filename": ["File names cannot contain / or \\."]}),
        ({"filename": ""}, {"filename": ["Enter a file name."]}),
        ({"filename": None}, {"filename": ["This field cannot be null."]}),
        (
            {"filename": "b.exe"},
            {
                "filename": [
                    ".exe files are programs or scripts and are refused. "
                    "An admin can allow them in Settings > Catalog (allow_script_files)."
                ]
            },
        ),
        ({"position": 3}, {"position": ["Enter a position from 0 to 2."]}),
        ({"position": -1}, {"position": ["Input should be greater than or equal to 0"]}),
    ],
)
def test_bad_edits_are_422_and_change_nothing(admin_client, tenant_a, three_files, body, errors):
    bundle, files = three_files

    response = patch(admin_client, files[0].id, body)

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == errors
    assert order_of(tenant_a, bundle) == ["a.pdf", "b.pdf", "c.pdf"]


def test_moving_a_file_shifts_the_others(admin_client, tenant_a, three_files):
    bundle, files = three_files

    to_end = patch(admin_client, files[0].id, {"position": 2})
    assert to_end.status_code == 200
    assert to_end.json()["position"] == 2
    assert order_of(tenant_a, bundle) == ["b.pdf", "c.pdf", "a.pdf"]

    patch(admin_client, files[2].id, {"position": 0})
    assert order_of(tenant_a, bundle) == ["c.pdf", "b.pdf", "a.pdf"]


def test_reorder_sets_the_whole_order(admin_client, tenant_a, three_files):
    bundle, files = three_files
    a, b, c = (str(f.id) for f in files)

    response = admin_client.put(
        f"/api/v1/bundles/{bundle.id}/files/order", {"file_ids": [c, a, b]}, content_type="application/json"
    )

    assert response.status_code == 200
    assert [f["filename"] for f in response.json()["files"]] == ["c.pdf", "a.pdf", "b.pdf"]
    assert [f["position"] for f in response.json()["files"]] == [0, 1, 2]
    assert order_of(tenant_a, bundle) == ["c.pdf", "a.pdf", "b.pdf"]


def test_reorder_must_list_exactly_the_bundles_files(admin_client, tenant_a, three_files):
    bundle, files = three_files
    a, b, c = (str(f.id) for f in files)
    with in_schema(tenant_a):
        stranger = str(BundleFileFactory().id)

    attempts = [[a, b], [a, b, c, c], [a, b, stranger], [a, b, c, stranger], []]
    responses = [
        admin_client.put(f"/api/v1/bundles/{bundle.id}/files/order", {"file_ids": ids}, content_type="application/json")
        for ids in attempts
    ]

    assert [r.status_code for r in responses] == [422] * 5
    assert responses[0].json()["error"]["fields"] == {
        "file_ids": ["List every file of this bundle exactly once (and no other file)."]
    }
    assert order_of(tenant_a, bundle) == ["a.pdf", "b.pdf", "c.pdf"]


def test_delete_removes_the_row_and_then_the_object(admin_client, tenant_a, django_capture_on_commit_callbacks):
    bundle = create_bundle(admin_client)
    kept = upload_file(admin_client, bundle["id"], b"kept")
    gone = upload_file(admin_client, bundle["id"], b"gone")
    gone_key = f"{tenant_a.schema_name}/files/{gone.file['id']}"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"/api/v1/files/{gone.file['id']}")

    assert response.status_code == 204
    assert not object_exists(gone_key)
    assert object_exists(f"{tenant_a.schema_name}/files/{kept.file['id']}")
    assert [f["id"] for f in admin_client.get(f"/api/v1/bundles/{bundle['id']}").json()["files"]] == [kept.file["id"]]
    assert admin_client.delete(f"/api/v1/files/{gone.file['id']}").status_code == 404


def test_delete_of_a_pending_multipart_file_aborts_the_upload(
    admin_client, tenant_a, settings, django_capture_on_commit_callbacks
):
    settings.CATALOG_MULTIPART_THRESHOLD_BYTES = 5 * 1024 * 1024
    bundle = create_bundle(admin_client)
    started = admin_client.post(
        f"/api/v1/bundles/{bundle['id']}/files",
        {"filename": "big.zip", "size": 6 * 1024 * 1024},
        content_type="application/json",
    ).json()
    upload_id = stored_file(tenant_a, started["file"]["id"]).multipart_upload_id

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(f"/api/v1/files/{started['file']['id']}").status_code == 204

    uploads = storage.client().list_multipart_uploads(Bucket="alva-files").get("Uploads", [])
    assert upload_id not in {u["UploadId"] for u in uploads}


def test_a_downloaded_file_cannot_be_deleted(admin_client, tenant_a, django_capture_on_commit_callbacks):
    bundle = create_bundle(admin_client)
    uploaded = upload_file(admin_client, bundle["id"], b"bytes")
    record_download(tenant_a, stored_file(tenant_a, uploaded.file["id"]))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.delete(f"/api/v1/files/{uploaded.file['id']}")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "file_has_downloads"
    assert callbacks == []
    assert object_exists(f"{tenant_a.schema_name}/files/{uploaded.file['id']}")
    assert stored_file(tenant_a, uploaded.file["id"]).filename == "guide.pdf"


def test_members_cannot_edit_files_and_nothing_changes(member_client, tenant_a, three_files):
    bundle, files = three_files
    ids = [str(f.id) for f in files]

    responses = [
        patch(member_client, files[0].id, {"filename": "renamed.pdf", "position": 2}),
        member_client.put(
            f"/api/v1/bundles/{bundle.id}/files/order", {"file_ids": ids[::-1]}, content_type="application/json"
        ),
        member_client.delete(f"/api/v1/files/{files[0].id}"),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert order_of(tenant_a, bundle) == ["a.pdf", "b.pdf", "c.pdf"]
    assert member_client.get(f"/api/v1/files/{files[0].id}").status_code == 200
