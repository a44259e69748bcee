"""After erasure, the customer's email appears nowhere: no column of the store's schema, no public table."""

from django.db import connection

from alva.core.testing import in_schema, store_client
from alva.deliveries.retention import customer_erase
from alva.klaviyo.models import OutboxEvent
from tests.pipeline import delivery_for, ready_bundle

EMAIL = "trace.me@example.com"


def columns_containing(schema: str, needle: str) -> list[str]:
    """Every text-like column of every table in `schema` whose value contains `needle` (case-insensitive)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = %s AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')""",
            [schema],
        )
        found = []
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM "{schema}"."{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608 -- catalog names
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{schema}.{table}.{column}")
    return found


def test_no_column_anywhere_holds_the_email_after_erasure(tenant_a):
    with in_schema(tenant_a):
        bundle = ready_bundle(tenant_a.schema_name)
        delivery = delivery_for(bundle, email=EMAIL, phone="+15550009")
        path = OutboxEvent.objects.get(delivery_id=delivery.id).properties["DownloadPageURL"].split("localhost")[1]
    client = store_client(tenant_a)
    file_id = client.get(path, HTTP_ACCEPT="application/json").json()["files"][0]["id"]
    assert client.post(f"{path}/files/{file_id}", HTTP_USER_AGENT="Agent/1.0").status_code == 303
    with in_schema(tenant_a):
        assert columns_containing(tenant_a.schema_name, EMAIL) != []  # the scan sees it before

        customer_erase(customer_id=delivery.customer_id, actor="owner@example.com")

        assert columns_containing(tenant_a.schema_name, EMAIL) == []
        assert columns_containing(tenant_a.schema_name, "+15550009") == []
    assert columns_containing("public", EMAIL) == []


def test_no_column_anywhere_holds_the_email_after_the_retention_job(tenant_a):
    from datetime import timedelta

    from django.utils import timezone

    from alva.deliveries.models import DownloadToken
    from alva.deliveries.retention import redact_expired_pii

    with in_schema(tenant_a):
        bundle = ready_bundle(tenant_a.schema_name)
        delivery = delivery_for(bundle, email=EMAIL, phone="+15550009")
        # The story is over: the link was withdrawn and Klaviyo has the events.
        DownloadToken.objects.filter(delivery=delivery).update(revoked_at=timezone.now())
        OutboxEvent.objects.update(state="sent", sent_at=timezone.now())
        assert columns_containing(tenant_a.schema_name, EMAIL) != []

        # A year on, everything is older than the default 90-day period.
        redact_expired_pii(now=timezone.now() + timedelta(days=365))

        assert columns_containing(tenant_a.schema_name, EMAIL) == []
        assert columns_containing(tenant_a.schema_name, "+15550009") == []
    assert columns_containing("public", EMAIL) == []
