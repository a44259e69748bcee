"""The whole pipeline with real workers on Redis, S3 and the Klaviyo emulator: webhook → email event → download."""

import json

import dramatiq
import httpx
from django.conf import settings as django_settings

from alva.core.tasks import broker
from alva.core.testing import in_schema, store_client
from alva.ingest.secrets import webhook_secret_ensure, webhook_secret_reveal
from alva.klaviyo.services import connection_connect_api_key
from tests.pipeline import ready_bundle

QUEUES = set(django_settings.DRAMATIQ_QUEUES)


def drain(django_db_blocker) -> None:
    """Run workers on every queue until nothing is left, including what the messages themselves enqueue."""
    with django_db_blocker.unblock():
        worker = dramatiq.Worker(broker, queues=QUEUES, worker_threads=2, worker_timeout=100)
        worker.start()
        try:
            for _ in range(4):
                for queue in sorted(QUEUES):
                    broker.join(queue, timeout=30_000)
            worker.join()
        finally:
            worker.stop()


def test_webhook_to_download_ready_to_downloaded(committed_store, klaviyo, django_db_blocker):
    with django_db_blocker.unblock(), in_schema(committed_store):
        connection_connect_api_key(api_key="pk_emulator_dev")
        bundle = ready_bundle(
            committed_store.schema_name, files=(("Guide.pdf", b"%PDF guide", "application/pdf", "DOCUMENT"),)
        )
        webhook_secret_ensure()
        secret = webhook_secret_reveal(actor="test")
    client = store_client(committed_store)

    with django_db_blocker.unblock():
        accepted = client.post(
            f"/webhook/{bundle.webhook_slug}",
            json.dumps({"person": {"email": "Reader@Example.com", "first_name": "Mary"}, "order_id": "A-1"}),
            content_type="application/json",
            HTTP_X_ALVA_WEBHOOK_SECRET=secret,
        )
    drain(django_db_blocker)

    assert accepted.status_code == 202
    [ready] = klaviyo.state.events
    assert ready.metric_name == "Alva Download Ready"
    assert ready.properties["ProductName"] == bundle.name
    page_url = ready.properties["DownloadPageURL"]
    assert page_url.startswith(f"http://{committed_store.subdomain}.alva.localhost/d/")

    path = page_url.split("alva.localhost", 1)[1]
    with django_db_blocker.unblock():
        files = client.get(path, HTTP_ACCEPT="application/json").json()["files"]
        download = client.post(f"{path}/files/{files[0]['id']}")
    drain(django_db_blocker)

    assert download.status_code == 303
    assert httpx.get(download["Location"]).content == b"%PDF guide"
    metrics = [e.metric_name for e in klaviyo.state.events]
    # Sent by concurrent worker threads: the order of arrival is not guaranteed, the set is.
    assert sorted(metrics) == ["Alva All Files Downloaded", "Alva Download Completed", "Alva Download Ready"]
    assert {e.profile.get("email") for e in klaviyo.state.events} == {"reader@example.com"}
