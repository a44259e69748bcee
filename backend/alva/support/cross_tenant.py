"""The one place support code enters a store's schema (engineering.md rule 3 makes it the only exception).

Why it exists: a store's own tables (deliveries, webhook log, Klaviyo connection, outbox) live only in
its schema, and the support console runs on support.{APP_DOMAIN}, which the request middleware serves
in the public schema. Reading one store's health or one delivery means entering that store's schema
for a few queries (and rebuilding the public delivery index from them). A store's own tables are never
written here: support actions are sent into the store as tasks (alva.core.tasks.send_to_tenant), so
the task middleware sets the schema as for any other work.

Fails closed: it refuses to nest or to start anywhere but the public schema, refuses spare schemas,
and always returns to the public schema, so nothing after the block can read the store's tables.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from alva.core.errors import NotFound
from alva.core.tenancy import activate_tenant, deactivate_tenant, is_public_schema
from alva.tenants.models import Tenant


class CrossTenantMisuse(RuntimeError):
    """Entering a store's schema from anywhere but the public schema (nested, or from a store's context)."""


@contextlib.contextmanager
def in_tenant_schema_for_support(tenant: Tenant) -> Iterator[Tenant]:
    """Run the block in `tenant`'s schema, for the support console's reads; back to public afterwards."""
    if tenant.status == Tenant.Status.SPARE:
        raise NotFound("No such store.")
    if not is_public_schema():
        raise CrossTenantMisuse("support enters a store's schema only from the public schema")
    activate_tenant(tenant)
    try:
        yield tenant
    finally:
        deactivate_tenant()
