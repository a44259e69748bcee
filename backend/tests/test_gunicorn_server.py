"""The production gunicorn config: the app loads in the master and forked workers serve (`config/gunicorn.py`)."""

import os
from pathlib import Path

import httpx

from devtools.gunicorn import serving
from devtools.services import free_port

BACKEND = Path(__file__).resolve().parent.parent


def test_preloaded_workers_open_their_own_connections_and_answer():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}

    with serving("config.wsgi:application", port=free_port(), env=env, workers=2) as base:
        # Sequential requests on new connections land on both workers; each reaches PostgreSQL and Redis
        # through connections it opened itself (one inherited from the master would break, or be shared).
        answers = [httpx.get(f"{base}/readyz", timeout=10) for _ in range(20)]

    assert {a.status_code for a in answers} == {200}
    assert {a.json()["status"] for a in answers} == {"ready"}
    assert answers[-1].json()["checks"] == {
        "postgres": {"ok": True, "error": None},
        "redis": {"ok": True, "error": None},
    }


def test_config_loads_the_app_in_the_master_and_freezes_it_before_forking():
    config: dict[str, object] = {}
    exec((BACKEND / "config" / "gunicorn.py").read_text(), config)  # noqa: S102 -- our own config file

    assert config["preload_app"] is True
    assert callable(config["pre_fork"])
