"""The Klaviyo webhook receiver: endpoints, secrets, receipts, the webhook log, queue `ingest`."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class IngestConfig(AppConfig):
    name = "alva.ingest"
    label = "ingest"

    def ready(self) -> None:
        # Cache coherence, not business logic: every write of a bundle or the secret row, whichever
        # service, admin or shell makes it, invalidates the receiver's cached endpoints (endpoints.py).
        from alva.catalog.models import Bundle
        from alva.ingest.models import WebhookSecret

        for model in (Bundle, WebhookSecret):
            post_save.connect(_endpoint_written, sender=model, dispatch_uid=f"endpoints-save-{model._meta.label}")
            post_delete.connect(_endpoint_written, sender=model, dispatch_uid=f"endpoints-delete-{model._meta.label}")


def _endpoint_written(**kwargs: Any) -> None:
    from alva.ingest.endpoints import endpoints_changed

    endpoints_changed()
