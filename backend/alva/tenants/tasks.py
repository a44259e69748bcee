"""Actors for tenant lifecycle work: keeping the spare pool full and finishing a new store."""

from django.utils import timezone

from alva.core.tasks import actor
from alva.ingest.secrets import webhook_secret_ensure
from alva.store import services as store_services
from alva.tenants import services


@actor(actor_name="tenants.spare_pool_refill", queue_name="ingest", tenant_scoped=False, max_retries=3)
def spare_pool_refill() -> None:
    services.spare_pool_refill()


@actor(actor_name="tenants.store_initialize", queue_name="ingest", tenant_scoped=True)
def store_initialize(tenant_id: int, owner_email: str) -> None:
    """Runs inside the new store's schema (the message carries it): creates the store's own defaults."""
    store_services.store_initialize(support_email=owner_email)
    webhook_secret_ensure()
    services.tenant_mark_provisioned(tenant_id=tenant_id)


@actor(actor_name="tenants.store_close_cleanup", queue_name="ingest", tenant_scoped=True, max_retries=10)
def store_close_cleanup() -> None:
    """In the closed store's schema: revoke every download link and delete every file and the logo from S3."""
    from alva.catalog.services import catalog_remove_all_objects
    from alva.deliveries.models import DownloadToken

    DownloadToken.objects.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    catalog_remove_all_objects()
    store_services.store_logo_objects_remove()


@actor(actor_name="tenants.schemas_drop_closed", queue_name="ingest", tenant_scoped=False, max_retries=3)
def schemas_drop_closed() -> None:
    services.schemas_drop_closed()
