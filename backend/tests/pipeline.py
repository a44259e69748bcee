"""Helpers that build pipeline state the way production does (real services, real S3), for tests."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings

from alva.catalog import storage
from alva.catalog.models import Bundle, BundleFile
from alva.core.tenancy import current_schema
from alva.deliveries.models import Delivery
from alva.deliveries.services import delivery_create_from_receipt, delivery_decide
from alva.ingest.receiver import record_accepted

FILES = (
    ("Field Guide.pdf", b"%PDF-1.4 field guide", "application/pdf", "DOCUMENT"),
    ("Presets.zip", b"PK\x03\x04 presets", "application/zip", "ARCHIVE"),
)


def ready_bundle(schema_name: str, *, files=FILES, **fields: Any) -> Bundle:
    """A bundle whose files are really in S3 and marked ready (call inside the store's schema)."""
    bundle = Bundle.objects.create(name=fields.pop("name", "Film Presets"), **fields)
    for position, (name, content, content_type, category) in enumerate(files):
        file_id = uuid.uuid4()
        key = f"{schema_name}/files/{file_id}"
        storage.client().put_object(Bucket=settings.S3_BUCKET, Key=key, Body=content, ContentType=content_type)
        BundleFile.objects.create(
            id=file_id, bundle=bundle, position=position, filename=name, size=len(content), content_type=content_type,
            category=category, object_key=key, state=BundleFile.State.READY, sha256="ab" * 32,
        )  # fmt: skip
    return bundle


def delivery_for(bundle: Bundle, *, email: str = "ada@example.com", decide: bool = True, **body: Any) -> Delivery:
    """What a webhook, the ingest worker and the fraud worker produce, run inline."""
    answer = record_accepted(
        schema_name=current_schema(),
        bundle_id=bundle.id,
        slug=bundle.webhook_slug,
        key=f"key:{uuid.uuid4()}",
        body={"email": email, "first_name": "Ada", "last_name": "Lovelace", **body},
        remote_ip=None,
    )
    delivery = delivery_create_from_receipt(call_id=answer.body["delivery_id"])
    assert delivery is not None
    if decide:
        delivery = delivery_decide(delivery_id=delivery.id)
    assert delivery is not None
    delivery.refresh_from_db()
    return delivery
