"""Reads for tenants."""

from alva.tenants.models import Tenant
from alva.tenants.validation import subdomain_errors


def subdomain_availability(*, subdomain: str) -> list[str]:
    """Why a subdomain cannot be had right now (empty list: it is free)."""
    subdomain = subdomain.strip().lower()
    if problems := subdomain_errors(subdomain):
        return problems
    if Tenant.objects.filter(subdomain=subdomain).exists():
        return ["This subdomain is already taken."]
    return []
