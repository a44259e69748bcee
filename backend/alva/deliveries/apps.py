"""Customers, deliveries, download tokens, downloads, the download page and analytics."""

from django.apps import AppConfig


class DeliveriesConfig(AppConfig):
    name = "alva.deliveries"
    label = "deliveries"
