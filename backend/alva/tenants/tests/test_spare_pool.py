"""The spare schema pool: refilled to target, claimed at sign-up, kept current by migrate_schemas."""

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alva.core.testing import in_schema
from alva.tenants import services
from alva.tenants.models import Tenant


def spare_count() -> int:
    return Tenant.objects.filter(status=Tenant.Status.SPARE).count()


def test_refill_tops_up_to_the_target(db):
    before = spare_count()

    created = services.spare_pool_refill(target=before + 2)

    assert created == 2
    assert spare_count() == before + 2


def test_refill_does_nothing_when_full(db):
    assert services.spare_pool_refill(target=spare_count()) == 0


def test_refill_yields_to_a_concurrent_refill(db):
    before = spare_count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [services._POOL_LOCK_KEY])
    # The lock is re-entrant for the same session, so take it from a second connection.
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [services._POOL_LOCK_KEY])
            assert cursor.fetchone() == (False,)
    finally:
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [services._POOL_LOCK_KEY])

    assert spare_count() == before


def test_claim_takes_the_oldest_spare(db):
    oldest = Tenant.objects.filter(status=Tenant.Status.SPARE).order_by("created_at").first()

    claimed = services.tenant_claim(name="Claimed", subdomain="claimed")

    assert claimed.id == oldest.id
    assert claimed.schema_name == oldest.schema_name
    assert claimed.status == Tenant.Status.ACTIVE


def test_every_schema_including_spares_has_every_migration(db):
    schemas = list(Tenant.objects.values_list("schema_name", "status"))
    assert {status for _, status in schemas} >= {"spare", "active"}
    for tenant in Tenant.objects.all():
        with in_schema(tenant):
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            tenant_plan = [m for m, _ in plan if m.app_label == "store"]
            assert tenant_plan == [], tenant.schema_name


def test_migrate_schemas_visits_spares(db, capsys):
    call_command("migrate_schemas", tenant=True, executor="standard", verbosity=1)
    output = capsys.readouterr().out

    spares = Tenant.objects.filter(status=Tenant.Status.SPARE).values_list("schema_name", flat=True)
    assert spares
    for schema_name in spares:
        assert f"standard:{schema_name}]" in output
