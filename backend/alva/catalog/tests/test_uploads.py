"""Uploads browser -> S3 against the throwaway moto server: single PUT, multipart, verification, SHA-256, refusals."""

import hashlib
import json
import os
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from alva.catalog import services, storage, tasks
from alva.catalog.models import BundleFile, CatalogSettings
from alva.catalog.tests.conftest import complete, create_bundle, object_exists, start_upload, stored_file, upload_file
from alva.core.redis import get_redis
from alva.core.testing import in_schema

MiB = 1024 * 1024


def queued(actor_name):
    messages = [json.loads(raw) for raw in get_redis().hvals("dramatiq:ingest.msgs")]
    return [m for m in messages if m["actor_name"] == actor_name]


def files_in(tenant):
    with in_schema(tenant):
        return list(BundleFile.objects.values_list("filename", "state"))


def hash_in_worker(tenant, file_id):
    """What the `ingest` worker does with the queued message (the actor's own function, in the store's schema)."""
    with in_schema(tenant):
        tasks.file_sha256_compute.fn(str(file_id))


@pytest.fixture
def bundle(admin_client):
    return create_bundle(admin_client)


@pytest.fixture
def small_multipart(settings):
    """Multipart above 5 MiB with 5 MiB parts (S3's minimum), so a test moves a few MB, not 100."""
    settings.CATALOG_MULTIPART_THRESHOLD_BYTES = 5 * MiB
    settings.CATALOG_MULTIPART_PART_SIZE_BYTES = 5 * MiB


def test_single_put_upload_end_to_end(admin_client, bundle, tenant_a, django_capture_on_commit_callbacks):
    data = os.urandom(300_000)

    started = start_upload(
        admin_client, bundle["id"], filename="Warm Film.pdf", size=len(data), content_type="application/pdf"
    )

    assert started.status_code == 201
    body = started.json()
    file_id = body["file"]["id"]
    assert body["file"]["state"] == "pending"
    assert (body["file"]["filename"], body["file"]["size"], body["file"]["category"]) == (
        "Warm Film.pdf",
        300_000,
        "DOCUMENT",
    )
    assert body["upload"]["method"] == "PUT"
    assert body["upload"]["headers"] == {"Content-Type": "application/pdf"}
    url = urlparse(body["upload"]["url"])
    assert url.path == f"/alva-files/{tenant_a.schema_name}/files/{file_id}"
    assert parse_qs(url.query)["X-Amz-SignedHeaders"] == ["content-length;content-type;host"]
    assert "Warm" not in body["upload"]["url"]

    put = httpx.put(body["upload"]["url"], content=data, headers=body["upload"]["headers"])
    assert put.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        completed = complete(admin_client, file_id)

    assert completed.status_code == 200
    assert completed.json()["state"] == "verifying"
    assert completed.json()["uploaded_at"] is not None
    [message] = queued("catalog.file_sha256_compute")
    assert message["args"] == [file_id]
    assert message["queue_name"] == "ingest"
    assert message["options"]["tenant_schema"] == tenant_a.schema_name

    hash_in_worker(tenant_a, file_id)

    ready = admin_client.get(f"/api/v1/files/{file_id}").json()
    assert ready["state"] == "ready"
    assert ready["sha256"] == hashlib.sha256(data).hexdigest()


def test_multipart_upload_end_to_end(
    admin_client, bundle, tenant_a, small_multipart, django_capture_on_commit_callbacks
):
    data = os.urandom(5 * MiB + 123_457)

    started = start_upload(admin_client, bundle["id"], filename="course.mp4", size=len(data), content_type="video/mp4")

    assert started.status_code == 201
    file_id = started.json()["file"]["id"]
    upload = started.json()["upload"]
    assert upload["method"] == "MULTIPART"
    assert upload["part_size"] == 5 * MiB
    assert [part["part_number"] for part in upload["parts"]] == [1, 2]
    assert started.json()["file"]["category"] == "VIDEO"
    etags = []
    for part in upload["parts"]:
        offset = (part["part_number"] - 1) * upload["part_size"]
        response = httpx.put(part["url"], content=data[offset : offset + upload["part_size"]])
        assert response.status_code == 200
        etags.append({"part_number": part["part_number"], "etag": response.headers["ETag"]})

    with django_capture_on_commit_callbacks(execute=True):
        completed = complete(admin_client, file_id, parts=list(reversed(etags)))

    assert completed.status_code == 200
    assert completed.json()["state"] == "verifying"
    assert storage.object_size(f"{tenant_a.schema_name}/files/{file_id}") == len(data)
    assert len(queued("catalog.file_sha256_compute")) == 1
    hash_in_worker(tenant_a, file_id)
    assert stored_file(tenant_a, file_id).sha256 == hashlib.sha256(data).hexdigest()
    assert stored_file(tenant_a, file_id).state == BundleFile.State.READY


