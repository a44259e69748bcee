"""The receiver's per-process endpoint cache: used when its version matches, never trusted beyond a change.

Changes made with a queryset `update()` bypass the invalidation on purpose here: they show whether a
call was answered from the cache or from the database.
"""

from alva.catalog.models import Bundle
from alva.catalog.services import bundle_delete, bundle_update
from alva.core.redis import get_redis
from alva.core.testing import in_schema
from alva.ingest import endpoints
from alva.ingest.models import WebhookSecret
from alva.ingest.secrets import webhook_secret_rotate

BODY = {"email": "jane@example.com"}


def deactivate_behind_the_cache(endpoint):
    with in_schema(endpoint.tenant):
        Bundle.objects.filter(id=endpoint.bundle.id).update(active=False)


def warm(endpoint):
    """The first call finds no version (and starts one), the second caches the endpoint."""
    assert [endpoint.post({**BODY, "order_id": f"warm-{i}"}).status_code for i in range(2)] == [202, 202]


def test_a_warm_endpoint_is_answered_from_the_cache(endpoint_a):
    warm(endpoint_a)
    deactivate_behind_the_cache(endpoint_a)

    assert endpoint_a.post({**BODY, "order_id": "1"}).status_code == 202


def test_a_store_without_a_version_reads_the_database_every_time(endpoint_a):
    endpoint_a.post({**BODY, "order_id": "warm"})
    get_redis().delete(f"alva:webhook-endpoints:{endpoint_a.tenant.schema_name}")  # Redis restarted empty
    deactivate_behind_the_cache(endpoint_a)

    assert endpoint_a.post({**BODY, "order_id": "1"}).status_code == 409


def test_deactivating_the_bundle_reaches_the_next_call(endpoint_a):
    warm(endpoint_a)
    with in_schema(endpoint_a.tenant):
        bundle_update(bundle_id=endpoint_a.bundle.id, data={"active": False})

    assert endpoint_a.post({**BODY, "order_id": "1"}).status_code == 409


def test_deleting_the_bundle_reaches_the_next_call(endpoint_a):
    warm(endpoint_a)
    with in_schema(endpoint_a.tenant):
        bundle_delete(bundle_id=endpoint_a.bundle.id)

    assert endpoint_a.post({**BODY, "order_id": "1"}).status_code == 404


def test_a_rotated_secret_works_on_the_next_call(endpoint_a):
    warm(endpoint_a)
    with in_schema(endpoint_a.tenant):
        new_secret, _ = webhook_secret_rotate(actor="owner@example.com")

    assert endpoint_a.post({**BODY, "order_id": "1"}, secret=new_secret).status_code == 202


def test_a_version_written_by_another_process_invalidates(endpoint_a):
    warm(endpoint_a)
    deactivate_behind_the_cache(endpoint_a)
    get_redis().set(f"alva:webhook-endpoints:{endpoint_a.tenant.schema_name}", "another-process-saved-a-bundle")

    assert endpoint_a.post({**BODY, "order_id": "1"}).status_code == 409


def test_entries_expire(endpoint_a, settings):
    settings.WEBHOOK_ENDPOINT_CACHE_SECONDS = -1  # stored already expired
    warm(endpoint_a)
    deactivate_behind_the_cache(endpoint_a)

    assert endpoint_a.post({**BODY, "order_id": "1"}).status_code == 409


def test_without_redis_calls_read_the_database(endpoint_a, monkeypatch):
    warm(endpoint_a)
    deactivate_behind_the_cache(endpoint_a)

    def redis_down():
        raise ConnectionError("redis is down")

    monkeypatch.setattr(endpoints, "get_redis", redis_down)

    assert endpoint_a.post({**BODY, "order_id": "1"}).status_code == 409


def test_entries_are_per_store(endpoint_a, endpoint_b):
    warm(endpoint_a)
    warm(endpoint_b)
    deactivate_behind_the_cache(endpoint_b)
    with in_schema(endpoint_a.tenant):
        bundle_update(bundle_id=endpoint_a.bundle.id, data={"active": False})

    # Store A's change invalidates store A only: store B is still answered from its cache.
    assert endpoint_a.post({**BODY, "order_id": "1"}).status_code == 409
    assert endpoint_b.post({**BODY, "order_id": "1"}).status_code == 202


def test_a_secret_row_saved_in_another_way_invalidates(endpoint_a):
    warm(endpoint_a)
    deactivate_behind_the_cache(endpoint_a)
    with in_schema(endpoint_a.tenant):
        WebhookSecret.objects.get().save()  # e.g. an admin changing the store's rate limit

    assert endpoint_a.post({**BODY, "order_id": "1"}).status_code == 409


def test_changes_in_the_public_schema_write_no_version(db):
    endpoints.endpoints_changed()

    assert get_redis().keys("alva:webhook-endpoints:*") == []
