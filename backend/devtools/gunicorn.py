"""A gunicorn on loopback for tests and benchmarks, serving until the `with` block ends."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BACKEND = Path(__file__).resolve().parent.parent


@contextmanager
def serving(
    app: str, *, port: int, env: dict[str, str], workers: int | None = None, plain: bool = False
) -> Iterator[str]:
    """Its base URL once it answers /healthz (at most 60 s).

    With the production config (`config/gunicorn.py`, its worker count unless `workers` is given), or
    `plain`: gunicorn's defaults with `workers` workers. Output is dropped (a pipe nobody reads would
    stall the server once full); the access log is off.
    """
    command = [sys.executable, "-m", "gunicorn", app]
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": ""}
    if plain:
        command += ["--workers", str(workers or 1), "--bind", f"127.0.0.1:{port}"]
    else:
        command += ["--config", "config/gunicorn.py"]
        if workers:
            server_env["GUNICORN_WORKERS"] = str(workers)
    process = subprocess.Popen(
        command,
        cwd=BACKEND,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