def test_multipart_part_list_is_checked(admin_client, bundle, tenant_a, small_multipart):
    data = os.urandom(5 * MiB + 10)
    started = start_upload(admin_client, bundle["id"], filename="course.zip", size=len(data)).json()
    file_id = started["file"]["id"]

    nothing = complete(admin_client, file_id)
    gap = complete(admin_client, file_id, parts=[{"part_number": 1, "etag": "a"}, {"part_number": 3, "etag": "b"}])
    short = complete(admin_client, file_id, parts=[{"part_number": 1, "etag": "a"}])
    wrong_etags = complete(
        admin_client, file_id, parts=[{"part_number": 1, "etag": "a"}, {"part_number": 2, "etag": "b"}]
    )

    assert nothing.json()["error"]["fields"] == {
        "parts": ["List every uploaded part with the ETag S3 returned for it."]
    }
    assert gap.json()["error"]["fields"] == {"parts": ["Part numbers must run from 1 without gaps or repeats."]}
    assert short.json()["error"]["fields"] == {"parts": ["This file has 2 parts; 1 were listed."]}
    assert wrong_etags.status_code == 422
    assert wrong_etags.json()["error"]["fields"]["parts"][0].startswith("S3 refused the parts (InvalidPart)")
    assert [r.status_code for r in (nothing, gap, short)] == [422, 422, 422]
    # A client mistake is not a failed upload: the browser can still complete with the right ETags.
    assert stored_file(tenant_a, file_id).state == BundleFile.State.PENDING


def test_a_single_put_file_takes_no_parts(admin_client, bundle):
    file_id = start_upload(admin_client, bundle["id"], filename="a.pdf", size=10).json()["file"]["id"]

    response = complete(admin_client, file_id, parts=[{"part_number": 1, "etag": "x"}])

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"parts": ["This file was uploaded with a single PUT: send no parts."]}


def test_size_mismatch_marks_the_file_failed(admin_client, bundle, tenant_a, django_capture_on_commit_callbacks):
    started = start_upload(admin_client, bundle["id"], filename="guide.pdf", size=1000, content_type="application/pdf")
    file_id = started.json()["file"]["id"]
    # moto does not check signatures; real S3 would already refuse this body (Content-Length is signed).
    httpx.put(started.json()["upload"]["url"], content=b"x" * 999, headers={"Content-Type": "application/pdf"})

    with django_capture_on_commit_callbacks(execute=True):
        response = complete(admin_client, file_id)

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "size_mismatch",
        "message": "The uploaded file has 999 bytes but 1000 were declared; it is marked failed.",
        "fields": {"size": ["Declared 1000 bytes, uploaded 999 bytes."]},
    }
    assert stored_file(tenant_a, file_id).state == BundleFile.State.FAILED
    assert not object_exists(f"{tenant_a.schema_name}/files/{file_id}")
    assert queued("catalog.file_sha256_compute") == []
    again = complete(admin_client, file_id)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "upload_failed"


def test_completing_before_the_bytes_arrive_is_422_and_stays_pending(admin_client, bundle, tenant_a):
    file_id = start_upload(admin_client, bundle["id"], filename="a.pdf", size=10).json()["file"]["id"]

    response = complete(admin_client, file_id)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "upload_missing"
    assert stored_file(tenant_a, file_id).state == BundleFile.State.PENDING


def test_completing_twice_queues_the_hash_once(admin_client, bundle, tenant_a, django_capture_on_commit_callbacks):
    uploaded = upload_file(admin_client, bundle["id"], b"0123456789")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = complete(admin_client, uploaded.file["id"])

    assert again.status_code == 200
    assert again.json()["state"] == "verifying"
    assert callbacks == []


def test_the_hash_actor_is_idempotent_and_declared_for_the_ingest_queue(admin_client, bundle, tenant_a):
    uploaded = upload_file(admin_client, bundle["id"], b"same bytes")
    hash_in_worker(tenant_a, uploaded.file["id"])
    with in_schema(tenant_a):
        BundleFile.objects.filter(id=uploaded.file["id"]).update(sha256="f" * 64)

    hash_in_worker(tenant_a, uploaded.file["id"])

    assert stored_file(tenant_a, uploaded.file["id"]).sha256 == "f" * 64
    assert tasks.file_sha256_compute.queue_name == "ingest"
    assert tasks.file_sha256_compute.options["tenant_scoped"] is True
    assert tasks.file_sha256_compute.options["max_retries"] == 8


