"""The webhook hot path: a rate-limit count, a cached endpoint, a constant-time secret check, one insert, one
enqueue.

Everything else (customer, delivery, fraud, Klaviyo) happens in workers from the durable receipt.
Klaviyo retries only 429/5xx, so 4xx is used only for what a retry cannot fix.

Speed: the statements name their schema and run on the driver's cursor, on the request's own
connection and transaction. Django's cursor would first send django-tenants' `SET search_path`
and the connection health check: two more round trips on top of the one an accepted call needs
(the insert; the endpoint lookup too when `endpoints` has no valid entry). Errors still go through
`wrap_database_errors`, so Django closes a broken connection at the end of the request exactly as it
would for its own cursors.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid4

import psycopg
from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connection, transaction
from django.http import JsonResponse
from psycopg import sql

from alva.core.tasks import enqueue_on_commit
from alva.ingest import endpoints
from alva.ingest import payload as payload_rules
from alva.ingest.receipt_sql import INSERT_RECEIPT
from alva.ingest.secrets import secret_matches

logger = logging.getLogger(__name__)

SLUG = re.compile(r"[A-Za-z0-9_-]{1,64}")
SECRET_HEADER = "HTTP_X_ALVA_WEBHOOK_SECRET"  # noqa: S105 -- a header name, not a secret


@dataclass(frozen=True)
class WebhookCallIn:
    slug: str
    body: bytes
    declared_length: int
    secret: str
    idempotency_header: str
    remote_ip: str | None
    schema_name: str


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


def call_from_environ(environ: Mapping[str, Any], *, slug: str, body: bytes, schema_name: str) -> WebhookCallIn:
    """The call as the receiver sees it, from a WSGI environ (a Django request's META is one too)."""
    try:
        declared_length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared_length = 0
    return WebhookCallIn(
        slug=slug,
        body=body,
        declared_length=declared_length,
        secret=environ.get(SECRET_HEADER, ""),
        idempotency_header=environ.get("HTTP_IDEMPOTENCY_KEY", ""),
        remote_ip=environ.get("REMOTE_ADDR") or None,
        schema_name=schema_name,
    )


def answer_response(answer: Answer) -> JsonResponse:
    response = JsonResponse(answer.body, status=answer.status)
    for name, value in answer.headers.items():
        response[name] = value
    return response


def _error(status: int, code: str, message: str, **extra: Any) -> Answer:
    error: dict[str, Any] = {"code": code, "message": message, **extra}
    return Answer(status, {"error": error}, {"Retry-After": "1"} if status == 429 else {})


@dataclass(frozen=True)
class _Statements:
    endpoint: str
    insert: str
    original: str
    insert_duplicate: str


_STATEMENTS = _Statements(
    endpoint="""
        SELECT b.id, b.active, s.current_sealed, s.previous_sealed, s.previous_valid_until, s.rate_limit_per_second
        FROM {schema}.catalog_bundle b LEFT JOIN {schema}.ingest_webhooksecret s ON s.singleton
        WHERE b.webhook_slug = %s""",
    insert=INSERT_RECEIPT,
    original="""
        SELECT id FROM {schema}.ingest_webhookcall
        WHERE bundle_id = %s AND idempotency_key = %s AND outcome = 'accepted'""",
    insert_duplicate="""
        INSERT INTO {schema}.ingest_webhookcall
            (id, received_at, slug, bundle_id, outcome, status_code, error_code, error_message,
             idempotency_key, duplicate_of_id, remote_ip, is_test)
        VALUES (%s, clock_timestamp(), %s, %s, 'duplicate', 200, '', '', %s, %s, %s, false)""",
)


@lru_cache(maxsize=4096)
def _statements(schema_name: str) -> _Statements:
    """The statements with the schema quoted in by the driver, rendered once per schema and process."""
    schema = sql.Identifier(schema_name)
    rendered = {
        name: sql.SQL(template).format(schema=schema).as_string() for name, template in vars(_STATEMENTS).items()
    }
    return _Statements(**rendered)


@contextmanager
def _driver_cursor() -> Iterator[psycopg.Cursor[Any]]:
    """The driver's cursor on Django's connection (see the module docstring for why not Django's).

    A server-side-binding cursor, unlike Django's client-side one: psycopg then prepares these few
    statements on each connection after a handful of calls, so PostgreSQL stops re-planning them.
    """
    with connection.wrap_database_errors:
        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            yield cursor


def _log_rejection(call: WebhookCallIn, bundle_id: UUID | None, answer: Answer, body: dict[str, Any] | None) -> Answer:
    """Rejected calls appear in the merchant's webhook log too (best effort: never turn a 4xx into a 5xx)."""
    error = answer.body["error"]
    try:
        # A savepoint, so a failed log write cannot poison a surrounding transaction.
        with transaction.atomic(), _driver_cursor() as cursor:
            cursor.execute(
                _statements(call.schema_name).insert,
                [
                    uuid4(), call.slug[:64], bundle_id, "rejected", answer.status, error["code"],
                    error["message"][:500], "", json.dumps(body) if body is not None else None, call.remote_ip, False,
                ],
            )  # fmt: skip
    except DatabaseError:
        logger.warning("could not log a rejected webhook call", exc_info=True)
    return answer


def _find_endpoint(schema_name: str, slug: str, version: bytes | None) -> endpoints.Endpoint | None:
    endpoint = endpoints.cached(schema_name, slug, version)
    if endpoint is None:
        with _driver_cursor() as cursor:
            cursor.execute(_statements(schema_name).endpoint, [slug])
            row = cursor.fetchone()
        if row is None:
            return None
        endpoint = endpoints.endpoint_from_row(row)
        endpoints.remember(schema_name, slug, version, endpoint)
    return endpoint


def receive(call: WebhookCallIn) -> Answer:
    if call.declared_length > settings.WEBHOOK_MAX_BODY_BYTES or len(call.body) > settings.WEBHOOK_MAX_BODY_BYTES:
        answer = _error(413, "body_too_large", f"The body is over {settings.WEBHOOK_MAX_BODY_BYTES} bytes.")
        return _log_rejection(call, None, answer, None)
    if not SLUG.fullmatch(call.slug):
        return _error(404, "unknown_endpoint", "No webhook endpoint has this URL.")
    gate = endpoints.gate(call.schema_name)
    try:
        endpoint = _find_endpoint(call.schema_name, call.slug, gate.version)
    except DatabaseError:
        logger.exception("webhook endpoint lookup failed")
        return _error(503, "unavailable", "The store cannot record this call right now; retry later.")
    if endpoint is None:
        return _log_rejection(call, None, _error(404, "unknown_endpoint", "No webhook endpoint has this URL."), None)
    bundle_id = endpoint.bundle_id
    if gate.calls_this_second is not None and gate.calls_this_second > endpoint.rate_limit_per_second:
        return _log_rejection(call, bundle_id, _error(429, "rate_limited", "Too many webhook calls; slow down."), None)
    if not secret_matches(
        presented=call.secret,
        current_sealed=endpoint.current_sealed,
        previous_sealed=endpoint.previous_sealed,
        previous_valid_until=endpoint.previous_valid_until,
    ):
        message = "The x-alva-webhook-secret header is missing." if not call.secret else "The webhook secret is wrong."
        return _log_rejection(call, bundle_id, _error(401, "invalid_secret", message), None)
    if not endpoint.active:
        return _log_rejection(call, bundle_id, _error(409, "bundle_inactive", "This bundle is not active."), None)
    try:
        body = payload_rules.parse_body(call.body)
        payload_rules.extract_customer(body)
    except payload_rules.PayloadError as exc:
        parsed = body if exc.field != "__body__" else None
        answer = _error(422, exc.code, exc.message, fields={exc.field: [exc.message]})
        return _log_rejection(call, bundle_id, answer, parsed)
    key = payload_rules.idempotency_key(body=body, header_key=call.idempotency_header, slug=call.slug)
    return record_accepted(
        schema_name=call.schema_name, bundle_id=bundle_id, slug=call.slug, key=key, body=body, remote_ip=call.remote_ip
    )


def record_accepted(
    *,
    schema_name: str,
    bundle_id: UUID,
    slug: str,
    key: str,
    body: dict[str, Any],
    remote_ip: str | None,
    is_test: bool = False,
) -> Answer:
    """Durably record the receipt (unique per endpoint and key), then enqueue once it is committed."""
    from alva.ingest.tasks import process_receipt

    call_id = uuid4()
    statements = _statements(schema_name)
    try:
        # One statement in autocommit: atomic and durable on its own, and one round trip instead of three.
        with _driver_cursor() as cursor:
            cursor.execute(
                statements.insert,
                [call_id, slug, bundle_id, "accepted", 202, "", "", key, json.dumps(body), remote_ip, is_test],
            )
            inserted = cursor.fetchone()
            if inserted is None:
                return _record_duplicate(
                    cursor, statements, bundle_id=bundle_id, slug=slug, key=key, remote_ip=remote_ip
                )
        enqueue_on_commit(process_receipt, str(call_id))
    except DatabaseError:
        logger.exception("could not record a webhook call")
        return _error(503, "unavailable", "The store cannot record this call right now; retry later.")
    return Answer(202, {"delivery_id": str(call_id), "status": "Processing"}, {})


def _record_duplicate(
    cursor: Any, statements: _Statements, *, bundle_id: UUID, slug: str, key: str, remote_ip: str | None
) -> Answer:
    cursor.execute(statements.original, [bundle_id, key])
    (original_id,) = cursor.fetchone()
    cursor.execute(statements.insert_duplicate, [uuid4(), slug, bundle_id, key, original_id, remote_ip])
    return Answer(200, {"duplicate": True, "delivery_id": str(original_id)}, {})
