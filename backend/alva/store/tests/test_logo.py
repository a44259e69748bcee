"""The download page's logo: presigned PUT straight to S3, a confirm step that checks the object, removal,
and the page and settings that show it. Every refusal leaves the store's logo as it was."""

import base64
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from botocore.exceptions import EndpointConnectionError
from django.conf import settings

from alva.accounts.models import Role
from alva.catalog import storage as s3
from alva.core.testing import in_schema, store_client
from alva.deliveries.tests.conftest import page_path
from alva.store import storage
from alva.store.models import AuditEntry, StoreSettings
from tests.pipeline import delivery_for, ready_bundle

# A real 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
PNG_SIZE = len(PNG)
MIB = 1024 * 1024
START = "/api/v1/settings/store/logo"
CONFIRM = "/api/v1/settings/store/logo/confirm"


@pytest.fixture
def admin(make_member, tenant_a):
    return make_member(tenant_a, Role.ADMIN).client()


def start(client, content_type="image/png", size=PNG_SIZE):
    return client.post(START, {"content_type": content_type, "size": size}, content_type="application/json")


def confirm(client, key):
    return client.post(CONFIRM, {"key": key}, content_type="application/json")


def put_bytes(upload: dict, data: bytes) -> None:
    response = httpx.put(upload["url"], content=data, headers=upload["headers"])
    assert response.status_code == 200, response.text


def upload_logo(client, data: bytes = PNG, content_type: str = "image/png") -> dict:
    """The browser's part: ask for the PUT, send the bytes with exactly the headers given, confirm."""
    started = start(client, content_type, len(data))
    assert started.status_code == 201, started.content
    put_bytes(started.json(), data)
    confirmed = confirm(client, started.json()["key"])
    assert confirmed.status_code == 200, confirmed.content
    return {"key": started.json()["key"], "settings": confirmed.json()}


def settings_row(tenant) -> StoreSettings:
    with in_schema(tenant):
        return StoreSettings.objects.get()


def exists(key: str) -> bool:
    return s3.object_size(key) is not None


def put_directly(key: str, data: bytes, content_type: str) -> None:
    """What a client that ignores the signed headers could leave under the key (moto does not check signatures)."""
    s3.client().put_object(Bucket=settings.S3_BUCKET, Key=key, Body=data, ContentType=content_type)


# --- the whole path ------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "content_type"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")])
def test_an_admin_uploads_a_logo_and_the_settings_show_it(admin, tenant_a, make_member, data, content_type):
    started = start(admin, content_type, len(data))

    assert started.status_code == 201
    body = started.json()
    assert re.fullmatch(rf"{tenant_a.schema_name}/branding/logo-[0-9a-f-]{{36}}", body["key"])
    assert (body["method"], body["headers"]) == ("PUT", {"Content-Type": content_type})
    assert urlsplit(body["url"]).path == f"/{settings.S3_BUCKET}/{body['key']}"
    assert settings_row(tenant_a).logo_pending_key == body["key"]

    put_bytes(body, data)
    confirmed = confirm(admin, body["key"])

    assert confirmed.status_code == 200
    row = settings_row(tenant_a)
    assert (row.logo_key, row.logo_content_type, row.logo_pending_key) == (body["key"], content_type, "")
    logo_url = confirmed.json()["logo_url"]
    assert urlsplit(logo_url).path == f"/{settings.S3_BUCKET}/{body['key']}"
    query = parse_qs(urlsplit(logo_url).query)
    assert query["X-Amz-Expires"] == [str(storage.LOGO_URL_TTL_SECONDS)]
    assert query["response-content-type"] == [content_type]
    served = httpx.get(logo_url)
    assert (served.status_code, served.content, served.headers["content-type"]) == (200, data, content_type)
    # Members see the logo too (the settings screen's preview).
    member_view = make_member(tenant_a, Role.MEMBER).client().get("/api/v1/settings/store").json()
    assert urlsplit(member_view["logo_url"]).path == urlsplit(logo_url).path


def test_the_upload_is_audited(admin, tenant_a):
    uploaded = upload_logo(admin)

    with in_schema(tenant_a):
        [audit] = AuditEntry.objects.filter(action="store_logo.update")
    assert audit.detail == {"key": uploaded["key"], "size": len(PNG), "content_type": "image/png"}


def test_confirming_twice_is_harmless(admin, tenant_a):
    uploaded = upload_logo(admin)

    again = confirm(admin, uploaded["key"])

    assert again.status_code == 200
    assert settings_row(tenant_a).logo_key == uploaded["key"]
    with in_schema(tenant_a):
        assert AuditEntry.objects.filter(action="store_logo.update").count() == 1