def test_hashing_a_replaced_object_fails_the_file(admin_client, bundle, tenant_a):
    uploaded = upload_file(admin_client, bundle["id"], b"original bytes")
    storage.client().put_object(
        Bucket="alva-files", Key=f"{tenant_a.schema_name}/files/{uploaded.file['id']}", Body=b"swapped afterwards!"
    )

    hash_in_worker(tenant_a, uploaded.file["id"])

    file = stored_file(tenant_a, uploaded.file["id"])
    assert (file.state, file.sha256) == (BundleFile.State.FAILED, "")


def test_hashing_a_deleted_object_fails_the_file(admin_client, bundle, tenant_a):
    uploaded = upload_file(admin_client, bundle["id"], b"bytes")
    storage.delete_objects([f"{tenant_a.schema_name}/files/{uploaded.file['id']}"])

    hash_in_worker(tenant_a, uploaded.file["id"])

    assert stored_file(tenant_a, uploaded.file["id"]).state == BundleFile.State.FAILED


def test_sweep_requeues_files_stuck_verifying(admin_client, bundle, tenant_a):
    uploaded = upload_file(admin_client, bundle["id"], b"bytes")
    fresh = upload_file(admin_client, bundle["id"], b"other")
    with in_schema(tenant_a):
        BundleFile.objects.filter(id=uploaded.file["id"]).update(uploaded_at="2020-01-01T00:00:00Z")
        assert services.files_verifying_sweep() == 1

    assert [m["args"] for m in queued("catalog.file_sha256_compute")] == [[uploaded.file["id"]]]
    assert fresh.file["id"] != uploaded.file["id"]


def test_files_are_appended_in_upload_order(admin_client, bundle):
    for name in ("one.pdf", "two.pdf", "three.pdf"):
        start_upload(admin_client, bundle["id"], filename=name, size=1)

    files = admin_client.get(f"/api/v1/bundles/{bundle['id']}").json()["files"]

    assert [(f["filename"], f["position"]) for f in files] == [("one.pdf", 0), ("two.pdf", 1), ("three.pdf", 2)]


def test_content_type_is_guessed_when_the_browser_sends_none(admin_client, bundle):
    guessed = start_upload(admin_client, bundle["id"], filename="cover.PNG", size=5).json()
    unknown = start_upload(admin_client, bundle["id"], filename="preset.xmp.lrtemplate", size=5).json()

    assert (guessed["file"]["content_type"], guessed["file"]["category"]) == ("image/png", "IMAGE")
    assert guessed["upload"]["headers"] == {"Content-Type": "image/png"}
    assert (unknown["file"]["content_type"], unknown["file"]["category"]) == ("application/octet-stream", "OTHER")


# --- refusals ----------------------------------------------------------------------------------

FIVE_GB = 5 * 1024 * 1024 * 1024


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("", "Enter a file name."),
        ("   ", "Enter a file name."),
        ("x" * 252 + ".pdf", "File names can be at most 255 characters long."),
        ("../../etc/passwd", "File names cannot contain / or \\."),
        ("folder/guide.pdf", "File names cannot contain / or \\."),
        ("C:\\guide.pdf", "File names cannot contain / or \\."),
        ("guide\x00.pdf", "File names cannot contain control characters."),
        ("guide\n.pdf", "File names cannot contain control characters."),
        ("guide\x7f.pdf", "File names cannot contain control characters."),
        ("cod\u202efdp.exe", "File names cannot contain control characters."),
        ("..", "Enter a real file name."),
    ],
)
def test_bad_file_names_are_refused(admin_client, bundle, tenant_a, filename, message):
    response = start_upload(admin_client, bundle["id"], filename=filename, size=10)

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"filename": [message]}
    assert files_in(tenant_a) == []


SCRIPT_MESSAGE = (
    "files are programs or scripts and are refused. An admin can allow them in Settings > Catalog (allow_script_files)."
)


