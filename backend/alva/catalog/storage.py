"""S3 access for the catalog: presigned uploads (single PUT or multipart), verification, downloads, deletion.

Browsers talk to S3 directly, so the bucket needs a CORS rule (`bucket_cors_configuration`): PUT from
the store hosts, with `ETag` exposed (the browser reads each part's ETag to complete a multipart upload).
Terraform sets it on real buckets; `manage.py catalog_bucket_cors` sets it on any other (moto in development).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import boto3
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.exceptions import ClientError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from alva.catalog.models import BundleFile

# S3's own limits for multipart uploads.
MIN_PART_SIZE = 5 * 1024 * 1024
MAX_PARTS = 10_000
# DeleteObjects takes at most 1,000 keys per call.
_DELETE_BATCH = 1000
_STREAM_CHUNK = 8 * 1024 * 1024
_NOT_FOUND_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


def _config() -> Config:
    return Config(
        signature_version="s3v4",
        connect_timeout=settings.S3_CONNECT_TIMEOUT_SECONDS,
        read_timeout=settings.S3_READ_TIMEOUT_SECONDS,
        retries={"max_attempts": settings.S3_MAX_ATTEMPTS, "mode": "standard"},
        # A local S3 server has no per-bucket DNS names; AWS itself wants virtual-hosted style.
        s3={"addressing_style": "path" if settings.S3_ENDPOINT_URL else "virtual"},
    )


@functools.cache
def _client(endpoint_url: str | None) -> Any:
    # Clients are thread-safe, boto3's default session is not: a session of its own for each. Credentials
    # come from the environment (or the pod's IAM role), never from settings.
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint_url, region_name=settings.AWS_REGION, config=_config()
    )


def client() -> Any:
    """The client the API and workers use to call S3."""
    return _client(settings.S3_ENDPOINT_URL)


def _signing_client() -> Any:
    """Presigned URLs are signed for the host browsers will use."""
    return _client(settings.S3_PUBLIC_ENDPOINT_URL)


def object_key(*, schema_name: str, file_id: object) -> str:
    """Per-tenant prefix and the file's id: never anything the uploader chose."""
    return f"{schema_name}/files/{file_id}"


# --- uploads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresignedPart:
    part_number: int
    url: str


def presigned_put_url(*, key: str, content_type: str, size: int) -> str:
    """A single-request upload. Content-Type and Content-Length are signed, so S3 refuses any other body."""
    return str(
        _signing_client().generate_presigned_url(
            "put_object",
            Params={"Bucket": settings.S3_BUCKET, "Key": key, "ContentType": content_type, "ContentLength": size},
            ExpiresIn=settings.S3_UPLOAD_URL_TTL_SECONDS,
        )
    )


def multipart_part_size(size: int) -> int:
    """The configured part size, grown when needed so that `size` fits in S3's 10,000 parts."""
    return max(settings.CATALOG_MULTIPART_PART_SIZE_BYTES, math.ceil(size / MAX_PARTS))


def multipart_part_sizes(*, size: int, part_size: int) -> list[int]:
    count = math.ceil(size / part_size)
    return [part_size] * (count - 1) + [size - part_size * (count - 1)]


def multipart_start(*, key: str, content_type: str) -> str:
    response = client().create_multipart_upload(Bucket=settings.S3_BUCKET, Key=key, ContentType=content_type)
    return str(response["UploadId"])


def multipart_part_urls(*, key: str, upload_id: str, size: int, part_size: int) -> list[PresignedPart]:
    signer = _signing_client()
    return [
        PresignedPart(
            part_number=number,
            url=str(
                signer.generate_presigned_url(
                    "upload_part",
                    Params={
                        "Bucket": settings.S3_BUCKET,
                        "Key": key,
                        "UploadId": upload_id,
                        "PartNumber": number,
                        "ContentLength": part_bytes,
                    },
                    ExpiresIn=settings.S3_UPLOAD_URL_TTL_SECONDS,
                )
            ),
        )
        for number, part_bytes in enumerate(multipart_part_sizes(size=size, part_size=part_size), start=1)
    ]


class MultipartRejected(Exception):
    """S3 refused to assemble the parts (wrong ETag, missing or too small part); `code` is S3's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def multipart_complete(*, key: str, upload_id: str, parts: list[tuple[int, str]]) -> None:
    """Assemble the uploaded parts. A NoSuchUpload means it was already completed (or aborted): HeadObject decides."""
    try:
        client().complete_multipart_upload(
            Bucket=settings.S3_BUCKET,
            Key=key,
            UploadId=upload_id,
            MultipartUpload={"Parts": [{"PartNumber": number, "ETag": etag} for number, etag in parts]},
        )
    except ClientError as exc:
        code = _error_code(exc)
        if code == "NoSuchUpload":
            return
        if code in {"InvalidPart", "InvalidPartOrder", "EntityTooSmall", "MalformedXML", "InvalidRequest"}:
            raise MultipartRejected(code, str(exc.response.get("Error", {}).get("Message", code))) from exc
        raise


def multipart_abort(*, key: str, upload_id: str) -> None:
    try:
        client().abort_multipart_upload(Bucket=settings.S3_BUCKET, Key=key, UploadId=upload_id)
    except ClientError as exc:
        if _error_code(exc) != "NoSuchUpload":
            raise


def object_size(key: str) -> int | None:
    """The stored object's size from HeadObject; None when there is no object."""
    try:
        response = client().head_object(Bucket=settings.S3_BUCKET, Key=key)
    except ClientError as exc:
        if _error_code(exc) in _NOT_FOUND_CODES:
            return None
        raise
    return int(response["ContentLength"])


