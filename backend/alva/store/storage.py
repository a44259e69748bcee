"""S3 for the download page's logo: presigned PUT and GET, and what HeadObject and the first bytes say.

Keys are "<tenant schema>/branding/logo-<random uuid>": under the store's prefix, never derived from the
uploader's file name. The bucket, client and signing are the catalog's (alva.catalog.storage).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from botocore.exceptions import ClientError
from django.conf import settings

from alva.catalog import storage as s3

LOGO_MAX_BYTES = 1024 * 1024
# SVG is refused on purpose: it is a document that can carry scripts, not a picture.
LOGO_CONTENT_TYPES = ("image/png", "image/jpeg", "image/webp")
# A logo is small: the browser gets a quarter of an hour to send it.
LOGO_UPLOAD_URL_TTL_SECONDS = 15 * 60
# The download page and the dashboard's preview load the logo as soon as they render, so a short life is
# enough, and a copied URL soon stops working.
LOGO_URL_TTL_SECONDS = 5 * 60
_SNIFF_BYTES = 16
_NOT_FOUND_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


def logo_key_prefix(*, schema_name: str) -> str:
    return f"{schema_name}/branding/"


def logo_key_new(*, schema_name: str) -> str:
    return f"{logo_key_prefix(schema_name=schema_name)}logo-{uuid.uuid4()}"


def logo_put_url(*, key: str, content_type: str, size: int) -> str:
    """Content-Type and Content-Length are signed: S3 itself refuses another type or any other size."""
    return s3.presigned_url(
        "put_object",
        params={"Key": key, "ContentType": content_type, "ContentLength": size},
        expires_in=LOGO_UPLOAD_URL_TTL_SECONDS,
    )


def logo_url(*, key: str, content_type: str) -> str:
    """A short-lived GET for <img src>, served inline with the type that was verified at confirmation."""
    return s3.presigned_url(
        "get_object",
        params={
            "Key": key,
            "ResponseContentType": content_type,
            "ResponseContentDisposition": "inline",
            "ResponseCacheControl": f"private, max-age={LOGO_URL_TTL_SECONDS}",
        },
        expires_in=LOGO_URL_TTL_SECONDS,
    )


@dataclass(frozen=True)
class UploadedObject:
    size: int
    content_type: str
    first_bytes: bytes


def uploaded_object(key: str) -> UploadedObject | None:
    """HeadObject (size, type) and the first bytes of an upload; None when nothing was uploaded under `key`."""
    try:
        head = s3.client().head_object(Bucket=settings.S3_BUCKET, Key=key)
        size = int(head["ContentLength"])
        first_bytes = _first_bytes(key) if size else b""
    except ClientError as exc:
        if str(exc.response.get("Error", {}).get("Code", "")) in _NOT_FOUND_CODES:
            return None
        raise
    content_type = str(head.get("ContentType", "")).split(";")[0].strip().lower()
    return UploadedObject(size=size, content_type=content_type, first_bytes=first_bytes)


def _first_bytes(key: str) -> bytes:
    body = s3.client().get_object(Bucket=settings.S3_BUCKET, Key=key, Range=f"bytes=0-{_SNIFF_BYTES - 1}")["Body"]
    try:
        return bytes(body.read(_SNIFF_BYTES))
    finally:
        body.close()


def is_image_of_type(first_bytes: bytes, content_type: str) -> bool:
    """The bytes start as the declared type does (so an HTML page labelled image/png is refused)."""
    if content_type == "image/png":
        return first_bytes.startswith(b"\x89PNG\r\n\x1a\n")
    if content_type == "image/jpeg":
        return first_bytes.startswith(b"\xff\xd8\xff")
    if content_type == "image/webp":
        return first_bytes[:4] == b"RIFF" and first_bytes[8:12] == b"WEBP"
    return False
