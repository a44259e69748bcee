"""The five Alva metrics: exact names, property names and JSON types (product.md §5), unique ids, valid bodies."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from alva.klaviyo import events
from alva.klaviyo.events import FileInfo, Recipient, create_event_body

from .helpers import assert_valid_event_body

DELIVERY = uuid.UUID("11111111-1111-1111-1111-111111111111")
TOKEN = uuid.UUID("22222222-2222-2222-2222-222222222222")
DOWNLOAD = uuid.UUID("33333333-3333-3333-3333-333333333333")
ADA = Recipient(email="ada@example.com", first_name="Ada", last_name="Lovelace")
PDF = FileInfo(name="Guide.pdf", category="DOCUMENT", size_bytes=3_670_016)
ZIP = FileInfo(name="Presets.zip", category="ARCHIVE", size_bytes=1_500_000)
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def json_types(properties):
    def kind(value):
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, int | float):
            return "number"
        if isinstance(value, str):
            return "string"
        if isinstance(value, list):
            return [json_types(item) for item in value]
        raise AssertionError(f"unexpected {value!r}")

    return {name: kind(value) for name, value in properties.items()}


def all_events():
    return [
        events.download_ready(
            recipient=ADA,
            delivery_id=DELIVERY,
            token_id=TOKEN,
            download_page_url="https://alpha.alva.localhost/d/tok",
            product_name="Preset Pack",
            expires_at=NOW + timedelta(days=3),
            max_downloads=5,
            files=[PDF, ZIP],
        ),
        events.delivery_blocked(
            recipient=ADA,
            delivery_id=DELIVERY,
            product_name="Preset Pack",
            reason="Disposable email domain",
            fraud_score=72,
        ),
        events.download_completed(
            recipient=ADA, delivery_id=DELIVERY, token_id=TOKEN, download_id=DOWNLOAD, file=PDF, remaining_downloads=4
        ),
        events.all_files_downloaded(
            recipient=ADA,
            delivery_id=DELIVERY,
            token_id=TOKEN,
            product_name="Preset Pack",
            total_files=2,
            first_download_at=NOW,
            last_download_at=NOW + timedelta(minutes=12, seconds=30),
        ),
        events.token_expired(
            recipient=ADA,
            delivery_id=DELIVERY,
            token_id=TOKEN,
            product_name="Preset Pack",
            files_downloaded=1,
            total_files=2,
        ),
    ]


def test_download_ready():
    event = all_events()[0]

    assert event.metric == "Alva Download Ready"
    assert event.properties == {
        "DownloadPageURL": "https://alpha.alva.localhost/d/tok",
        "ProductName": "Preset Pack",
        "FileCount": 2,
        "ExpiresAt": "2026-05-04T12:00:00+00:00",
        "MaxDownloads": 5,
        "Files": [
            {"Name": "Guide.pdf", "Type": "DOCUMENT", "SizeMB": 3.5},
            {"Name": "Presets.zip", "Type": "ARCHIVE", "SizeMB": 1.43},
        ],
    }
    assert json_types(event.properties) == {
        "DownloadPageURL": "string",
        "ProductName": "string",
        "FileCount": "number",
        "ExpiresAt": "string",
        "MaxDownloads": "number",
        "Files": [{"Name": "string", "Type": "string", "SizeMB": "number"}] * 2,
    }
    assert event.unique_id == f"download-ready:{DELIVERY}:{TOKEN}"
    assert event.profile == {
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "klaviyo_profile_id": "",
    }


def test_delivery_blocked():
    event = all_events()[1]

    assert event.metric == "Alva Delivery Blocked"
    assert event.properties == {"ProductName": "Preset Pack", "Reason": "Disposable email domain", "FraudScore": 72}
    assert json_types(event.properties) == {"ProductName": "string", "Reason": "string", "FraudScore": "number"}
    assert event.unique_id == f"delivery-blocked:{DELIVERY}"


def test_download_completed():
    event = all_events()[2]

    assert event.metric == "Alva Download Completed"
    assert event.properties == {
        "FileName": "Guide.pdf",
        "FileType": "DOCUMENT",
        "FileSizeMB": 3.5,
        "RemainingDownloads": 4,
    }
    assert json_types(event.properties) == {
        "FileName": "string",
        "FileType": "string",
        "FileSizeMB": "number",
        "RemainingDownloads": "number",
    }
    assert event.unique_id == f"download-completed:{DELIVERY}:{TOKEN}:{DOWNLOAD}"


def test_all_files_downloaded():
    event = all_events()[3]

    assert event.metric == "Alva All Files Downloaded"
    assert event.properties == {"ProductName": "Preset Pack", "TotalFiles": 2, "CompletionTimeMinutes": 12.5}
    assert json_types(event.properties) == {
        "ProductName": "string",
        "TotalFiles": "number",
        "CompletionTimeMinutes": "number",
    }
    assert event.unique_id == f"all-files-downloaded:{DELIVERY}:{TOKEN}"


def test_token_expired():
    event = all_events()[4]

    assert event.metric == "Alva Token Expired"
    assert event.properties == {"ProductName": "Preset Pack", "WasPartiallyDownloaded": True, "FilesDownloaded": 1}
    assert json_types(event.properties) == {
        "ProductName": "string",
        "WasPartiallyDownloaded": "boolean",
        "FilesDownloaded": "number",
    }
    assert event.unique_id == f"token-expired:{DELIVERY}:{TOKEN}"


@pytest.mark.parametrize(("downloaded", "partially"), [(0, False), (1, True), (2, False)])
def test_partially_downloaded_means_some_but_not_all(downloaded, partially):
    event = events.token_expired(
        recipient=ADA,
        delivery_id=DELIVERY,
        token_id=TOKEN,
        product_name="P",
        files_downloaded=downloaded,
        total_files=2,
    )

    assert event.properties["WasPartiallyDownloaded"] is partially


def test_unique_ids_are_deterministic_and_distinct():
    first = [e.unique_id for e in all_events()]
    again = [e.unique_id for e in all_events()]

    assert first == again
    assert len(set(first)) == 5


def test_every_metric_is_one_of_the_five_names():
    assert [e.metric for e in all_events()] == list(events.METRICS)


def test_expiry_is_converted_to_utc_and_naive_times_are_refused():
    local = datetime(2026, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))

    assert events.iso8601(local) == "2026-05-01T12:00:00+00:00"
    with pytest.raises(ValueError, match="timezone-aware"):
        events.iso8601(datetime(2026, 5, 1, 12, 0))


@pytest.mark.parametrize("event", all_events(), ids=lambda e: e.metric)
def test_every_body_validates_against_klaviyos_schema(event):
    body = create_event_body(
        metric=event.metric,
        profile=event.profile,
        properties=event.properties,
        unique_id=event.unique_id,
        occurred_at=NOW,
    )

    assert_valid_event_body(body)
    assert body == {
        "data": {
            "type": "event",
            "attributes": {
                "properties": event.properties,
                "metric": {"data": {"type": "metric", "attributes": {"name": event.metric}}},
                "profile": {
                    "data": {
                        "type": "profile",
                        "attributes": {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"},
                    }
                },
                "unique_id": event.unique_id,
                "time": "2026-05-01T12:00:00+00:00",
            },
        }
    }


def test_a_body_with_only_an_email_and_a_profile_id_validates():
    body = create_event_body(
        metric="Alva Download Ready",
        profile={"email": "ada@example.com", "klaviyo_profile_id": "01GDDKASAP8TKDDA2GRZDSVP4H"},
        properties={},
        unique_id="u",
        occurred_at=NOW,
    )

    assert_valid_event_body(body)
    assert body["data"]["attributes"]["profile"]["data"] == {
        "type": "profile",
        "attributes": {"email": "ada@example.com"},
        "id": "01GDDKASAP8TKDDA2GRZDSVP4H",
    }


def test_the_schema_check_catches_a_wrong_body():
    body = create_event_body(
        metric="M", profile={"email": "ada@example.com"}, properties={}, unique_id="u", occurred_at=NOW
    )
    body["data"]["attributes"]["metric"]["data"]["attributes"] = {}

    with pytest.raises(AssertionError):
        assert_valid_event_body(body)