def test_a_new_logo_replaces_the_old_one_whose_object_is_deleted(admin, tenant_a, django_capture_on_commit_callbacks):
    first = upload_logo(admin)

    with django_capture_on_commit_callbacks(execute=True):
        second = upload_logo(admin, JPEG, "image/jpeg")

    row = settings_row(tenant_a)
    assert (row.logo_key, row.logo_content_type) == (second["key"], "image/jpeg")
    assert not exists(first["key"])
    assert exists(second["key"])


def test_an_upload_at_exactly_one_mebibyte_is_accepted(admin, tenant_a):
    data = PNG + b"\x00" * (MIB - len(PNG))

    uploaded = upload_logo(admin, data)

    assert settings_row(tenant_a).logo_key == uploaded["key"]


# --- refused before any upload ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "message"),
    [
        ("image/svg+xml", "SVG logos are refused because they can contain scripts: upload a PNG, JPEG or WebP."),
        ("image/gif", "Upload the logo as a PNG, JPEG or WebP image."),
        ("text/html", "Upload the logo as a PNG, JPEG or WebP image."),
        ("", "Upload the logo as a PNG, JPEG or WebP image."),
    ],
)
def test_other_types_are_refused(admin, tenant_a, content_type, message):
    response = start(admin, content_type)

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "validation_error",
        "message": "Some fields are invalid.",
        "fields": {"content_type": [message]},
    }
    with in_schema(tenant_a):
        assert not StoreSettings.objects.exists()


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (MIB + 1, "A logo can be at most 1 MB (1,048,576 bytes); this file has 1,048,577 bytes."),
        (3 * MIB, "A logo can be at most 1 MB (1,048,576 bytes); this file has 3,145,728 bytes."),
        (0, "The file is empty."),
        (-5, "The file is empty."),
    ],
)
def test_sizes_outside_one_byte_to_one_mebibyte_are_refused(admin, tenant_a, size, message):
    response = start(admin, "image/png", size)

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"size": [message]}
    with in_schema(tenant_a):
        assert not StoreSettings.objects.exists()


def test_members_cannot_upload_confirm_or_remove(tenant_a, make_member, admin):
    member = make_member(tenant_a, Role.MEMBER).client()
    started = start(admin).json()
    put_bytes(started, PNG)

    responses = [start(member), confirm(member, started["key"]), member.delete(START)]

    assert [r.status_code for r in responses] == [403, 403, 403]
    row = settings_row(tenant_a)
    assert (row.logo_key, row.logo_pending_key) == ("", started["key"])


# --- refused at confirmation -----------------------------------------------------------------------


def test_confirm_without_an_upload_is_422_and_the_upload_can_still_follow(admin, tenant_a):
    started = start(admin).json()

    early = confirm(admin, started["key"])

    assert early.status_code == 422
    assert early.json()["error"] == {
        "code": "upload_missing",
        "message": "No uploaded logo was found: upload the file, then confirm it.",
    }
    assert settings_row(tenant_a).logo_key == ""
    put_bytes(started, PNG)
    assert confirm(admin, started["key"]).status_code == 200
    assert settings_row(tenant_a).logo_key == started["key"]


UNKNOWN = "This upload was not started for this store, or a newer one replaced it: upload the logo again."


def test_a_key_the_server_never_issued_is_refused(admin, tenant_a):
    started = start(admin).json()
    put_bytes(started, PNG)
    forged = f"{tenant_a.schema_name}/branding/logo-00000000-0000-4000-8000-000000000000"
    put_directly(forged, PNG, "image/png")

    responses = [confirm(admin, forged), confirm(admin, f"{tenant_a.schema_name}/files/x"), confirm(admin, "")]

    assert [r.status_code for r in responses] == [422, 422, 422]
    assert responses[0].json()["error"] == {
        "code": "logo_upload_unknown",
        "message": UNKNOWN,
        "fields": {"key": [UNKNOWN]},
    }
    row = settings_row(tenant_a)
    assert (row.logo_key, row.logo_pending_key) == ("", started["key"])


def test_another_stores_upload_cannot_be_confirmed_here(admin, tenant_a, tenant_b, make_member):
    theirs_client = make_member(tenant_b, Role.ADMIN).client()
    theirs = start(theirs_client).json()
    put_bytes(theirs, PNG)
    start(admin)  # this store has a pending upload of its own

    response = confirm(admin, theirs["key"])

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "logo_upload_unknown"
    assert settings_row(tenant_a).logo_key == ""
    # Their upload is untouched and still theirs to confirm.
    assert exists(theirs["key"])
    assert confirm(theirs_client, theirs["key"]).status_code == 200
    assert settings_row(tenant_b).logo_key == theirs["key"]


def test_another_stores_confirmed_logo_cannot_be_claimed(admin, tenant_a, tenant_b, make_member):
    theirs = upload_logo(make_member(tenant_b, Role.ADMIN).client())

    response = confirm(admin, theirs["key"])

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "logo_upload_unknown"
    with in_schema(tenant_a):
        assert not StoreSettings.objects.filter(logo_key=theirs["key"]).exists()


