"""Shared helpers of the klaviyo tests: the official schema check, connecting, enqueueing, running a worker."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import dramatiq
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from alva.core.tasks import broker
from alva.klaviyo import services
from alva.klaviyo.events import create_event_body
from alva.klaviyo.models import OutboxEvent
from devtools.klaviyo_emulator.validation import validate_create_event

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "devtools/klaviyo_emulator/schemas/create_event_request.schema.json"
SCHEMA_URI = "urn:klaviyo-openapi:create_event_request.schema.json"
API_KEY = "pk_emulator_dev"
QUEUE = "klaviyo-events"


def _draft4(schema: Any) -> Any:
    """OpenAPI 3.0 `nullable: true` as JSON Schema draft 4 (as the emulator's validation.py does)."""
    if isinstance(schema, list):
        return [_draft4(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _draft4(value) for key, value in schema.items() if key != "nullable"}
    if schema.get("nullable") is True:
        if "$ref" in out:
            return {"anyOf": [{"type": "null"}, {"$ref": out["$ref"]}]}
        if isinstance(out.get("type"), str):
            return {**out, "type": [out["type"], "null"]}
        return {"anyOf": [{"type": "null"}, out]}
    return out


@cache
def event_validator() -> Draft4Validator:
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    converted = {"components": {"schemas": _draft4(document["components"]["schemas"])}}
    registry: Registry[Any] = Registry().with_resource(
        SCHEMA_URI, Resource.from_contents(converted, default_specification=DRAFT4)
    )
    return Draft4Validator(
        {"$ref": f"{SCHEMA_URI}#/components/schemas/EventCreateQueryV2"},
        registry=registry,
        format_checker=FormatChecker(),
    )


def assert_valid_event_body(body: dict[str, Any]) -> None:
    """The official EventCreateQueryV2 schema, then the limits Klaviyo documents in prose."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in event_validator().iter_errors(body)]
    assert errors == []
    assert validate_create_event(body, datetime.now(UTC)) == []


def body_of(event: OutboxEvent) -> dict[str, Any]:
    return create_event_body(
        metric=event.metric,
        profile=event.profile,
        properties=event.properties,
        unique_id=event.unique_id,
        occurred_at=event.created_at,
    )


def enqueue(*, unique_id: str | None = None, email: str = "ada@example.com", delivery_id: UUID | None = None):
    return services.outbox_enqueue(
        metric="Alva Download Ready",
        profile={"email": email, "first_name": "Ada", "last_name": "Lovelace", "klaviyo_profile_id": ""},
        properties={"ProductName": "Preset Pack", "FileCount": 2},
        unique_id=unique_id or f"download-ready:{uuid4()}:{uuid4()}",
        delivery_id=delivery_id,
    )


def queued_messages() -> list[dict[str, Any]]:
    """Messages waiting on the klaviyo-events queue and its delay queue (decoded)."""
    client = broker.client
    raw = list(client.hvals(f"dramatiq:{QUEUE}.msgs")) + list(client.hvals(f"dramatiq:{QUEUE}.DQ.msgs"))
    return [json.loads(item) for item in raw]


def run_worker(django_db_blocker, *, threads: int = 1, timeout_ms: int = 20_000) -> None:
    """Process everything queued on klaviyo-events (delayed messages included), then stop."""
    with django_db_blocker.unblock():
        worker = dramatiq.Worker(broker, queues={QUEUE}, worker_threads=threads, worker_timeout=50)
        worker.start()
        try:
            broker.join(QUEUE, timeout=timeout_ms)
            worker.join()
        finally:
            worker.stop()
