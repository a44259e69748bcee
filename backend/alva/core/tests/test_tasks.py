"""The Dramatiq tenant middleware, on the real Redis broker with a real worker."""

import dramatiq
import pytest
from django.db import connection

from alva.core.tasks import TENANT_OPTION, TenantContextMissing, actor, broker
from alva.core.tenancy import current_schema
from alva.core.testing import in_schema
from alva.store.models import StoreSettings
from alva.store.services import store_initialize as store_initialize_service
from alva.tenants import tasks as tenant_tasks
from alva.tenants.models import Tenant

SEEN: list[tuple[str, str]] = []


@actor(actor_name="tests.record_schema", queue_name="ingest", tenant_scoped=False, max_retries=0)
def record_schema(label: str) -> None:
    SEEN.append((label, current_schema()))


@actor(actor_name="tests.record_tenant_schema", queue_name="ingest", tenant_scoped=True, max_retries=0)
def record_tenant_schema(label: str) -> None:
    SEEN.append((label, current_schema()))


def run_worker(django_db_blocker, queue: str = "ingest") -> None:
    """Process everything queued on `queue` with one worker thread, then stop."""
    SEEN.clear()
    with django_db_blocker.unblock():
        worker = dramatiq.Worker(broker, queues={queue}, worker_threads=1, worker_timeout=100)
        worker.start()
        try:
            broker.join(queue, timeout=20_000)
            worker.join()
        finally:
            worker.stop()


def test_tenant_context_travels_with_the_message(committed_store, django_db_blocker):
    with django_db_blocker.unblock(), in_schema(committed_store):
        message = tenant_tasks.store_initialize.send(committed_store.id, "owner@gamma.example.com")

    assert message.options[TENANT_OPTION] == committed_store.schema_name
    run_worker(django_db_blocker)

    with django_db_blocker.unblock():
        with in_schema(committed_store):
            assert list(StoreSettings.objects.values_list("support_email", flat=True)) == ["owner@gamma.example.com"]
        assert Tenant.objects.get(id=committed_store.id).provisioned_at is not None
        # The public schema has no store tables: the row can only have been written in the tenant's schema.
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('public.store_storesettings')")
            assert cursor.fetchone() == (None,)


def test_worker_enters_the_schema_and_resets_to_public_after(committed_store, django_db_blocker):
    with django_db_blocker.unblock(), in_schema(committed_store):
        record_schema.send("in-tenant")
    record_schema.send("in-public")

    run_worker(django_db_blocker)

    assert [("in-tenant", committed_store.schema_name), ("in-public", "public")] == SEEN


def test_tenant_scoped_actor_cannot_be_sent_from_public():
    with pytest.raises(TenantContextMissing):
        record_tenant_schema.send("nope")

    assert broker.client.hlen("dramatiq:ingest.msgs") == 0


def test_tenant_scoped_message_without_a_schema_is_skipped(django_db_setup, django_db_blocker):
    record_tenant_schema.send_with_options(args=("forged",), **{TENANT_OPTION: "public"})

    run_worker(django_db_blocker)

    assert SEEN == []


def test_store_initialize_is_idempotent(tenant_a):
    with in_schema(tenant_a):
        first = store_initialize_service(support_email="one@alpha.example.com")
        second = store_initialize_service(support_email="two@alpha.example.com")

        assert first.id == second.id
        assert list(StoreSettings.objects.values_list("support_email", flat=True)) == ["one@alpha.example.com"]


def test_every_actor_names_its_queue_and_policies():
    import config.task_modules

    config.task_modules.import_task_modules()
    ours = {name: broker.get_actor(name) for name in broker.get_declared_actors() if not name.startswith("tests.")}

    assert set(ours) >= {"tenants.store_initialize", "tenants.spare_pool_refill"}
    for name, declared in ours.items():
        assert declared.queue_name in {"ingest", "fraud", "klaviyo-events"}, name
        assert {"max_retries", "time_limit", "tenant_scoped"} <= set(declared.options), name
