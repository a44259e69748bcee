"""Dashboard speed (issue #4 "Speed"): the SPA's initial JS, and the time to the first row of 10,000 deliveries.

1. **Build.** `npm run build` (tsc + vite build) with a Vite manifest, into a temporary folder (so the
   `dist/` an end-to-end run may be serving is never touched).
2. **Initial JS** of the dashboard opened on `/deliveries`, from the manifest: the entry chunk of
   `index.html` and everything it imports statically (its `modulepreload` links), plus the dashboard
   app chunk (`main.tsx` loads it lazily for any store host) and the deliveries route chunk (a lazy
   route) with their static imports — exactly what the page must fetch before it can draw a row.
   Sizes are gzip at level 5, as `frontend/docker/nginx.conf` serves them (level 9 alongside). The
   JS files the browser had actually fetched when the first row appeared are reported too.
3. **Time to the first row.** Two stores, made the fast way (bulk inserts through the ORM in each
   store's schema, not webhooks): one with 10,000 deliveries, the baseline with 10. A real gunicorn
   (production config) behind `vite preview` (the SPA plus the API proxy, as `npm run e2e` uses) on
   loopback; headless Debian Chromium logs in once per store and then opens `/deliveries` in a fresh
   browser context each time (empty cache, same session), alternating the stores. Measured from
   navigation start to the first animation frame with a table row laid out; p50 and max over the
   runs. The server paginates (25 rows a page), so the two stores should be close.

Everything the run creates (two stores and their schemas, two users, the build) is removed afterwards.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

BACKEND = Path(__file__).resolve().parent.parent
FRONTEND = BACKEND.parent / "frontend"
DRIVER = Path(__file__).resolve().parent / "dashboard_browser.mjs"
API_PORT = 18400
WEB_PORT = 18401
LARGE = 10_000
BASELINE = 10
RUNS = 15
WARMUP = 2
PASSWORD = "bench-owner-password-7"  # noqa: S105 - a throwaway bench account
TARGET_INITIAL_JS_GZIP_BYTES = 250_000
TARGET_FIRST_ROW_MS = 1000
# The route measured: which lazy chunks (manifest keys) the dashboard needs to show /deliveries.
DASHBOARD_APP = "src/app/dashboard/dashboard-app.tsx"
DELIVERIES_ROUTE = "src/features/deliveries/components/deliveries-page.tsx"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Statuses as a store's history has them, most links handed out, a few held, blocked or revoked.
STATUSES = ["Approved"] * 9 + ["Downloaded"] * 8 + ["Pending Review", "Blocked", "Expired", "Revoked"]
FIRST = ["ada", "grace", "alan", "linus", "margaret", "ken", "barbara", "dennis", "frances", "edsger"]
LAST = ["lovelace", "hopper", "turing", "torvalds", "hamilton", "thompson", "liskov", "ritchie", "allen", "dijkstra"]
BUNDLES = ["Autumn Presets", "Portrait Pack", "Film Emulation", "Lightroom Course", "Wedding Templates"]


def _ms(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 1),
        "max_ms": round(max(samples), 1),
    }


def _missing_tools() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (FRONTEND / "node_modules/.bin/vite").exists() or not (FRONTEND / "node_modules/playwright-core").exists():
        return "frontend/node_modules is missing: run `make frontend-setup`"
    if not Path(_chromium()).exists():
        return "Chromium is missing: run `make browser`"
    return None


def _chromium() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


# --- build and bundle size -----------------------------------------------------------------------


def _build(out_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            *("npm", "run", "build", "--", "--manifest", "--outDir", str(out_dir), "--emptyOutDir"),
            # Its own folder: an e2e run building or serving dist/ at the same time is no conflict.
            *("--bypass-lock", "--logLevel", "warn"),
        ],
        cwd=FRONTEND,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _static_closure(manifest: dict[str, Any], roots: list[str]) -> list[str]:
    """The manifest keys of `roots` and of everything they import statically (what loads with them)."""
    seen: list[str] = []
    pending = list(roots)
    while pending:
        key = pending.pop(0)
        if key in seen:
            continue
        seen.append(key)
        pending.extend(manifest[key].get("imports", []))
    return seen


def _sizes(out_dir: Path, files: list[str]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for name in files:
        data = (out_dir / name).read_bytes()
        rows.append(
            {
                "file": name,
                "bytes": len(data),
                "gzip_bytes": len(gzip.compress(data, compresslevel=5, mtime=0)),
                "gzip9_bytes": len(gzip.compress(data, compresslevel=9, mtime=0)),
            }
        )
    rows.sort(key=lambda row: -row["gzip_bytes"])
    return {
        "files": len(rows),
        "bytes": sum(r["bytes"] for r in rows),
        "gzip_bytes": sum(r["gzip_bytes"] for r in rows),
        "gzip9_bytes": sum(r["gzip9_bytes"] for r in rows),
        "chunks": rows,
    }


def _bundle_report(out_dir: Path) -> tuple[dict[str, Any], set[str]]:
    manifest: dict[str, Any] = json.loads((out_dir / ".vite/manifest.json").read_text())
    entry = next(key for key, chunk in manifest.items() if chunk.get("isEntry"))
    for key in (DASHBOARD_APP, DELIVERIES_ROUTE):
        if not manifest.get(key, {}).get("isDynamicEntry"):
            raise RuntimeError(f"{key} is not a lazy chunk of its own any more: update bench/dashboard.py")
    entry_keys = _static_closure(manifest, [entry])
    home_keys = _static_closure(manifest, [entry, DASHBOARD_APP])
    route_keys = _static_closure(manifest, [entry, DASHBOARD_APP, DELIVERIES_ROUTE])
    html = (out_dir / "index.html").read_text()
    scripts = re.findall(r'<script type="module"[^>]* src="/([^"]+)"', html)
    preloads = re.findall(r'<link rel="modulepreload"[^>]* href="/([^"]+)"', html)
    if scripts != [manifest[entry]["file"]] or set(preloads) != {manifest[k]["file"] for k in entry_keys[1:]}:
        raise RuntimeError(f"index.html loads {scripts} + {preloads}, not what the manifest says: update the bench")
    all_js = sorted({chunk["file"] for chunk in manifest.values() if chunk["file"].endswith(".js")})
    route_files = [manifest[key]["file"] for key in route_keys]
    css = sorted({css for key in route_keys for css in manifest[key].get("css", [])})
    initial = _sizes(out_dir, route_files)
    everything = _sizes(out_dir, all_js)
    report = {
        "measured_route": "/deliveries on a store host",
        "gzip": "level 5 (frontend/docker/nginx.conf); gzip9_* at level 9; kB = 1000 bytes",
        "initial_js": {
            **{k: v for k, v in initial.items() if k != "chunks"},
            "gzip_kb": round(initial["gzip_bytes"] / 1000, 1),
            "chunks": initial["chunks"],
            "what": "index.html's entry + its modulepreloads, the dashboard app chunk, the deliveries route "
            "chunk, and their static imports",
        },
        "entry_only_gzip_kb": round(_sizes(out_dir, [manifest[k]["file"] for k in entry_keys])["gzip_bytes"] / 1000, 1),
        "dashboard_home_gzip_kb": round(
            _sizes(out_dir, [manifest[k]["file"] for k in home_keys])["gzip_bytes"] / 1000, 1
        ),
        "index_html": {"entry_script": scripts[0], "modulepreloads": preloads},
        "initial_css_gzip_kb": round(_sizes(out_dir, css)["gzip_bytes"] / 1000, 1),
        "all_js": {
            "files": everything["files"],
            "gzip_kb": round(everything["gzip_bytes"] / 1000, 1),
            "lazy_gzip_kb": round((everything["gzip_bytes"] - initial["gzip_bytes"]) / 1000, 1),
            "largest_chunk": everything["chunks"][0]["file"],
            "largest_chunk_gzip_kb": round(everything["chunks"][0]["gzip_bytes"] / 1000, 1),
        },
    }
    return report, set(route_files)


# --- stores --------------------------------------------------------------------------------------


def _seed_store(subdomain: str, deliveries: int, rng: random.Random) -> dict[str, Any]:
    """A store whose owner can log in, with `deliveries` deliveries spread over 90 days (bulk inserts)."""
    from django.db import connection
    from django.utils import timezone

    from alva.accounts.models import Membership, Role, User
    from alva.catalog.models import Bundle
    from alva.core.testing import in_schema, make_store
    from alva.deliveries.models import Customer, Delivery
    from alva.ingest.models import WebhookCall

    tenant = make_store(subdomain, name=f"Bench {subdomain}")
    email = f"owner@{subdomain}.bench.example.com"
    user = User.objects.create_user(email, PASSWORD)
    Membership.objects.create(user=user, tenant=tenant, role=Role.OWNER)
    now = timezone.now()
    with in_schema(tenant):
        bundles = [Bundle.objects.create(name=name) for name in BUNDLES]
        # Repeat buyers: about 2.5 deliveries per customer.
        customers = Customer.objects.bulk_create(
            [
                Customer(
                    email=f"{rng.choice(FIRST)}.{rng.choice(LAST)}.{i}@mail.example.com",
                    first_name=rng.choice(FIRST).title(),
                    last_name=rng.choice(LAST).title(),
                )
                for i in range(max(1, deliveries * 2 // 5))
            ],
            batch_size=2000,
        )
        calls, rows = [], []
        for i in range(deliveries):
            bundle, buyer = rng.choice(bundles), rng.choice(customers)
            status = rng.choice(STATUSES)
            score = {"Pending Review": rng.randint(31, 60), "Blocked": rng.randint(61, 100)}.get(
                status, rng.randint(0, 30)
            )
            call = WebhookCall(
                id=uuid.uuid4(), slug=bundle.webhook_slug, bundle=bundle, outcome=WebhookCall.Outcome.ACCEPTED,
                status_code=202, idempotency_key=f"order-{i}", processed_at=now,
                payload={"email": buyer.email, "first_name": buyer.first_name, "order_id": f"order-{i}"},
            )  # fmt: skip
            calls.append(call)
            rows.append(
                Delivery(
                    id=call.id,
                    receipt=call,
                    bundle=bundle,
                    customer=buyer,
                    status=status,
                    fraud_score=score,
                    decided_at=now,
                    first_download_at=now if status == "Downloaded" else None,
                )
            )
        WebhookCall.objects.bulk_create(calls, batch_size=2000)
        Delivery.objects.bulk_create(rows, batch_size=2000)
        with connection.cursor() as cursor:
            # auto_now_add stamped every row "now": spread them over 90 days, as a real history is.
            span = int(timedelta(days=90).total_seconds())
            cursor.execute(
                "UPDATE deliveries_delivery"
                " SET created_at = now() - make_interval(secs => abs(hashtext(id::text)) %% %s)",
                [span],
            )
            cursor.execute(
                "UPDATE ingest_webhookcall c SET received_at = d.created_at"
                " FROM deliveries_delivery d WHERE d.id = c.id"
            )
            cursor.execute("ANALYZE deliveries_delivery, deliveries_customer, ingest_webhookcall, catalog_bundle")
    return {"tenant": tenant, "user": user, "email": email}


def _cleanup(stores: list[dict[str, Any]]) -> None:
    for store in stores:
        store["tenant"].delete(force_drop=True)
        store["user"].delete()


# --- servers -------------------------------------------------------------------------------------


@contextmanager
def _vite_preview(out_dir: Path, api_origin: str) -> Iterator[str]:
    process = subprocess.Popen(
        [str(FRONTEND / "node_modules/.bin/vite"), "preview", "--outDir", str(out_dir), "--port", str(WEB_PORT),
         "--strictPort", "--bypass-lock"],
        cwd=FRONTEND,
        env={**os.environ, "ALVA_API_ORIGIN": api_origin, "PORT": str(WEB_PORT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{WEB_PORT}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"vite preview did not start on :{WEB_PORT} (is the port taken?)")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _browse(stores: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    config = {
        "frontend": str(FRONTEND),
        "chromium": _chromium(),
        "args": CHROMIUM_ARGS,
        "runs": RUNS,
        "warmup": WARMUP,
        "stores": [
            {
                "label": store["label"],
                "url": f"http://{store['tenant'].subdomain}.alva.localhost:{WEB_PORT}/",
                "email": store["email"],
                "password": PASSWORD,
            }
            for store in stores
        ],
    }
    result = subprocess.run(
        ["node", str(DRIVER), json.dumps(config)], cwd=FRONTEND, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise RuntimeError(f"the browser driver failed:\n{result.stderr[-3000:]}")
    samples: dict[str, list[dict[str, Any]]] = json.loads(result.stdout)
    return samples


MILESTONES = (
    "document_loaded_ms",
    "scripts_loaded_ms",
    "first_api_call_ms",
    "deliveries_api_start_ms",
    "deliveries_api_done_ms",
    "first_contentful_paint_ms",
)


def _visit_report(samples: list[dict[str, Any]], expected_total: int) -> dict[str, Any]:
    for sample in samples:
        if sample["rows"] != min(25, expected_total) or sample["total_shown"] != expected_total:
            raise RuntimeError(
                f"the page showed {sample['rows']} rows of {sample['total_shown']}, not of {expected_total}"
            )
    milestones = {}
    for name in MILESTONES:
        values = [s[name] for s in samples if s[name] is not None]
        milestones[name.removesuffix("_ms") + "_p50_ms"] = round(statistics.median(values), 1) if values else None
    api = [s["deliveries_api_ms"] for s in samples if s["deliveries_api_ms"] is not None]
    return {
        "first_row": _ms([s["first_row_ms"] for s in samples]),
        "milestones": milestones,
        "deliveries_api_request": _ms(api) if api else None,
    }


def _page_report(samples: list[dict[str, Any]], expected_total: int) -> dict[str, Any]:
    return {
        "deliveries_in_store": expected_total,
        "first_visit": _visit_report([s["cold"] for s in samples], expected_total),
        "returning_visit": _visit_report([s["warm"] for s in samples], expected_total),
    }


def run(env: dict[str, str]) -> dict[str, Any]:
    missing = _missing_tools()
    if missing:
        return {"skipped": missing}
    import django

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    from devtools.gunicorn import serving

    call_command("migrate_schemas", shared=True, verbosity=0)
    out_dir = Path(tempfile.mkdtemp(prefix="alva-bench-spa-"))
    stores: list[dict[str, Any]] = []
    try:
        build_seconds = _build(out_dir)
        bundle, route_files = _bundle_report(out_dir)
        rng = random.Random(20_250_104)  # reproducible data
        tag = secrets.token_hex(3)
        started = time.perf_counter()
        for label, count in (("baseline", BASELINE), ("large", LARGE)):
            stores.append({"label": label, "count": count, **_seed_store(f"dash{tag}-{label}", count, rng)})
        seed_seconds = time.perf_counter() - started
        server_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings", "APP_PUBLIC_PORT": str(WEB_PORT)}
        with (
            serving("config.wsgi:application", port=API_PORT, env=server_env, workers=2) as api,
            _vite_preview(out_dir, api),
        ):
            load_before = round(os.getloadavg()[0], 2)
            samples = _browse(stores)
    finally:
        _cleanup(stores)
        shutil.rmtree(out_dir, ignore_errors=True)

    loaded = sorted({path.lstrip("/") for s in samples["large"] for path in s["cold"]["js"]})
    bundle["browser_fetched_js_before_first_row"] = {
        "files": len(loaded),
        "same_as_manifest_closure": set(loaded) == route_files,
        "not_in_closure": sorted(set(loaded) - route_files),
    }
    large = _page_report(samples["large"], LARGE)
    baseline = _page_report(samples["baseline"], BASELINE)
    report: dict[str, Any] = {
        "build_seconds": round(build_seconds, 1),
        "seed_seconds": round(seed_seconds, 1),
        "bundle": bundle,
        "deliveries_page": {
            "how": "navigation start -> first animation frame with a table row laid out. First visit: a fresh "
            "browser context (empty HTTP cache, logged in); returning visit: a second full page load in it. Stores "
            "alternated; headless Chromium; vite preview (the built SPA + API proxy) and gunicorn (2 workers)",
            "runs_per_store": RUNS,
            "load_average_1m": {"before": load_before, "after": round(os.getloadavg()[0], 2)},
            "with_10000_deliveries": large,
            "baseline_with_10_deliveries": baseline,
            "ratio_first_visit_p50_10000_vs_10": round(
                large["first_visit"]["first_row"]["p50_ms"] / baseline["first_visit"]["first_row"]["p50_ms"], 2
            ),
        },
    }
    report["targets"] = {
        "initial_js_le_250kb_gzip": bundle["initial_js"]["gzip_bytes"] <= TARGET_INITIAL_JS_GZIP_BYTES,
        "first_visit_first_row_p50_lt_1s_with_10000": large["first_visit"]["first_row"]["p50_ms"] < TARGET_FIRST_ROW_MS,
        "returning_visit_first_row_p50_lt_1s_with_10000": large["returning_visit"]["first_row"]["p50_ms"]
        < TARGET_FIRST_ROW_MS,
    }
    return report


if __name__ == "__main__":
    print(json.dumps(run({"LOG_LEVEL": "WARNING", **os.environ}), indent=2))
