"""Tenants (stores), their domains and schema provisioning."""

from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "alva.tenants"
    label = "tenants"
