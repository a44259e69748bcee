"""Writes for bundles, their files (uploaded browser -> S3, verified, hashed) and the catalog settings.

Everything runs in the active tenant schema. S3 is never called inside a database transaction, and
objects are removed only after the rows that pointed at them are gone for good (after commit).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from alva.billing import services as billing
from alva.catalog import filetypes, selectors, storage
from alva.catalog.models import Bundle, BundleFile, CatalogSettings
from alva.core.errors import ApiError, Conflict, NotFound, ValidationFailed
from alva.core.tasks import enqueue_on_commit
from alva.core.tenancy import current_schema, current_tenant
from alva.store import selectors as store_selectors

logger = logging.getLogger(__name__)

S3_ERRORS = (BotoCoreError, ClientError)
# Hashing 5 GB inside AWS takes about a minute; a file verifying for longer lost its message.
VERIFYING_SWEEP_AFTER = timedelta(minutes=15)


class StorageUnavailable(ApiError):
    def __init__(self) -> None:
        super().__init__(503, "storage_unavailable", "File storage is not answering right now. Try again in a moment.")


def human_size(size: int) -> str:
    """5368709120 -> "5 GB" (binary units, as file managers count)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024:
            return f"{value:.4g} {unit}"
        value /= 1024
    return f"{value:.4g} GB"


# --- bundles -----------------------------------------------------------------------------------

BUNDLE_FIELDS = frozenset({"name", "description", "active", "expiry_days", "max_downloads", "max_unique_ips"})


