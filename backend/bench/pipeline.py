"""Webhook and download benchmarks (issue: delivery pipeline §7), against baselines measured in the same run.

(a) a bare JSON endpoint through the same server and host routing; (b) a framework-free WSGI app doing the
irreducible work of accepting a webhook (durable INSERT + COMMIT, Redis push). Production gunicorn config,
loopback, wrk. PostgreSQL keeps its normal fsync settings (`devtools.services run --durable`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench import load
from devtools.gunicorn import serving

BACKEND = Path(__file__).resolve().parent.parent
STORES = 30  # 100 webhooks/s each: the per-store rate limit is not what is measured
# The production config's default (config/gunicorn.py: 2 * cores + 1), for the app and the baseline alike.
WORKERS = multiprocessing.cpu_count() * 2 + 1
ACCEPT_ROUNDS = 3
WARM_UP_SECONDS = 3
CSRF = "benchmarkcsrftokenbenchmarkcsrf1"  # 32 characters: a valid CSRF secret for cookie and header


def _median(runs: list[load.Result]) -> load.Result:
    """The run with the median throughput (whole, so its latencies belong to it)."""
    return sorted(runs, key=lambda r: r.per_second)[len(runs) // 2]


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextmanager
def dramatiq_workers(env: dict[str, str]) -> Iterator[None]:
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "rundramatiq", "--queues", queue, "--threads", "4"],
            cwd=BACKEND,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for queue in ("ingest", "fraud", "klaviyo-events")
    ]
    try:
        time.sleep(3)  # workers boot
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _setup_stores(emulator_url: str) -> list[dict[str, str]]:
    """Stores with a ready bundle, a webhook secret and a Klaviyo connection to the emulator."""
    from django.conf import settings

    from alva.core.testing import in_schema, make_store
    from alva.ingest.secrets import webhook_secret_ensure, webhook_secret_reveal
    from alva.klaviyo.services import connection_connect_api_key
    from tests.pipeline import ready_bundle

    settings.KLAVIYO_API_BASE = emulator_url
    stores = []
    for index in range(STORES):
        tenant = make_store(f"bench{index}")
        with in_schema(tenant):
            connection_connect_api_key(api_key="pk_emulator_dev")
            bundle = ready_bundle(tenant.schema_name, max_downloads=1000, max_unique_ips=100)
            webhook_secret_ensure()
            stores.append(
                {
                    "host": f"{tenant.subdomain}.{settings.APP_DOMAIN}",
                    "schema": tenant.schema_name,
                    "bundle_id": str(bundle.id),
                    "slug": bundle.webhook_slug,
                    "secret": webhook_secret_reveal(actor="bench"),
                    "file_id": str(bundle.files.first().id),
                }
            )
    return stores


WEBHOOK_BODY = '{"email": "UNIQUE@bench.example.com", "first_name": "Bench", "order_id": "UNIQUE"}'


def _webhook_targets(stores: list[dict[str, str]]) -> list[load.Target]:
    return [
        load.Target(
            "POST",
            f"/webhook/{s['slug']}",
            {"Host": s["host"], "Content-Type": "application/json", "x-alva-webhook-secret": s["secret"]},
            WEBHOOK_BODY,
        )
        for s in stores
    ]


def _baseline_targets(stores: list[dict[str, str]]) -> list[load.Target]:
    """The same bodies to the same stores' receipt tables, named in the path (baseline_wsgi.py)."""
    return [load.Target("POST", f"/{s['schema']}/{s['bundle_id']}/{s['slug']}", {}, WEBHOOK_BODY) for s in stores]


def _ready_latency(
    base: str, stores: list[dict[str, str]], emulator: Any, *, rate: int, seconds: int
) -> dict[str, Any]:
    """Send `rate` webhooks/s for `seconds`; time from each send to its `Alva Download Ready` at the emulator."""
    sent: dict[str, float] = {}
    seen: dict[str, float] = {}
    stop = threading.Event()

    def watch() -> None:
        index = 0
        while not stop.is_set():
            events = emulator.state.events
            while index < len(events):
                event = events[index]
                if event.metric_name == "Alva Download Ready":
                    seen.setdefault(event.profile.get("email", ""), time.monotonic())
                index += 1
            time.sleep(0.005)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    total = rate * seconds
    started = time.monotonic()
    with httpx.Client(base_url=base, timeout=10) as client:
        for i in range(total):
            time.sleep(max(0.0, started + i / rate - time.monotonic()))
            store = stores[i % len(stores)]
            email = f"latency-{i}@bench.example.com"
            sent[email] = time.monotonic()
            client.post(
                f"/webhook/{store['slug']}",
                json={"email": email, "first_name": "Lat", "order_id": f"latency-{i}"},
                headers={"Host": store["host"], "x-alva-webhook-secret": store["secret"]},
            )
    deadline = time.monotonic() + 60
    while len(seen) < total and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    latencies = [seen[email] - sent[email] for email in sent if email in seen]
    return {
        "offered_per_second": rate,
        "seconds": seconds,
        "webhooks": total,
        "events_received": len(latencies),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
    }


