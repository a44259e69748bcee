"""A tenant is one merchant store with its own PostgreSQL schema; spares are pre-migrated, unclaimed schemas."""

from django.db import models
from django_tenants.models import DomainMixin, TenantMixin


class Tenant(TenantMixin):
    class Status(models.TextChoices):
        SPARE = "spare", "Spare"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=100, blank=True)
    # Null while the schema is a spare waiting in the pool.
    subdomain = models.CharField(max_length=40, unique=True, null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SPARE)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    provisioned_at = models.DateTimeField(null=True, blank=True)
    # Closing keeps the row (billing records refer to it); the schema is dropped after a grace period.
    closed_at = models.DateTimeField(null=True, blank=True)
    schema_dropped_at = models.DateTimeField(null=True, blank=True)

    # Creating a row creates and migrates its schema (only ever done for spares, by a worker).
    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], name="tenant_spare_created_idx", condition=models.Q(status="spare")),
        ]

    def __str__(self) -> str:
        return self.subdomain or self.schema_name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Domain(DomainMixin):
    """Host names that route to a tenant: `{subdomain}.{APP_DOMAIN}` today, custom domains later."""
