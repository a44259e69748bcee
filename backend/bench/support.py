"""Support console benchmark: the tenants list and the cross-tenant delivery search with 2,000 stores.

Stores are public-schema rows only (the list and the index never enter a store's schema), made with
bulk inserts; the index gets 200,000 rows by COPY. Requests go through a real gunicorn (production
config) over loopback, one at a time, as a staff member logged in with password + TOTP; the baseline
is `GET /auth/me` on the same server (session + staff check, no query of its own). Everything the
run creates is removed afterwards, so the other benchmarks of `python -m bench` never see it.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import statistics
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx

TENANTS = 2_000
INDEX_ROWS = 200_000
CUSTOMERS = 50_000
SAMPLES = 300
PORT = 18310
SUPPORT_HOST = "support.alva.localhost"
API = "/api/support/v1"
TARGET_P95_MS = 200

ADJECTIVES = ["golden", "quiet", "north", "wild", "paper", "silver", "lunar", "cedar", "ember", "maple", "coral",
              "velvet", "rustic", "urban", "misty", "bright", "copper", "indigo", "sunny", "olive"]  # fmt: skip
NOUNS = ["fern", "studio", "presets", "press", "atelier", "prints", "lab", "goods", "works", "audio", "type",
         "school", "kitchen", "journal", "pixels", "craft", "notes", "garden", "films", "tones"]  # fmt: skip
FIRST = ["ada", "grace", "alan", "linus", "margaret", "ken", "barbara", "dennis", "frances", "edsger"]
STATUSES = ["Approved"] * 6 + ["Downloaded"] * 6 + ["Expired", "Blocked", "Pending Review", "Revoked"]
SORTS = ["-created_at", "created_at", "name", "-name", "subdomain", "status"]


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _timed(client: httpx.Client, requests: list[tuple[str, dict[str, Any]]]) -> list[float]:
    samples = []
    for path, params in requests:
        started = time.perf_counter()
        response = client.get(path, params=params, headers={"Host": SUPPORT_HOST})
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} {params}: {response.status_code} {response.text[:300]}")
    return samples


# --- data ----------------------------------------------------------------------------------------


class Seeded:
    def __init__(self) -> None:
        self.run_id = secrets.token_hex(3)
        self.tenant_ids: list[int] = []
        self.names: list[str] = []
        self.subdomains: list[str] = []
        self.owner_emails: list[str] = []
        self.customer_emails: list[str] = []
        self.delivery_ids: list[uuid.UUID] = []
        self.staff_id: int | None = None
        self.staff_email = ""
        self.staff_secret = ""


def _seed(rng: random.Random, *, tenants: int, index_rows: int) -> Seeded:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from alva.accounts.models import Membership, Role, User
    from alva.support import totp
    from alva.support.index import email_index_hash
    from alva.support.models import StaffTotpDevice
    from alva.tenants.models import Tenant

    seeded = Seeded()
    tag = seeded.run_id
    password = make_password("bench-owner-password-7")
    rows = []
    for i in range(tenants):
        name = f"{rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()} {i}"
        subdomain = f"sb{tag}-{name.lower().replace(' ', '-')}"
        status = Tenant.Status.SUSPENDED if i % 20 == 0 else Tenant.Status.ACTIVE
        rows.append(Tenant(schema_name=f"sb_{tag}_{i:05d}", name=name, subdomain=subdomain, status=status))
        seeded.names.append(name)
        seeded.subdomains.append(subdomain)
    created = Tenant.objects.bulk_create(rows, batch_size=1000)  # bulk: no schema is created
    seeded.tenant_ids = [t.id for t in created]
    owners = []
    for i in range(tenants):
        email = f"{rng.choice(FIRST)}.{i}@{rng.choice(NOUNS)}-{tag}.example.com"
        owners.append(User(email=email, password=password))
        seeded.owner_emails.append(email)
    owners = User.objects.bulk_create(owners, batch_size=1000)
    Membership.objects.bulk_create(
        [Membership(user=u, tenant_id=t, role=Role.OWNER) for u, t in zip(owners, seeded.tenant_ids, strict=True)],
        batch_size=1000,
    )

    seeded.customer_emails = [f"customer{j}.{tag}@mail.example.com" for j in range(CUSTOMERS)]
    hashes = [email_index_hash(email) for email in seeded.customer_emails]
    now = timezone.now()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: COPY is what makes 200k rows take seconds
        with raw.copy(
            "COPY support_deliveryindex (delivery_id, tenant_id, email_hash, bundle_name, status, is_test,"
            " created_at, updated_at) FROM STDIN"
        ) as copy:
            for _ in range(index_rows):
                delivery_id = uuid.uuid4()
                if len(seeded.delivery_ids) < 5_000:
                    seeded.delivery_ids.append(delivery_id)
                created_at = now - timedelta(seconds=rng.randrange(90 * 24 * 3600))
                tenant_id, email_hash = rng.choice(seeded.tenant_ids), rng.choice(hashes)
                bundle_name, state = f"{rng.choice(NOUNS).title()} Pack", rng.choice(STATUSES)
                copy.write_row((delivery_id, tenant_id, email_hash, bundle_name, state, False, created_at, created_at))
        cursor.execute("ANALYZE tenants_tenant, accounts_user, accounts_membership, support_deliveryindex")

    seeded.staff_secret = totp.new_secret()
    seeded.staff_email = f"staff-{tag}@alva.example.com"
    staff = User.objects.create_user(seeded.staff_email, "bench-staff-password-7", is_staff=True)
    StaffTotpDevice.objects.create(user=staff, secret_sealed=totp.seal(seeded.staff_secret), confirmed_at=now)
    seeded.staff_id = staff.id
    return seeded


def _cleanup(seeded: Seeded) -> None:
    from django.db import connection

    from alva.accounts.models import User
    from alva.tenants.models import Tenant

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM support_deliveryindex WHERE tenant_id = ANY(%s)", [seeded.tenant_ids])
    Tenant.objects.filter(id__in=seeded.tenant_ids).delete()  # memberships follow (queryset delete: no schema drop)
    User.objects.filter(email__in=[*seeded.owner_emails, seeded.staff_email]).delete()


# --- requests ------------------------------------------------------------------------------------


def _tenant_requests(rng: random.Random, seeded: Seeded, count: int) -> list[tuple[str, dict[str, Any]]]:
    """Searches as people type them: part of a name, a subdomain or an owner's email; some broad, some none."""

    def fragment(text: str) -> str:
        length = rng.randint(4, 8)
        start = rng.randrange(max(1, len(text) - length))
        return text[start : start + length]

    requests = []
    for n in range(count):
        i = rng.randrange(len(seeded.names))
        kind = n % 5
        search = {
            0: fragment(seeded.names[i]),
            1: seeded.subdomains[i].split("-", 1)[1][:10],
            2: seeded.owner_emails[i].split("@")[0],
            3: rng.choice(ADJECTIVES),  # broad: about one store in twenty matches
            4: None,  # the plain list
        }[kind]
        params: dict[str, Any] = {"sort": rng.choice(SORTS), "page": rng.randint(1, 4), "page_size": 25}
        if search:
            params["search"] = search
        requests.append((f"{API}/tenants", params))
    return requests