def _download_targets(stores: list[dict[str, str]], emulator: Any, count: int) -> list[load.Target]:
    by_host = {s["host"]: s for s in stores}
    targets = []
    for event in emulator.state.events:
        if event.metric_name != "Alva Download Ready":
            continue
        url = event.properties["DownloadPageURL"]
        host, path = url.split("://", 1)[1].split("/", 1)
        store = by_host[host.split(":")[0]]
        headers = {"Host": store["host"], "Cookie": f"csrftoken={CSRF}", "X-CSRFToken": CSRF}
        targets.append(load.Target("POST", f"/{path}/files/{store['file_id']}", headers))
        if len(targets) == count:
            break
    return targets


def run(env: dict[str, str], *, seconds: int = 10) -> dict[str, Any]:
    import django

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    from alva.core.redis import get_redis
    from devtools.klaviyo_emulator import start_emulator

    load.require_wrk()
    call_command("migrate_schemas", verbosity=0)
    emulator = start_emulator(port=0)
    try:
        stores = _setup_stores(emulator.base_url)
        env = {**env, "KLAVIYO_API_BASE": emulator.base_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
        report: dict[str, Any] = {"stores": STORES, "gunicorn_workers": WORKERS}
        with (
            serving("bench.baseline_wsgi:app", port=18301, env=env, workers=WORKERS, plain=True) as baseline_base,
            serving("config.wsgi:application", port=18300, env=env, workers=WORKERS) as base,
        ):
            bare = load.run(
                base,
                [load.Target("GET", "/api/v1/auth/csrf", {"Host": s["host"]}) for s in stores],
                seconds=seconds,
                connections=32,
            )
            # Both servers warm first (forked workers touching their pages, connections, prepared
            # statements, cached endpoints, PostgreSQL's buffers); then alternating rounds, because these
            # shared machines change speed from one run to the next and alternating exposes both to the same drift.
            load.run(baseline_base, _baseline_targets(stores), seconds=WARM_UP_SECONDS, connections=32, prefix="bw")
            load.run(base, _webhook_targets(stores), seconds=WARM_UP_SECONDS, connections=32, prefix="warm")
            baselines, accepts = [], []
            for round_ in range(ACCEPT_ROUNDS):
                baselines.append(
                    load.run(
                        baseline_base, _baseline_targets(stores), seconds=seconds, connections=32, prefix=f"b{round_}"
                    )
                )
                accepts.append(
                    load.run(base, _webhook_targets(stores), seconds=seconds, connections=32, prefix=f"accept{round_}")
                )
            baseline, accept = _median(baselines), _median(accepts)
            ratio = statistics.median(a.per_second / b.per_second for a, b in zip(accepts, baselines, strict=True))
            paced = load.run(
                base, _webhook_targets(stores), seconds=seconds, connections=20, rate_per_second=200, prefix="paced"
            )
            get_redis().flushdb()  # the receipts above are not what the latency run measures
            with dramatiq_workers(env):
                ready = _ready_latency(base, stores, emulator, rate=20, seconds=30)
                shared = load.run(
                    base,
                    _download_targets(stores, emulator, 100),
                    seconds=seconds,
                    connections=10,
                    rate_per_second=100,
                    prefix="download-shared",
                )
            # The API alone, as deployed (workers and Klaviyo run elsewhere): on this 2-core machine the
            # workers and the in-process Klaviyo emulator otherwise take the CPU the requests wait for.
            downloads = load.run(
                base,
                _download_targets(stores, emulator, 100),
                seconds=seconds,
                connections=10,
                rate_per_second=100,
                prefix="download",
            )
        report |= {
            "baseline_bare_json_endpoint": bare.as_dict(),
            "baseline_minimal_wsgi_insert_commit_redis": baseline.as_dict(),
            "webhook_accept_max_throughput": accept.as_dict(),
            "webhook_accept_ratio_to_minimal_wsgi": round(ratio, 2),
            "accept_rounds_per_second": {
                "baseline_minimal_wsgi": [round(r.per_second, 1) for r in baselines],
                "webhook": [round(r.per_second, 1) for r in accepts],
            },
            "webhook_at_200_per_second": paced.as_dict(),
            "webhook_to_download_ready": ready,
            "download_post_at_100_per_second": downloads.as_dict(),
            "download_post_at_100_per_second_with_workers_on_the_same_cores": shared.as_dict(),
        }
        report["targets"] = {
            "accept_ratio_ge_0_5": report["webhook_accept_ratio_to_minimal_wsgi"] >= 0.5,
            "accept_ge_1000_per_second": accept.per_second >= 1000,
            "webhook_p99_le_50ms_at_200_per_second": paced.p99_ms <= 50,
            "ready_p50_le_250ms": bool(ready["p50_ms"] is not None and ready["p50_ms"] <= 250),
            "ready_p95_le_1s": bool(ready["p95_ms"] is not None and ready["p95_ms"] <= 1000),
            "download_p99_le_30ms_at_100_per_second": downloads.p99_ms <= 30,
        }
        return report
    finally:
        emulator.stop()


if __name__ == "__main__":
    print(json.dumps(run(dict(os.environ)), indent=2))
