"""Baseline (b) of the webhook benchmark: the irreducible work of accepting a webhook, with no framework.

Parse the JSON body, INSERT it durably (COMMIT with the server's normal fsync settings) and push its id
onto a Redis list. Run under the same gunicorn settings as the API.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import psycopg
import redis

_state: dict[str, Any] = {}


def _clients() -> tuple[psycopg.Connection[Any], redis.Redis[bytes]]:
    if "db" not in _state:
        _state["db"] = psycopg.connect(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1))
        _state["redis"] = redis.Redis.from_url(os.environ["REDIS_URL"])
    return _state["db"], _state["redis"]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    db, queue = _clients()
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    payload = json.loads(body)
    receipt_id = uuid.uuid4()
    with db.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_receipts (id, received_at, payload) VALUES (%s, now(), %s::jsonb)",
            (receipt_id, json.dumps(payload)),
        )
    db.commit()
    queue.lpush("bench:receipts", str(receipt_id))
    start_response("202 Accepted", [("Content-Type", "application/json")])
    return [json.dumps({"delivery_id": str(receipt_id)}).encode()]