def _email_requests(rng: random.Random, seeded: Seeded, count: int) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{API}/deliveries", {"email": rng.choice(seeded.customer_emails).upper()}) for _ in range(count)]


def _id_requests(rng: random.Random, seeded: Seeded, count: int) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{API}/deliveries", {"delivery_id": str(rng.choice(seeded.delivery_ids))}) for _ in range(count)]


@contextmanager
def _staff_session(base: str, seeded: Seeded) -> Iterator[httpx.Client]:
    import pyotp

    with httpx.Client(base_url=base, timeout=30) as client:
        response = client.post(
            f"{API}/auth/login",
            headers={"Host": SUPPORT_HOST},
            json={
                "email": seeded.staff_email,
                "password": "bench-staff-password-7",
                "totp": pyotp.TOTP(seeded.staff_secret).now(),
            },
        )
        if response.status_code != 200:
            raise RuntimeError(f"staff login failed: {response.status_code} {response.text}")
        yield client


def run(
    env: dict[str, str], *, tenants: int = TENANTS, index_rows: int = INDEX_ROWS, samples: int = SAMPLES
) -> dict[str, Any]:
    import django

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    from devtools.gunicorn import serving

    call_command("migrate_schemas", shared=True, verbosity=0)
    rng = random.Random(20_240_601)  # reproducible data
    started = time.perf_counter()
    seeded = _seed(rng, tenants=tenants, index_rows=index_rows)
    seed_seconds = time.perf_counter() - started
    try:
        server_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING"}
        with (
            serving("config.wsgi:application", port=PORT, env=server_env) as base,
            _staff_session(base, seeded) as client,
        ):
            warm_up: list[tuple[str, dict[str, Any]]] = [(f"{API}/auth/me", {})] * 20
            warm_up += _tenant_requests(rng, seeded, 40) + _id_requests(rng, seeded, 40)
            _timed(client, warm_up + _email_requests(rng, seeded, 40))
            baseline = _timed(client, [(f"{API}/auth/me", {})] * samples)
            tenant_list = _timed(client, _tenant_requests(rng, seeded, samples))
            by_email = _timed(client, _email_requests(rng, seeded, samples))
            by_id = _timed(client, _id_requests(rng, seeded, samples))
    finally:
        _cleanup(seeded)
    report: dict[str, Any] = {
        "tenants": tenants,
        "index_rows": index_rows,
        "seed_seconds": round(seed_seconds, 1),
        "baseline_auth_me": _ms(baseline),
        "tenants_list_search_sort_page": _ms(tenant_list),
        "delivery_search_by_email": _ms(by_email),
        "delivery_search_by_id": _ms(by_id),
    }
    report["targets"] = {
        f"tenants_list_p95_lt_{TARGET_P95_MS}ms": report["tenants_list_search_sort_page"]["p95_ms"] < TARGET_P95_MS,
        f"delivery_search_p95_lt_{TARGET_P95_MS}ms": max(
            report["delivery_search_by_email"]["p95_ms"], report["delivery_search_by_id"]["p95_ms"]
        )
        < TARGET_P95_MS,
    }
    return report


if __name__ == "__main__":
    print(json.dumps(run({"LOG_LEVEL": "WARNING", **os.environ}), indent=2))
