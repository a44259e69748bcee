"""Alva staff's support console (support.{APP_DOMAIN}); cross-tenant code lives here and nowhere else."""

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "alva.support"
    label = "support"
