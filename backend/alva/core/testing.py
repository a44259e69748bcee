"""Test helpers for tenant plumbing: making tenants, entering a schema, host-bound clients."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from alva.tenants.models import Domain, Tenant
from alva.tenants.services import spare_schema_create
from alva.tenants.urls import store_host


def make_store(subdomain: str, *, name: str | None = None) -> Tenant:
    """A ready store with its own migrated schema (the slow path: use session fixtures)."""
    tenant = spare_schema_create()
    tenant.subdomain = subdomain
    tenant.name = name or subdomain.title()
    tenant.status = Tenant.Status.ACTIVE
    tenant.save(update_fields=["subdomain", "name", "status"])
    Domain.objects.create(domain=store_host(subdomain), tenant=tenant, is_primary=True)
    return tenant


@contextlib.contextmanager
def in_schema(tenant: Tenant) -> Iterator[None]:
    """Run test code inside a tenant's schema, as a request or task would."""
    with schema_context(tenant.schema_name):
        yield


def host_client(host: str, **kwargs: Any) -> Client:
    return Client(HTTP_HOST=host, **kwargs)


def store_client(tenant: Tenant, **kwargs: Any) -> Client:
    assert tenant.subdomain is not None
    return host_client(store_host(tenant.subdomain), **kwargs)


def public_client(**kwargs: Any) -> Client:
    return host_client(settings.PUBLIC_HOST, **kwargs)


def support_client(**kwargs: Any) -> Client:
    return host_client(settings.SUPPORT_HOST, **kwargs)


def run_concurrently(calls: list[Callable[[], Any]], *, timeout: float = 120.0) -> list[Any]:
    """Start every call at the same moment, each on its own thread and so its own database connection.

    An exception a call raises is returned in its place, so tests can assert on what each racer got.
    Data the calls need must be committed: their connections do not see a test's transaction.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def runner(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
