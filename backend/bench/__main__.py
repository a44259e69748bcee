"""Benchmarks: `make bench` prints one JSON document. Run inside `devtools.services run --durable`.

Measured against a real gunicorn (production config) on loopback, with a baseline from the same
server in the same run, because absolute times on shared machines drift.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

BACKEND = Path(__file__).resolve().parent.parent
APP_HOST = "app.alva.localhost"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
    }


def manage(*args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=BACKEND, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def django_shell(code: str, env: dict[str, str]) -> str:
    """Run setup code in a Django process (creating tenants is not what we measure)."""
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=BACKEND,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def grow_tenants_to(count: int, env: dict[str, str]) -> None:
    django_shell(
        f"""
from alva.core.testing import make_store
from alva.tenants.models import Tenant
existing = Tenant.objects.exclude(status="spare").count()
for i in range(existing, {count}):
    make_store(f"existing-{{i}}")
""",
        env,
    )


def fill_pool(target: int, env: dict[str, str]) -> None:
    manage("refill_spare_schemas", "--target", str(target), env=env)


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def signup_until_usable(client: httpx.Client, label: str, index: int) -> float:
    """POST sign-up on app., then the first request on the new store host; seconds until it answers."""
    subdomain = f"{label}-{index}"
    started = time.perf_counter()
    response = client.post(
        "/api/v1/signup",
        headers={"Host": APP_HOST},
        json={
            "email": f"owner-{subdomain}@bench.example.com",
            "password": "bench-password-plum-7",
            "store_name": f"Bench {subdomain}",
            "subdomain": subdomain,
        },
    )
    if response.status_code != 201:
        raise RuntimeError(f"sign-up failed: {response.status_code} {response.text}")
    store = client.get("/api/v1/auth/csrf", headers={"Host": f"{subdomain}.alva.localhost"})
    if store.status_code != 200:
        raise RuntimeError(f"new store not usable: {store.status_code} {store.text}")
    return time.perf_counter() - started


def bench_signup(env: dict[str, str], base: str, *, signups: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        timed(lambda: client.get("/healthz"), 20)  # warm both workers
        for existing in (10, 200):
            grow_tenants_to(existing, env)
            fill_pool(signups + 3, env)
            baseline = timed(
                lambda: client.get("/api/v1/signup/availability?subdomain=zz-free", headers={"Host": APP_HOST}), 100
            )
            samples = [signup_until_usable(client, f"s{existing}", i) for i in range(signups)]
            results[f"with_{existing}_tenants"] = {
                "signup_until_usable": summary_ms(samples),
                "baseline_availability_get": summary_ms(baseline),
            }
        # The fallback when the pool is empty: provisioning inline, measured for contrast.
        fill_pool(0, env)
        django_shell(
            "from alva.tenants.models import Tenant; Tenant.objects.filter(status='spare').update(status='suspended')",
            env,
        )
        cold = [signup_until_usable(client, "cold", i) for i in range(3)]
        results["empty_pool_inline_provisioning"] = summary_ms(cold)
    p50_10 = results["with_10_tenants"]["signup_until_usable"]["p50_ms"]
    p50_200 = results["with_200_tenants"]["signup_until_usable"]["p50_ms"]
    results["ratio_p50_200_vs_10"] = round(p50_200 / p50_10, 2)
    results["targets"] = {
        "p50_le_300ms": p50_10 <= 300 and p50_200 <= 300,
        "p50_200_within_1_5x_of_10": p50_200 <= 1.5 * p50_10,
    }
    return results


def bench_migrate(env: dict[str, str]) -> dict[str, Any]:
    count = int(django_shell("from alva.tenants.models import Tenant; print(Tenant.objects.count())", env))
    standard = manage("migrate_schemas", "--executor=standard", "-v", "0", env=env)
    parallel = manage("migrate_schemas", "--executor=multiprocessing", "-v", "0", env=env)
    return {"schemas": count, "standard_s": round(standard, 2), "multiprocessing_s": round(parallel, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signups", type=int, default=20)
    parser.add_argument("--port", type=int, default=18123)
    parser.add_argument("--only", choices=["signup", "pipeline", "support", "dashboard"], default=None)
    args = parser.parse_args()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
        # Every bench sign-up comes from 127.0.0.1; the per-IP abuse limit is not what is measured.
        "SIGNUP_RATE_LIMIT_PER_HOUR": "100000",
        # Likewise every download comes from one address: the per-IP page limit is not what is measured.
        "DOWNLOAD_PAGE_RATE_LIMIT_PER_MINUTE": "1000000",
    }
    report: dict[str, Any] = {"machine": {"cpus": os.cpu_count()}, "postgres_fsync": "on (durable)"}
    if args.only in (None, "signup"):
        report |= bench_signup_suite(env, args)
    if args.only in (None, "pipeline"):
        from bench import pipeline

        report["pipeline"] = pipeline.run(env)
    if args.only in (None, "support"):
        from bench import support

        report["support"] = support.run(env)
    if args.only in (None, "dashboard"):
        from bench import dashboard

        report["dashboard"] = dashboard.run(env)
    print(json.dumps(report, indent=2))


def bench_signup_suite(env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    manage("migrate_schemas", "--shared", "-v", "0", env=env)
    from devtools.gunicorn import serving

    with serving("config.wsgi:application", port=args.port, env=env, workers=2) as base:
        signup = bench_signup(env, base, signups=args.signups)
    hash_ms = django_shell(
        "import time; from django.contrib.auth.hashers import make_password\n"
        "make_password('warm-up-password')\n"
        "t = time.perf_counter(); [make_password('bench-password-plum-7') for _ in range(5)]\n"
        "print((time.perf_counter() - t) / 5 * 1000)",
        env,
    )
    return {
        # The floor under any sign-up: hashing the owner's password once (Argon2, production settings).
        "password_hash_ms": round(float(hash_ms), 1),
        "signup": signup,
        "migrate_schemas": bench_migrate(env),
    }


if __name__ == "__main__":
    main()
