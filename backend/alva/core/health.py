"""Readiness checks: can this process reach PostgreSQL and Redis right now."""

from __future__ import annotations

from typing import TypedDict

from django.db import connection

from alva.core.redis import get_redis


class Check(TypedDict):
    ok: bool
    error: str | None


def readiness_checks() -> dict[str, Check]:
    return {"postgres": _check_postgres(), "redis": _check_redis()}


def _check_postgres() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "error": None}
    except Exception as exc:  # readiness reports any failure instead of raising
        connection.close()
        return {"ok": False, "error": type(exc).__name__}


def _check_redis() -> Check:
    try:
        get_redis().ping()
        return {"ok": True, "error": None}
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