def test_a_newer_upload_replaces_the_pending_one(admin, tenant_a, django_capture_on_commit_callbacks):
    older = start(admin).json()
    put_bytes(older, PNG)
    with django_capture_on_commit_callbacks(execute=True):
        newer = start(admin).json()

    response = confirm(admin, older["key"])

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "logo_upload_unknown"
    assert not exists(older["key"])  # the abandoned upload's object goes
    assert settings_row(tenant_a).logo_pending_key == newer["key"]


@pytest.mark.parametrize(
    ("data", "content_type", "code", "field", "message"),
    [
        (
            PNG + b"\x00" * MIB,
            "image/png",
            "logo_too_large",
            "size",
            f"A logo can be at most 1 MB (1,048,576 bytes); this file has {PNG_SIZE + MIB:,} bytes.",
        ),
        (b"<svg onload=alert(1)>", "image/svg+xml", "logo_not_an_image", "content_type", None),
        (b"<html><script>alert(1)</script>", "image/png", "logo_not_an_image", "content_type", None),
        (PNG, "image/jpeg", "logo_not_an_image", "content_type", None),
    ],
)
def test_an_object_that_is_not_what_was_signed_is_refused_and_deleted(
    admin, tenant_a, django_capture_on_commit_callbacks, data, content_type, code, field, message
):
    started = start(admin).json()
    put_directly(started["key"], data, content_type)

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(admin, started["key"])

    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], list(error["fields"])) == (code, [field])
    assert error["message"] == (message or "The upload is not a PNG, JPEG or WebP image.")
    row = settings_row(tenant_a)
    assert (row.logo_key, row.logo_pending_key) == ("", "")
    assert not exists(started["key"])
    assert confirm(admin, started["key"]).json()["error"]["code"] == "logo_upload_unknown"


def test_storage_down_at_confirmation_is_503_and_changes_nothing(admin, tenant_a, monkeypatch):
    started = start(admin).json()
    put_bytes(started, PNG)

    def unreachable(key):
        raise EndpointConnectionError(endpoint_url="http://s3.invalid")

    monkeypatch.setattr(storage, "uploaded_object", unreachable)
    response = confirm(admin, started["key"])

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "storage_unavailable"
    row = settings_row(tenant_a)
    assert (row.logo_key, row.logo_pending_key) == ("", started["key"])


# --- removal -------------------------------------------------------------------------------------


def test_removing_the_logo_deletes_the_object_and_is_audited(admin, tenant_a, django_capture_on_commit_callbacks):
    uploaded = upload_logo(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.delete(START)

    assert response.status_code == 200
    assert response.json()["logo_url"] is None
    row = settings_row(tenant_a)
    assert (row.logo_key, row.logo_content_type) == ("", "")
    assert not exists(uploaded["key"])
    with in_schema(tenant_a):
        [audit] = AuditEntry.objects.filter(action="store_logo.remove")
    assert audit.detail == {"key": uploaded["key"]}


def test_removing_when_there_is_no_logo_changes_nothing(admin, tenant_a):
    response = admin.delete(START)

    assert response.status_code == 200
    assert response.json()["logo_url"] is None
    with in_schema(tenant_a):
        assert AuditEntry.objects.count() == 0


def test_closing_a_store_removes_its_logo_objects(admin, tenant_a, django_capture_on_commit_callbacks):
    from alva.store.services import store_logo_objects_remove

    shown = upload_logo(admin)
    pending = start(admin).json()
    put_bytes(pending, PNG)

    with in_schema(tenant_a), django_capture_on_commit_callbacks(execute=True):
        store_logo_objects_remove()

    assert not exists(shown["key"])
    assert not exists(pending["key"])


# --- the download page ---------------------------------------------------------------------------


def test_the_download_page_shows_the_logo_with_a_short_lived_url(admin, tenant_a):
    with in_schema(tenant_a):
        delivery = delivery_for(ready_bundle(tenant_a.schema_name))
    uploaded = upload_logo(admin)

    page = store_client(tenant_a).get(page_path(tenant_a, delivery))

    assert page.status_code == 200
    [src] = re.findall(r'<img class="logo" src="([^"]+)" alt="">', page.content.decode())
    src = src.replace("&amp;", "&")
    assert urlsplit(src).path == f"/{settings.S3_BUCKET}/{uploaded['key']}"
    assert parse_qs(urlsplit(src).query)["X-Amz-Expires"] == [str(storage.LOGO_URL_TTL_SECONDS)]
    assert httpx.get(src).content == PNG


def test_without_a_logo_the_page_has_no_image(tenant_a):
    with in_schema(tenant_a):
        delivery = delivery_for(ready_bundle(tenant_a.schema_name))

    page = store_client(tenant_a).get(page_path(tenant_a, delivery))

    assert page.status_code == 200
    assert b"<img" not in page.content
