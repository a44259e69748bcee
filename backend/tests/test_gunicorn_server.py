"""The production gunicorn config: the app loads in the master and forked workers serve (`config/gunicorn.py`)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

BACKEND = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def production_server():
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--config", "config/gunicorn.py"],
        cwd=BACKEND,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(f"{base}/healthz", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    try:
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_preloaded_workers_open_their_own_connections_and_answer(production_server):
    base, process = production_server

    # Sequential requests on new connections land on both workers; each reaches PostgreSQL and Redis
    # through connections it opened itself (one inherited from the master would break, or be shared).
    answers = [httpx.get(f"{base}/readyz", timeout=10) for _ in range(20)]

    assert process.poll() is None
    assert {a.status_code for a in answers} == {200}
    assert {a.json()["status"] for a in answers} == {"ready"}
    assert [a.json()["checks"] for a in answers][-1] == {
        "postgres": {"ok": True, "error": None},
        "redis": {"ok": True, "error": None},
    }


def test_config_loads_the_app_in_the_master_and_freezes_it_before_forking():
    config: dict[str, object] = {}
    exec((BACKEND / "config" / "gunicorn.py").read_text(), config)  # noqa: S102 -- our own config file

    assert config["preload_app"] is True
    assert callable(config["pre_fork"])