@pytest.mark.parametrize(
    "filename",
    ["setup.exe", "run.BAT", "x.cmd", "x.com", "install.sh", "x.ps1", "app.js", "x.vbs", "x.msi", "x.scr",
     "tool.jar", "Thing.app", "invoice.pdf.exe", "trick.exe.", "trick.exe . ", "x.command", "x.hta"],
)  # fmt: skip
def test_executables_and_scripts_are_refused_by_default(admin_client, bundle, tenant_a, filename):
    response = start_upload(admin_client, bundle["id"], filename=filename, size=10)

    assert response.status_code == 422
    [message] = response.json()["error"]["fields"]["filename"]
    ext = filename.rstrip(". ").rsplit(".", 1)[1].lower()
    assert message == f".{ext} {SCRIPT_MESSAGE}"
    assert files_in(tenant_a) == []


def test_scripts_are_accepted_when_the_store_allows_them(admin_client, bundle, tenant_a):
    assert admin_client.put(
        "/api/v1/settings/catalog", {"allow_script_files": True}, content_type="application/json"
    ).json() == {"allow_script_files": True}

    response = start_upload(admin_client, bundle["id"], filename="install.sh", size=10)

    assert response.status_code == 201
    assert response.json()["file"]["category"] == "OTHER"


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (0, "Files must contain at least one byte."),
        (-5, "Files must contain at least one byte."),
        (FIVE_GB + 1, "Files can be at most 5 GB."),
    ],
)
def test_sizes_outside_1_byte_to_5_gb_are_refused(admin_client, bundle, tenant_a, size, message):
    response = start_upload(admin_client, bundle["id"], filename="big.zip", size=size)

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"size": [message]}
    assert files_in(tenant_a) == []


def test_exactly_5_gb_is_a_multipart_upload_within_s3s_part_limit(admin_client, bundle, tenant_a):
    from alva.billing.models import Plan, Subscription

    # The Free plan's 1 GB storage quota would refuse it; a store on Scale may upload the maximum.
    Subscription.objects.update_or_create(tenant=tenant_a, defaults={"plan": Plan.objects.get(code="scale")})
    response = start_upload(admin_client, bundle["id"], filename="course.zip", size=FIVE_GB)

    assert response.status_code == 201
    upload = response.json()["upload"]
    assert upload["method"] == "MULTIPART"
    assert upload["part_size"] == 32 * MiB
    assert len(upload["parts"]) == 160


def test_bad_content_type_is_refused(admin_client, bundle):
    response = start_upload(
        admin_client, bundle["id"], filename="a.pdf", size=1, content_type="text/html; charset=utf-8\r\nX-Evil: 1"
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {
        "content_type": ["Enter a media type such as application/pdf, without parameters."]
    }


def test_every_problem_is_reported_at_once(admin_client, bundle):
    response = start_upload(admin_client, bundle["id"], filename="a/b.exe", size=0, content_type="nonsense")

    assert set(response.json()["error"]["fields"]) == {"filename", "size", "content_type"}


def test_upload_into_an_unknown_bundle_is_404(admin_client, tenant_a):
    response = start_upload(admin_client, "00000000-0000-4000-8000-000000000000", filename="a.pdf", size=1)

    assert response.status_code == 404
    assert files_in(tenant_a) == []


def test_members_cannot_upload_or_complete(member_client, admin_client, bundle, tenant_a):
    started = start_upload(admin_client, bundle["id"], filename="a.pdf", size=3).json()
    httpx.put(started["upload"]["url"], content=b"abc", headers=started["upload"]["headers"])

    upload = start_upload(member_client, bundle["id"], filename="b.pdf", size=3)
    completion = complete(member_client, started["file"]["id"])

    assert (upload.status_code, completion.status_code) == (403, 403)
    assert files_in(tenant_a) == [("a.pdf", "pending")]


def test_catalog_settings_default_and_roles(member_client, admin_client, tenant_a):
    assert member_client.get("/api/v1/settings/catalog").json() == {"allow_script_files": False}

    denied = member_client.put(
        "/api/v1/settings/catalog", {"allow_script_files": True}, content_type="application/json"
    )
    missing = admin_client.put("/api/v1/settings/catalog", {}, content_type="application/json")

    assert denied.status_code == 403
    assert missing.status_code == 422
    assert missing.json()["error"]["fields"] == {"allow_script_files": ["This field is required."]}
    with in_schema(tenant_a):
        assert not CatalogSettings.objects.exists()
    assert (
        admin_client.put(
            "/api/v1/settings/catalog", {"allow_script_files": True}, content_type="application/json"
        ).status_code
        == 200
    )
    assert (
        admin_client.put(
            "/api/v1/settings/catalog", {"allow_script_files": False}, content_type="application/json"
        ).status_code
        == 200
    )
    with in_schema(tenant_a):
        assert list(CatalogSettings.objects.values_list("allow_script_files", flat=True)) == [False]
