"""S3 helpers other apps call (download URLs, deletion), the bucket's CORS rule, and file categories."""

from datetime import datetime
from unittest import mock
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from alva.catalog import filetypes, storage
from alva.catalog.models import BundleFile, FileCategory
from alva.catalog.tests.conftest import create_bundle, object_exists, stored_file, upload_file


def test_presigned_download_url_serves_the_bytes_as_an_attachment_with_the_original_name(admin_client, tenant_a):
    bundle = create_bundle(admin_client)
    uploaded = upload_file(admin_client, bundle["id"], b"%PDF-1.7 the book", filename="Résumé 2026 (final).pdf")
    file = stored_file(tenant_a, uploaded.file["id"])

    url = storage.presigned_download_url(file)

    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Expires"] == ["60"]
    response = httpx.get(url)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 the book"
    assert response.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''R%C3%A9sum%C3%A9%202026%20%28final%29.pdf"
    )
    assert response.headers["content-type"] == "application/pdf"


SIGNED_AT = datetime(2026, 12, 4, 12, 0, 0)


@pytest.fixture
def fresh_s3_clients():
    """Clients and the download signer built from the settings of the test that uses this, and again after it."""
    storage._client.cache_clear()
    storage._download_signer.cache_clear()
    yield
    storage._client.cache_clear()
    storage._download_signer.cache_clear()


def _clients_own_url(file: BundleFile, bucket: str) -> str:
    return storage._signing_client().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": bucket,
            "Key": file.object_key,
            "ResponseContentDisposition": storage.content_disposition(file.filename),
            "ResponseContentType": file.content_type,
        },
        ExpiresIn=60,
    )


AWS = {"S3_ENDPOINT_URL": None, "S3_PUBLIC_ENDPOINT_URL": None, "S3_BUCKET": "alva-files"}


@pytest.mark.parametrize(
    ("overrides", "bucket_url"),
    [
        pytest.param({"S3_PUBLIC_ENDPOINT_URL": "http://s3.localhost:9000"}, "http://s3.localhost:9000/", id="path"),
        pytest.param({**AWS, "AWS_REGION": "eu-west-1"}, "https://alva-files.s3.eu-west-1.amazonaws.com/", id="aws"),
        pytest.param({**AWS, "AWS_REGION": "us-east-1"}, "https://alva-files.s3.amazonaws.com/", id="aws-global"),
    ],
)
def test_presigned_download_url_is_byte_for_byte_the_clients_own(settings, fresh_s3_clients, overrides, bucket_url):
    for name, value in overrides.items():
        setattr(settings, name, value)
    file = BundleFile(object_key="t_1/files/0c6e", filename="Résumé 2026 (final).pdf", content_type="application/pdf")

    with mock.patch("botocore.auth.get_current_datetime", return_value=SIGNED_AT):
        url = storage.presigned_download_url(file)
        expected = _clients_own_url(file, settings.S3_BUCKET)

    assert url == expected
    assert url.startswith(bucket_url)
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Date=20261204T120000Z" in url


def test_content_disposition_escapes_quotes_and_separators():
    assert storage.content_disposition("a\";b'c.pdf") == "attachment; filename*=UTF-8''a%22%3Bb%27c.pdf"


def test_delete_objects_ignores_missing_keys(admin_client, tenant_a):
    bundle = create_bundle(admin_client)
    uploaded = upload_file(admin_client, bundle["id"], b"bytes")
    key = f"{tenant_a.schema_name}/files/{uploaded.file['id']}"

    storage.delete_objects([key, f"{tenant_a.schema_name}/files/never-existed"])
    storage.delete_objects([])

    assert not object_exists(key)


def test_object_keys_are_per_tenant_and_never_the_file_name():
    assert storage.object_key(schema_name="t_0123", file_id="f1") == "t_0123/files/f1"


def test_bucket_cors_rule_allows_uploads_from_store_hosts_and_exposes_etag(s3_bucket):
    rule = {
        "AllowedOrigins": ["http://*.alva.localhost"],
        "AllowedMethods": ["PUT"],
        "AllowedHeaders": ["content-type"],
        "ExposeHeaders": ["ETag"],
        "MaxAgeSeconds": 3600,
    }

    assert storage.bucket_cors_configuration() == {"CORSRules": [rule]}
    assert storage.client().get_bucket_cors(Bucket=s3_bucket)["CORSRules"] == [rule]


def test_part_sizes_cover_the_file():
    assert storage.multipart_part_sizes(size=11, part_size=5) == [5, 5, 1]
    assert storage.multipart_part_sizes(size=10, part_size=5) == [5, 5]


@pytest.mark.parametrize(
    ("filename", "content_type", "category"),
    [
        ("book.pdf", "application/pdf", FileCategory.DOCUMENT),
        ("book.EPUB", "application/octet-stream", FileCategory.DOCUMENT),
        ("sheet.xlsx", "", FileCategory.DOCUMENT),
        ("notes", "text/plain", FileCategory.DOCUMENT),
        ("report", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileCategory.DOCUMENT),
        ("photo.JPG", "image/jpeg", FileCategory.IMAGE),
        ("raw.dng", "application/octet-stream", FileCategory.IMAGE),
        ("scan", "image/webp", FileCategory.IMAGE),
        ("song.mp3", "audio/mpeg", FileCategory.AUDIO),
        ("loop", "audio/x-wav", FileCategory.AUDIO),
        ("lesson.mov", "video/quicktime", FileCategory.VIDEO),
        ("clip", "video/mp4", FileCategory.VIDEO),
        ("pack.zip", "application/zip", FileCategory.ARCHIVE),
        ("pack.tar.gz", "application/gzip", FileCategory.ARCHIVE),
        ("bundle", "application/x-7z-compressed", FileCategory.ARCHIVE),
        ("preset.xmp", "application/octet-stream", FileCategory.OTHER),
        ("brush.abr", "", FileCategory.OTHER),
        ("install.sh", "text/x-sh", FileCategory.OTHER),
        ("app.js", "text/javascript", FileCategory.OTHER),
        (".pdf", "", FileCategory.OTHER),
    ],
)
def test_category_detection(filename, content_type, category):
    assert filetypes.file_category(filename=filename, content_type=content_type) == category


@pytest.mark.parametrize(
    ("filename", "ext"),
    [("a.PDF", "pdf"), ("a.tar.gz", "gz"), ("a.exe.", "exe"), ("a.exe  ", "exe"), ("noext", ""), (".bashrc", "")],
)
def test_extension(filename, ext):
    assert filetypes.extension(filename) == ext


def test_emoji_names_with_joiners_are_fine():
    assert filetypes.filename_errors("👩‍🎨 palette.pdf", allow_script_files=False) == []
