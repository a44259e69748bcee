"""The Klaviyo webhook receiver: endpoints, secrets, receipts, the webhook log, queue `ingest`."""

from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "alva.ingest"
    label = "ingest"
