"""Actors of the catalog: hashing uploaded files, and deleting objects when S3 failed to at the time."""

import uuid

from alva.catalog import services
from alva.core.tasks import actor


# Streams up to 5 GB from S3: a generous limit. Transient S3 errors are retried; the state guard makes reruns no-ops.
@actor(
    actor_name="catalog.file_sha256_compute",
    queue_name="ingest",
    tenant_scoped=True,
    max_retries=8,
    time_limit_ms=60 * 60 * 1000,
)
def file_sha256_compute(file_id: str) -> None:
    services.file_sha256_compute(file_id=uuid.UUID(file_id))


# Keys carry their tenant prefix and no database is read, so this runs in whatever schema sent it.
@actor(actor_name="catalog.objects_delete", queue_name="ingest", tenant_scoped=False, max_retries=10)
def objects_delete(keys: list[str], uploads: list[list[str]]) -> None:
    services.objects_remove_now(keys=keys, uploads=[(key, upload_id) for key, upload_id in uploads])


@actor(actor_name="catalog.sweep_verifying_files", queue_name="ingest", tenant_scoped=True, max_retries=0)
def sweep_verifying_files() -> None:
    """Periodic (fanned out to every store): re-send the hash job for files stuck in "verifying"."""
    services.files_verifying_sweep()
