"""Races on real, committed transactions: duplicate webhook storms and the last download of a token."""

import json

from alva.catalog.models import Bundle
from alva.core.testing import in_schema, run_concurrently, store_client
from alva.deliveries.models import Delivery, DownloadToken
from alva.ingest.models import WebhookCall
from alva.ingest.secrets import webhook_secret_ensure, webhook_secret_reveal
from alva.klaviyo.models import OutboxEvent
from tests.pipeline import delivery_for, ready_bundle


def test_fifty_identical_webhooks_at_once_make_one_delivery(committed_store, django_db_blocker):
    with django_db_blocker.unblock(), in_schema(committed_store):
        bundle = Bundle.objects.create(name="Race pack")
        webhook_secret_ensure()
        secret = webhook_secret_reveal(actor="test")
    body = json.dumps({"email": "storm@example.com", "order_id": "ORD-STORM"})

    def post() -> tuple[int, str]:
        response = store_client(committed_store).post(
            f"/webhook/{bundle.webhook_slug}", body, content_type="application/json", HTTP_X_ALVA_WEBHOOK_SECRET=secret
        )
        return response.status_code, response.json()["delivery_id"]

    with django_db_blocker.unblock():
        results = run_concurrently([post] * 50)
        with in_schema(committed_store):
            accepted = WebhookCall.objects.filter(outcome="accepted").count()
            duplicates = WebhookCall.objects.filter(outcome="duplicate").count()

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * 49 + [202]
    assert len({delivery_id for _, delivery_id in results}) == 1
    assert (accepted, duplicates) == (1, 49)


def test_two_downloads_racing_for_the_last_one_only_one_wins(committed_store, django_db_blocker):
    with django_db_blocker.unblock(), in_schema(committed_store):
        bundle = ready_bundle(committed_store.schema_name, max_downloads=1)
        delivery = delivery_for(bundle)
        event = OutboxEvent.objects.get(delivery_id=delivery.id, metric="Alva Download Ready")
        path = event.properties["DownloadPageURL"].split("alva.localhost", 1)[1]
        file_id = bundle.files.first().id

    def download() -> int:
        return store_client(committed_store).post(f"{path}/files/{file_id}").status_code

    with django_db_blocker.unblock():
        results = run_concurrently([download] * 8)
        with in_schema(committed_store):
            token = DownloadToken.objects.get(delivery=delivery)
            status = Delivery.objects.get(id=delivery.id).status

    assert sorted(results) == [303] + [403] * 7
    assert token.downloads_used == 1
    assert status == "Downloaded"
