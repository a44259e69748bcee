"""The cross-tenant delivery index: written by the pipeline from inside a store's schema, read by the console.

The index lives in the public schema; django-tenants puts `public` on every store's search_path, so
the pipeline writes it in the same transaction as the delivery it describes. A delivery and its index
row commit or roll back together.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac

from alva.core.tenancy import current_schema, is_public_schema
from alva.support.models import DeliveryIndex

if TYPE_CHECKING:
    from alva.deliveries.models import Delivery

logger = logging.getLogger(__name__)

_EMAIL_HASH_SALT = "alva.support.delivery_index.email"

# One statement: the tenant is looked up by the active schema, and a row can never move to another
# tenant (the WHERE on the conflict branch), so a store can only ever write its own deliveries.
_UPSERT_SQL = """
INSERT INTO public.support_deliveryindex
    (delivery_id, tenant_id, email_hash, bundle_name, status, is_test, created_at, updated_at)
SELECT %s, t.id, %s, %s, %s, %s, %s, now() FROM public.tenants_tenant t WHERE t.schema_name = %s
ON CONFLICT (delivery_id) DO UPDATE SET
    email_hash = EXCLUDED.email_hash,
    bundle_name = EXCLUDED.bundle_name,
    status = EXCLUDED.status,
    is_test = EXCLUDED.is_test,
    updated_at = now()
WHERE support_deliveryindex.tenant_id = EXCLUDED.tenant_id
"""


def email_index_hash(email: str) -> str:
    """Keyed HMAC-SHA256 of a normalised address: without the key, the index cannot be matched to emails.

    The key is SUPPORT_INDEX_EMAIL_KEY when set (so that rotating SECRET_KEY does not orphan the
    index), else derived from SECRET_KEY.
    """
    secret = getattr(settings, "SUPPORT_INDEX_EMAIL_KEY", "") or settings.SECRET_KEY
    return salted_hmac(_EMAIL_HASH_SALT, email.strip().lower(), secret=secret, algorithm="sha256").hexdigest()


def delivery_index_upsert(*, delivery: Delivery) -> None:
    """Record (or refresh) `delivery` in the index. Call inside the store's schema and the pipeline's transaction."""
    if is_public_schema():
        raise RuntimeError("delivery_index_upsert runs inside a store's schema")
    customer = delivery.customer
    email_hash = "" if customer.redacted_at else email_index_hash(customer.email)
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT_SQL,
            [
                delivery.id,
                email_hash,
                delivery.bundle.name[:200],
                delivery.status,
                delivery.is_test,
                delivery.created_at,
                current_schema(),
            ],
        )
        written = cursor.rowcount
    if written != 1:
        # Only possible if another store already indexed this delivery id: never overwrite it.
        logger.error("delivery %s not indexed for schema %s", delivery.id, current_schema())


def delivery_index_redact(*, delivery_ids: Iterable[UUID]) -> int:
    """For retention, inside the store's schema: forget the email hash of its redacted deliveries."""
    if is_public_schema():
        raise RuntimeError("delivery_index_redact runs inside a store's schema")
    rows = DeliveryIndex.objects.filter(tenant__schema_name=current_schema(), delivery_id__in=list(delivery_ids))
    return rows.exclude(email_hash="").update(email_hash="")