def object_chunks(key: str) -> Iterator[bytes]:
    """The object's bytes in chunks, streamed (never the whole file in memory). Raises ObjectMissing."""
    try:
        response = client().get_object(Bucket=settings.S3_BUCKET, Key=key)
    except ClientError as exc:
        if _error_code(exc) in _NOT_FOUND_CODES:
            raise ObjectMissing(key) from exc
        raise
    body = response["Body"]
    try:
        yield from body.iter_chunks(chunk_size=_STREAM_CHUNK)
    finally:
        body.close()


class ObjectMissing(Exception):
    pass


# --- downloads and deletion (also called by other apps) ----------------------------------------


def content_disposition(filename: str) -> str:
    """`attachment` with the original name, RFC 6266/5987-encoded so any character survives."""
    return f"attachment; filename*=UTF-8''{quote(filename, safe='')}"


def presigned_download_url(file: BundleFile) -> str:
    """A URL that serves `file` for S3_DOWNLOAD_URL_TTL_SECONDS (60 s), always as a download with its original name.

    The same URL as the client's `generate_presigned_url("get_object", …)` (tests compare the two,
    signature included), signed with botocore's SigV4 query signer on the bucket URL the client
    resolved once: the client resolves its endpoint rules and validates parameters on every call,
    the larger part of signing's cost on the download path, which answers every customer click.
    """
    signer = _download_signer(settings.S3_PUBLIC_ENDPOINT_URL, settings.S3_BUCKET)
    response_headers = {
        "response-content-disposition": content_disposition(file.filename),
        "response-content-type": file.content_type,
    }
    query = urlencode(response_headers, quote_via=quote)
    request = AWSRequest(method="GET", url=f"{signer.bucket_url}/{quote(file.object_key, safe='/~')}?{query}")
    credentials = signer.credentials.get_frozen_credentials()
    S3SigV4QueryAuth(credentials, "s3", signer.region, expires=settings.S3_DOWNLOAD_URL_TTL_SECONDS).add_auth(request)
    return str(request.url)


@dataclass(frozen=True)
class _DownloadSigner:
    bucket_url: str
    region: str
    credentials: Any  # botocore's; refreshable ones (an IAM role) renew themselves in get_frozen_credentials()


_PROBE_KEY = "probe"


@functools.cache
def _download_signer(public_endpoint_url: str | None, bucket: str) -> _DownloadSigner:
    """The bucket's URL as browsers reach it, by the client's own endpoint rules (region, addressing style)."""
    signing_client = _client(public_endpoint_url)
    probe = signing_client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": _PROBE_KEY})
    credentials = boto3.session.Session().get_credentials()
    if credentials is None:
        raise ImproperlyConfigured("no AWS credentials to sign S3 URLs with")
    return _DownloadSigner(
        bucket_url=probe.split("?", 1)[0].removesuffix(f"/{_PROBE_KEY}"),
        region=signing_client.meta.region_name,
        credentials=credentials,
    )


def presigned_url(operation: str, *, params: dict[str, Any], expires_in: int) -> str:
    """Any presigned request on the bucket, signed for the host browsers use (the store app's logo uses it)."""
    return str(
        _signing_client().generate_presigned_url(
            operation, Params={"Bucket": settings.S3_BUCKET, **params}, ExpiresIn=expires_in
        )
    )


def delete_objects(keys: Iterable[str]) -> None:
    """Delete objects by key; keys that do not exist are fine. Raises when S3 reports a key it could not delete."""
    pending = sorted(set(keys))
    for start in range(0, len(pending), _DELETE_BATCH):
        batch = pending[start : start + _DELETE_BATCH]
        response = client().delete_objects(
            Bucket=settings.S3_BUCKET, Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True}
        )
        if errors := response.get("Errors"):
            raise DeleteFailed([str(error.get("Key")) for error in errors])


class DeleteFailed(Exception):
    def __init__(self, keys: list[str]) -> None:
        super().__init__(f"S3 could not delete {len(keys)} object(s)")
        self.keys = keys


# --- bucket ------------------------------------------------------------------------------------


def bucket_cors_configuration() -> dict[str, Any]:
    """What the bucket must allow so that the dashboard (on any store host) can upload straight to S3."""
    port = f":{settings.APP_PUBLIC_PORT}" if settings.APP_PUBLIC_PORT else ""
    return {
        "CORSRules": [
            {
                "AllowedOrigins": [f"{settings.APP_SCHEME}://*.{settings.APP_DOMAIN}{port}"],
                "AllowedMethods": ["PUT"],
                "AllowedHeaders": ["content-type"],
                "ExposeHeaders": ["ETag"],
                "MaxAgeSeconds": 3600,
            }
        ]
    }


def bucket_apply_cors() -> None:
    client().put_bucket_cors(Bucket=settings.S3_BUCKET, CORSConfiguration=bucket_cors_configuration())


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
