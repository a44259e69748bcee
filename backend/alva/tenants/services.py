"""Writes for tenants: the spare schema pool, claiming a spare at sign-up, suspension."""

from __future__ import annotations

import logging
import secrets
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from alva.accounts import selectors as account_selectors
from alva.accounts import services as account_services
from alva.accounts.models import Membership, Role, User
from alva.core.errors import Conflict, ValidationFailed
from alva.core.tasks import send_to_tenant
from alva.core.tenancy import tenant_cache
from alva.tenants.models import Domain, Tenant
from alva.tenants.urls import store_host
from alva.tenants.validation import subdomain_errors

logger = logging.getLogger(__name__)

_POOL_LOCK_KEY = zlib.crc32(b"alva.tenants.spare_pool")


def spare_schema_create() -> Tenant:
    """Create and fully migrate one unclaimed schema (the slow part of provisioning, done off the request)."""
    tenant = Tenant(schema_name=f"t_{secrets.token_hex(8)}", status=Tenant.Status.SPARE)
    tenant.save(verbosity=0)
    return tenant


def spare_pool_refill(*, target: int | None = None) -> int:
    """Top the pool up to `target` spares; returns how many were created.

    A session advisory lock makes concurrent refills (several workers, the cron job) cooperate
    instead of overshooting.
    """
    target = settings.SPARE_SCHEMA_POOL_SIZE if target is None else target
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_POOL_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return 0
    try:
        missing = target - Tenant.objects.filter(status=Tenant.Status.SPARE).count()
        for _ in range(max(missing, 0)):
            spare_schema_create()
        return max(missing, 0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_POOL_LOCK_KEY])


def tenant_claim(*, name: str, subdomain: str) -> Tenant:
    """Turn a spare schema into the store `subdomain`; creates a spare inline when the pool is empty.

    Must run inside the caller's transaction so that the claim, the domain and the owner commit
    together. A lost race for the subdomain surfaces as a 409.
    """
    tenant = (
        Tenant.objects.select_for_update(skip_locked=True)
        .filter(status=Tenant.Status.SPARE)
        .order_by("created_at")
        .first()
    )
    if tenant is None:
        logger.warning("Spare schema pool empty; provisioning inline")
        # Migrating inside the sign-up transaction is slow but correct; the refill actor exists to avoid it.
        tenant = spare_schema_create()
    tenant.name = name
    tenant.subdomain = subdomain
    tenant.status = Tenant.Status.ACTIVE
    tenant.claimed_at = timezone.now()
    try:
        with transaction.atomic():
            tenant.save(update_fields=["name", "subdomain", "status", "claimed_at"])
            Domain.objects.create(domain=store_host(subdomain), tenant=tenant, is_primary=True)
    except IntegrityError as exc:
        raise Conflict("subdomain_taken", f"The subdomain {subdomain!r} is already taken.") from exc
    return tenant


def tenant_mark_provisioned(*, tenant_id: int) -> None:
    Tenant.objects.filter(id=tenant_id, provisioned_at__isnull=True).update(provisioned_at=timezone.now())


def tenant_set_status(*, tenant: Tenant, status: Tenant.Status) -> Tenant:
    tenant.status = status
    tenant.save(update_fields=["status"])
    tenant_cache.clear()
    return tenant


@dataclass(frozen=True)
class SignupResult:
    tenant: Tenant
    user: User


def store_signup(*, email: str, password: str, store_name: str, subdomain: str) -> SignupResult:
    """Create a store from a spare schema with its owner, in one transaction; follow-up work runs after commit."""
    email = account_services.normalise_email(email)
    subdomain = subdomain.strip().lower()
    store_name = store_name.strip()
    errors: dict[str, list[str]] = {}
    if problems := subdomain_errors(subdomain):
        errors["subdomain"] = problems
    if not store_name:
        errors["store_name"] = ["Enter your store's name."]
    existing_user = account_selectors.user_by_email(email=email)
    if existing_user is None:
        try:
            account_services.password_check(password=password, email=email)
        except ValidationFailed as exc:
            errors.update(exc.fields or {})
    if errors:
        raise ValidationFailed(errors)
    if existing_user is not None and not existing_user.check_password(password):
        # The address has an account: only its owner may open another store with it.
        raise Conflict("email_registered", "This email already has an Alva account: sign up with its password.")
    if Tenant.objects.filter(subdomain=subdomain).exists():
        raise Conflict("subdomain_taken", f"The subdomain {subdomain!r} is already taken.")

    with transaction.atomic():
        tenant = tenant_claim(name=store_name, subdomain=subdomain)
        user = existing_user or User.objects.create_user(email, password)
        Membership.objects.create(user=user, tenant=tenant, role=Role.OWNER)
        transaction.on_commit(lambda: _after_signup(tenant, owner_email=email))
    return SignupResult(tenant=tenant, user=user)


def _after_signup(tenant: Tenant, *, owner_email: str) -> None:
    from alva.tenants import tasks

    send_to_tenant(tasks.store_initialize, tenant.schema_name, tenant.id, owner_email)
    tasks.spare_pool_refill.send()


CLOSED_SCHEMA_GRACE_DAYS = 30


@transaction.atomic
def store_close(*, tenant: Tenant) -> Tenant:
    """The owner closes the store: it stops answering at once, every credential dies, its data follows.

    The store's own data (links, files) is cleaned up in its schema by `tenants.store_close_cleanup`;
    the schema itself is dropped after CLOSED_SCHEMA_GRACE_DAYS by `schemas_drop_closed`. The Stripe
    subscription is canceled at once (`billing.subscription_cancel_for_closed_store`). The tenant row
    stays, because billing records refer to it.
    """
    from alva.accounts.models import ApiKey, Invitation
    from alva.billing.tasks import subscription_cancel_for_closed_store
    from alva.tenants import tasks

    tenant = Tenant.objects.select_for_update().get(id=tenant.id)
    if tenant.status == Tenant.Status.CLOSED:
        return tenant
    now = timezone.now()
    tenant.status = Tenant.Status.CLOSED
    tenant.closed_at = now
    tenant.save(update_fields=["status", "closed_at"])
    ApiKey.objects.filter(tenant=tenant, revoked_at__isnull=True).update(revoked_at=now)
    Invitation.objects.filter(tenant=tenant, accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    schema_name = tenant.schema_name
    transaction.on_commit(lambda: send_to_tenant(tasks.store_close_cleanup, schema_name))
    tenant_id = tenant.id
    transaction.on_commit(lambda: subscription_cancel_for_closed_store.send(tenant_id))
    transaction.on_commit(tenant_cache.clear)
    return tenant


def schemas_drop_closed(*, now: datetime | None = None) -> int:
    """Drop the schemas of stores closed longer than the grace period (their rows and billing stay)."""
    cutoff = (now or timezone.now()) - timedelta(days=CLOSED_SCHEMA_GRACE_DAYS)
    due = Tenant.objects.filter(status=Tenant.Status.CLOSED, closed_at__lt=cutoff, schema_dropped_at__isnull=True)
    dropped = 0
    for tenant in due:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{tenant.schema_name}" CASCADE')  # schema names are ours: t_<hex>
            Tenant.objects.filter(id=tenant.id).update(schema_dropped_at=timezone.now())
        dropped += 1
    return dropped