def _bundle_clean(bundle: Bundle) -> None:
    """The model's own rules (lengths, policy ranges) as one 422 listing every bad field."""
    bundle.name = bundle.name.strip()
    bundle.description = bundle.description.strip()
    try:
        bundle.full_clean(exclude=["webhook_slug"], validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        raise ValidationFailed({name: list(messages) for name, messages in exc.message_dict.items()}) from exc


@transaction.atomic
def bundle_create(*, data: Mapping[str, object]) -> Bundle:
    """A new bundle with its own webhook endpoint (random slug); policy fields left out take the store's
    delivery defaults."""
    _check_fields(data)
    bundle = Bundle(**{**store_selectors.delivery_defaults(), **data})
    _bundle_clean(bundle)
    if bundle.active:
        billing.bundle_limit_check(tenant_id=current_tenant().id)
    bundle.save()
    return selectors.bundle_get(bundle_id=bundle.id)


@transaction.atomic
def bundle_update(*, bundle_id: uuid.UUID, data: Mapping[str, object]) -> Bundle:
    """Change only the given fields; deactivating a bundle makes its webhook refuse new deliveries."""
    _check_fields(data)
    bundle = _bundle_for_update(bundle_id)
    reactivating = data.get("active") is True and not bundle.active
    for name, value in data.items():
        setattr(bundle, name, value)
    _bundle_clean(bundle)
    if reactivating:
        billing.bundle_limit_check(tenant_id=current_tenant().id)
    bundle.save(update_fields=[*data, "updated_at"])
    return selectors.bundle_get(bundle_id=bundle.id)


@dataclass(frozen=True)
class BundleDeletion:
    deleted: bool
    deactivated: bool
    reason: str


@transaction.atomic
def bundle_delete(*, bundle_id: uuid.UUID) -> BundleDeletion:
    """Delete a bundle and its files; one with deliveries is only deactivated, because deliveries keep referring to it.

    The row lock also blocks a delivery being created for it meanwhile (that insert needs a key-share lock).
    """
    bundle = _bundle_for_update(bundle_id)
    if bundle.deliveries.exists():
        if bundle.active:
            bundle.active = False
            bundle.save(update_fields=["active", "updated_at"])
        return BundleDeletion(
            deleted=False,
            deactivated=True,
            reason="This bundle has deliveries, which keep referring to it, so it was deactivated instead of deleted.",
        )
    files = list(BundleFile.objects.filter(bundle=bundle))
    stored = sum(f.size for f in files if f.state in {BundleFile.State.VERIFYING, BundleFile.State.READY})
    if stored:
        billing.storage_usage_adjust(tenant_id=current_tenant().id, delta_bytes=-stored)
    bundle.delete()
    _remove_objects_after_commit(files)
    return BundleDeletion(deleted=True, deactivated=False, reason="")


def _check_fields(data: Mapping[str, object]) -> None:
    unknown = set(data) - BUNDLE_FIELDS
    if unknown:
        raise TypeError(f"not bundle fields: {sorted(unknown)}")


def _bundle_for_update(bundle_id: uuid.UUID) -> Bundle:
    bundle = Bundle.objects.select_for_update().filter(id=bundle_id).first()
    if bundle is None:
        raise NotFound("No such bundle.")
    return bundle


# --- uploads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PutUpload:
    url: str
    headers: dict[str, str]
    method: Literal["PUT"] = "PUT"


@dataclass(frozen=True)
class MultipartUpload:
    part_size: int
    parts: list[storage.PresignedPart]
    method: Literal["MULTIPART"] = "MULTIPART"


@dataclass(frozen=True)
class UploadStart:
    file: BundleFile
    upload: PutUpload | MultipartUpload


def file_upload_start(*, bundle_id: uuid.UUID, filename: str, size: int, content_type: str) -> UploadStart:
    """Register a file and hand the browser presigned URLs: one PUT up to the threshold, S3 multipart above it."""
    if not Bundle.objects.filter(id=bundle_id).exists():
        raise NotFound("No such bundle.")
    filename = filetypes.normalise_filename(filename)
    content_type = filetypes.normalise_content_type(content_type, filename=filename)
    errors: dict[str, list[str]] = {}
    if problems := filetypes.filename_errors(
        filename, allow_script_files=selectors.catalog_settings_get().allow_script_files
    ):
        errors["filename"] = problems
    if problems := _size_errors(size):
        errors["size"] = problems
    if problems := filetypes.content_type_errors(content_type):
        errors["content_type"] = problems
    if errors:
        raise ValidationFailed(errors)
    billing.storage_quota_check(tenant_id=current_tenant().id, additional_bytes=size)

    file_id = uuid.uuid4()
    key = storage.object_key(schema_name=_tenant_schema(), file_id=file_id)
    multipart = size > settings.CATALOG_MULTIPART_THRESHOLD_BYTES
    part_size = storage.multipart_part_size(size) if multipart else None
    try:
        upload_id = storage.multipart_start(key=key, content_type=content_type) if multipart else ""
    except S3_ERRORS as exc:
        logger.warning("S3 refused to start an upload for file %s: %s", file_id, exc)
        raise StorageUnavailable() from exc

    try:
        with transaction.atomic():
            # Locking the bundle serialises positions with concurrent uploads and reorders.
            bundle = _bundle_for_update(bundle_id)
            last = BundleFile.objects.filter(bundle=bundle).aggregate(last=Max("position"))["last"]
            file = BundleFile.objects.create(
                id=file_id,
                bundle=bundle,
                position=0 if last is None else last + 1,
                filename=filename,
                size=size,
                content_type=content_type,
                category=filetypes.file_category(filename=filename, content_type=content_type),
                object_key=key,
                multipart_upload_id=upload_id,
                multipart_part_size=part_size,
            )
    except Exception:
        if upload_id:
            _abort_quietly(key, upload_id)
        raise

    upload: PutUpload | MultipartUpload
    if part_size is not None:
        parts = storage.multipart_part_urls(key=key, upload_id=upload_id, size=size, part_size=part_size)
        upload = MultipartUpload(part_size=part_size, parts=parts)
    else:
        url = storage.presigned_put_url(key=key, content_type=content_type, size=size)
        upload = PutUpload(url=url, headers={"Content-Type": content_type})
    return UploadStart(file=file, upload=upload)


def _size_errors(size: int) -> list[str]:
    if size < 1:
        return ["Files must contain at least one byte."]
    if size > settings.CATALOG_MAX_FILE_SIZE_BYTES:
        return [f"Files can be at most {human_size(settings.CATALOG_MAX_FILE_SIZE_BYTES)}."]
    return []


def _tenant_schema() -> str:
    schema = current_schema()
    if schema == "public":
        # Object keys are per tenant; without a tenant there is no right prefix (fail closed).
        raise RuntimeError("catalog uploads need an active tenant schema")
    return schema


def file_upload_complete(*, file_id: uuid.UUID, parts: Sequence[tuple[int, str]] = ()) -> BundleFile:
    """The browser says the bytes are in S3: assemble multipart parts, check the size, and queue the SHA-256.

    Idempotent: completing a file that is already verifying or ready returns it unchanged.
    """
    file = selectors.file_get(file_id=file_id)
    if file.state in {BundleFile.State.VERIFYING, BundleFile.State.READY}:
        return file
    if file.state == BundleFile.State.FAILED:
        raise Conflict("upload_failed", "This upload failed verification: delete the file and upload it again.")
    ordered_parts = _parts_check(file, parts)

    try:
        if file.multipart_upload_id:
            storage.multipart_complete(key=file.object_key, upload_id=file.multipart_upload_id, parts=ordered_parts)
        actual_size = storage.object_size(file.object_key)
    except storage.MultipartRejected as exc:
        raise ValidationFailed({"parts": [f"S3 refused the parts ({exc.code}): {exc}"]}) from exc
    except S3_ERRORS as exc:
        logger.warning("S3 failed while completing file %s: %s", file.id, exc)
        raise StorageUnavailable() from exc

    if actual_size is None:
        raise ApiError(422, "upload_missing", "No uploaded bytes were found for this file: upload them, then complete.")
    if actual_size != file.size:
        # Committed before answering: the state must stay failed although the request fails.
        if BundleFile.objects.filter(id=file.id, state=BundleFile.State.PENDING).update(state=BundleFile.State.FAILED):
            _remove_objects_after_commit([file])
        raise ApiError(
            422,
            "size_mismatch",
            f"The uploaded file has {actual_size} bytes but {file.size} were declared; it is marked failed.",
            fields={"size": [f"Declared {file.size} bytes, uploaded {actual_size} bytes."]},
        )

    with transaction.atomic():
        # A conditional update, so that concurrent completions queue the hash (and count the bytes) once.
        if BundleFile.objects.filter(id=file.id, state=BundleFile.State.PENDING).update(
            state=BundleFile.State.VERIFYING, uploaded_at=timezone.now()
        ):
            billing.storage_usage_adjust(tenant_id=current_tenant().id, delta_bytes=file.size, enforce_quota=True)
            _queue_sha256(file.id)
    return selectors.file_get(file_id=file.id)


def _parts_check(file: BundleFile, parts: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    if not file.multipart_upload_id:
        if parts:
            raise ValidationFailed({"parts": ["This file was uploaded with a single PUT: send no parts."]})
        return []
    ordered = sorted(parts)
    if not ordered:
        raise ValidationFailed({"parts": ["List every uploaded part with the ETag S3 returned for it."]})
    if [number for number, _ in ordered] != list(range(1, len(ordered) + 1)):
        raise ValidationFailed({"parts": ["Part numbers must run from 1 without gaps or repeats."]})
    part_size = file.multipart_part_size or storage.multipart_part_size(file.size)
    expected = len(storage.multipart_part_sizes(size=file.size, part_size=part_size))
    if len(ordered) != expected:
        raise ValidationFailed({"parts": [f"This file has {expected} parts; {len(ordered)} were listed."]})
    return ordered


def _queue_sha256(file_id: uuid.UUID) -> None:
    """After commit; if the broker is down then, `files_verifying_sweep` re-sends it."""
    from alva.catalog import tasks

    enqueue_on_commit(tasks.file_sha256_compute, str(file_id))


def files_verifying_sweep(*, older_than: timedelta = VERIFYING_SWEEP_AFTER, limit: int = 1000) -> int:
    """Re-send the hash for files stuck in verifying (a message lost while Redis was down). Idempotent."""
    from alva.catalog import tasks

    ids = list(
        BundleFile.objects.filter(state=BundleFile.State.VERIFYING, uploaded_at__lt=timezone.now() - older_than)
        .order_by("uploaded_at")
        .values_list("id", flat=True)[:limit]
    )
    for file_id in ids:
        tasks.file_sha256_compute.send(str(file_id))
    return len(ids)


def file_sha256_compute(*, file_id: uuid.UUID) -> None:
    """Stream the object and record its SHA-256: verifying -> ready (or failed). A no-op in any other state.

    S3 errors propagate, so the actor retries them.
    """
    file = BundleFile.objects.filter(id=file_id).first()
    if file is None or file.state != BundleFile.State.VERIFYING:
        return
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in storage.object_chunks(file.object_key):
            digest.update(chunk)
            size += len(chunk)
    except storage.ObjectMissing:
        logger.warning("File %s has no object to hash; marking it failed", file.id)
        _mark_failed(file)
        return
    if size != file.size:
        # The object changed after completion (a replayed upload URL): never serve bytes nobody verified.
        logger.warning("File %s is %s bytes in S3, %s declared; marking it failed", file.id, size, file.size)
        _mark_failed(file)
        return
    BundleFile.objects.filter(id=file.id, state=BundleFile.State.VERIFYING).update(
        sha256=digest.hexdigest(), state=BundleFile.State.READY
    )


def _mark_failed(file: BundleFile) -> None:
    BundleFile.objects.filter(id=file.id, state=BundleFile.State.VERIFYING).update(state=BundleFile.State.FAILED)


# --- editing and ordering files ----------------------------------------------------------------


@transaction.atomic
def file_update(*, file_id: uuid.UUID, filename: str | None = None, position: int | None = None) -> BundleFile:
    """Rename a file (its category follows the new extension) and/or move it to `position` (0-based) in its bundle."""
    bundle_id = selectors.file_get(file_id=file_id).bundle_id
    bundle = _bundle_for_update(bundle_id)
    files = list(BundleFile.objects.filter(bundle=bundle).order_by("position", "created_at"))
    file = next((candidate for candidate in files if candidate.id == file_id), None)
    if file is None:
        raise NotFound("No such file.")

    errors: dict[str, list[str]] = {}
    if filename is not None:
        filename = filetypes.normalise_filename(filename)
        if problems := filetypes.filename_errors(
            filename, allow_script_files=selectors.catalog_settings_get().allow_script_files
        ):
            errors["filename"] = problems
    if position is not None and not 0 <= position < len(files):
        errors["position"] = [f"Enter a position from 0 to {len(files) - 1}."]
    if errors:
        raise ValidationFailed(errors)

    if filename is not None and filename != file.filename:
        file.filename = filename
        file.category = filetypes.file_category(filename=filename, content_type=file.content_type)
        file.save(update_fields=["filename", "category"])
    if position is not None:
        files.remove(file)
        files.insert(position, file)
        _renumber(files)
    return selectors.file_get(file_id=file_id)


@transaction.atomic
def bundle_files_reorder(*, bundle_id: uuid.UUID, file_ids: Sequence[uuid.UUID]) -> Bundle:
    """Set the order of the whole bundle; `file_ids` must list each of its files exactly once."""
    bundle = _bundle_for_update(bundle_id)
    files = {file.id: file for file in BundleFile.objects.filter(bundle=bundle)}
    if len(file_ids) != len(set(file_ids)) or set(file_ids) != set(files):
        raise ValidationFailed({"file_ids": ["List every file of this bundle exactly once (and no other file)."]})
    _renumber([files[file_id] for file_id in file_ids])
    return selectors.bundle_get(bundle_id=bundle.id)


def _renumber(files: list[BundleFile]) -> None:
    changed = []
    for position, file in enumerate(files):
        if file.position != position:
            file.position = position
            changed.append(file)
    BundleFile.objects.bulk_update(changed, ["position"])


@transaction.atomic
def file_delete(*, file_id: uuid.UUID) -> None:
    """Remove a file and (after commit) its object. A downloaded file stays: downloads keep referring to it.

    The row lock also blocks a download being recorded for it meanwhile (that insert needs a key-share lock).
    """
    file = BundleFile.objects.select_for_update().filter(id=file_id).first()
    if file is None:
        raise NotFound("No such file.")
    if file.downloads.exists():
        raise Conflict(
            "file_has_downloads",
            "Customers have downloaded this file, so it is kept for their download history. "
            "Upload a new file and deactivate the bundle instead.",
        )
    if file.state in {BundleFile.State.VERIFYING, BundleFile.State.READY}:
        billing.storage_usage_adjust(tenant_id=current_tenant().id, delta_bytes=-file.size)
    file.delete()
    _remove_objects_after_commit([file])


def _remove_objects_after_commit(files: Iterable[BundleFile]) -> None:
    keys = [file.object_key for file in files]
    uploads = [
        (file.object_key, file.multipart_upload_id)
        for file in files
        if file.multipart_upload_id and file.state == BundleFile.State.PENDING
    ]
    if keys:
        transaction.on_commit(lambda: objects_remove(keys=keys, uploads=uploads))


def objects_remove(*, keys: Sequence[str], uploads: Sequence[tuple[str, str]] = ()) -> None:
    """Abort unfinished multipart uploads and delete objects now; when S3 fails, a retrying worker does it later."""
    try:
        objects_remove_now(keys=keys, uploads=uploads)
        return
    except (*S3_ERRORS, storage.DeleteFailed) as exc:
        logger.warning("Deleting %s object(s) failed (%s); queueing a retry", len(keys), exc)
    from alva.catalog import tasks

    try:
        tasks.objects_delete.send(list(keys), [list(upload) for upload in uploads])
    except Exception:
        # Runs after commit: the rows are gone either way, so never fail the request for leftover objects.
        logger.exception("Could not queue the deletion of %s object(s); they stay orphaned", len(keys))


def objects_remove_now(*, keys: Sequence[str], uploads: Sequence[tuple[str, str]] = ()) -> None:
    for key, upload_id in uploads:
        storage.multipart_abort(key=key, upload_id=upload_id)
    storage.delete_objects(keys)


def _abort_quietly(key: str, upload_id: str) -> None:
    try:
        storage.multipart_abort(key=key, upload_id=upload_id)
    except S3_ERRORS:
        logger.warning("Could not abort an unused multipart upload; the bucket lifecycle rule will")


# --- settings ----------------------------------------------------------------------------------


def catalog_settings_update(*, allow_script_files: bool) -> CatalogSettings:
    settings_row, _ = CatalogSettings.objects.update_or_create(
        singleton=True, defaults={"allow_script_files": allow_script_files}
    )
    return settings_row


def catalog_remove_all_objects() -> int:
    """Closing a store: every object of every bundle goes (rows stay until the schema is dropped)."""
    files = list(BundleFile.objects.all())
    _remove_objects_after_commit(files)
    return len(files)
