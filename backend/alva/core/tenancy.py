"""Tenant resolution and schema switching: the only place that decides which schema a request or task sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import sentry_sdk
from django.conf import settings
from django.db import connection

from alva.core.cache import TtlLruCache

if TYPE_CHECKING:
    from alva.tenants.models import Tenant

# django-tenants' connection wrapper adds the schema methods; it ships no type information.
_db: Any = connection

HostKind = Literal["public", "support", "tenant", "unknown"]


@dataclass(frozen=True)
class HostRoute:
    kind: HostKind
    tenant: Tenant | None = None


# Host -> tenant, so resolving a host costs no database round trip. Suspensions and new domains reach
# every process within TENANT_CACHE_SECONDS; misses are not cached, so a store is reachable the moment
# its sign-up commits.
tenant_cache: TtlLruCache[str, Tenant] = TtlLruCache(lambda: settings.TENANT_CACHE_SECONDS)


def normalise_host(raw_host: str) -> str:
    """Lower-case host without port or trailing dot; '' when the header is unusable."""
    host = raw_host.strip().lower()
    if host.startswith("["):  # IPv6 literal: never a store
        return ""
    host = host.rsplit(":", 1)[0] if ":" in host else host
    return host.rstrip(".")


def resolve_host(hostname: str) -> HostRoute:
    """Map a verified host name to the public site, the support console or one active tenant."""
    if hostname == settings.PUBLIC_HOST:
        return HostRoute("public")
    if hostname == settings.SUPPORT_HOST:
        return HostRoute("support")
    tenant = tenant_cache.get(hostname)
    if tenant is None:
        tenant = _tenant_for_domain(hostname)
        if tenant is None:
            return HostRoute("unknown")
        tenant_cache.put(hostname, tenant)
    return HostRoute("tenant", tenant)


def _tenant_for_domain(hostname: str) -> Tenant | None:
    from alva.tenants.models import Domain

    _db.set_schema_to_public()
    domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    return domain.tenant if domain else None


def activate_tenant(tenant: Tenant) -> None:
    _db.set_tenant(tenant)
    sentry_sdk.set_tag("tenant", tenant.schema_name)


def activate_schema(schema_name: str) -> None:
    """Used by the task middleware, where only the schema name travels with the message."""
    _db.set_schema(schema_name)
    sentry_sdk.set_tag("tenant", schema_name)


def deactivate_tenant() -> None:
    _db.set_schema_to_public()


def current_schema() -> str:
    return str(_db.schema_name)


def is_public_schema() -> bool:
    return current_schema() == "public"


def current_tenant() -> Tenant:
    """The Tenant whose schema is active: the request's, or the one a task message carried (fails outside one)."""
    from alva.tenants.models import Tenant

    tenant = getattr(_db, "tenant", None)
    if isinstance(tenant, Tenant):
        return tenant
    schema = current_schema()
    if schema == "public":
        raise RuntimeError("no tenant is active")
    return Tenant.objects.get(schema_name=schema)
