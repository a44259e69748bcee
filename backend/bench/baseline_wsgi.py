"""Baseline (b) of the webhook benchmark: the irreducible work of accepting a webhook, with no framework.

Parse the JSON body, INSERT the receipt durably (COMMIT with the server's normal fsync settings) and push
its id onto a Redis list. The INSERT is the receiver's own (`alva.ingest.receipt_sql`): the same row in the
same store table, with its indexes and its idempotency-key conflict clause, since a receipt without them
is not an accepted webhook. The path names the store and endpoint (`/{schema}/{bundle_id}/{slug}`), as
the app's cached endpoint does. Run under gunicorn, as the API is.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import psycopg
import redis
from psycopg import sql

from alva.ingest.receipt_sql import INSERT_RECEIPT

_state: dict[str, Any] = {}


def _clients() -> tuple[psycopg.Connection[Any], redis.Redis[bytes]]:
    if "db" not in _state:
        _state["db"] = psycopg.connect(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1))
        _state["redis"] = redis.Redis.from_url(os.environ["REDIS_URL"])
    return _state["db"], _state["redis"]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    db, queue = _clients()
    schema, bundle_id, slug = environ["PATH_INFO"].strip("/").split("/")
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    payload = json.loads(body)
    receipt_id = uuid.uuid4()
    with db.cursor() as cursor:
        cursor.execute(
            sql.SQL(INSERT_RECEIPT).format(schema=sql.Identifier(schema)),
            (receipt_id, slug, bundle_id, "accepted", 202, "", "", f"body:{receipt_id}", json.dumps(payload),
             environ.get("REMOTE_ADDR"), False),
        )  # fmt: skip
    db.commit()
    queue.lpush("bench:receipts", str(receipt_id))
    start_response("202 Accepted", [("Content-Type", "application/json")])
    return [json.dumps({"delivery_id": str(receipt_id)}).encode()]
