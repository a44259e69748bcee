"""The five Alva metrics (names and properties are a contract with merchants' templates) and the Create Event body.

Pure functions of plain values: no database, no settings. Each event gets a deterministic `unique_id`,
so a retried or re-enqueued event is recorded once by our outbox and once by Klaviyo.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

DOWNLOAD_READY = "Alva Download Ready"
DELIVERY_BLOCKED = "Alva Delivery Blocked"
DOWNLOAD_COMPLETED = "Alva Download Completed"
ALL_FILES_DOWNLOADED = "Alva All Files Downloaded"
TOKEN_EXPIRED = "Alva Token Expired"  # noqa: S105 - a metric name

METRICS = (DOWNLOAD_READY, DELIVERY_BLOCKED, DOWNLOAD_COMPLETED, ALL_FILES_DOWNLOADED, TOKEN_EXPIRED)

BYTES_PER_MB = 1024 * 1024


@dataclass(frozen=True)
class Recipient:
    """Who the event is about: the delivery's customer."""

    email: str
    first_name: str = ""
    last_name: str = ""
    klaviyo_profile_id: str = ""

    def as_profile(self) -> dict[str, str]:
        return {
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "klaviyo_profile_id": self.klaviyo_profile_id,
        }


@dataclass(frozen=True)
class FileInfo:
    name: str
    category: str  # DOCUMENT, IMAGE, AUDIO, VIDEO, ARCHIVE, OTHER
    size_bytes: int


@dataclass(frozen=True)
class KlaviyoEvent:
    """One event ready for `services.outbox_enqueue_event`."""

    metric: str
    profile: dict[str, str]
    properties: dict[str, Any]
    unique_id: str


def size_mb(size_bytes: int) -> float:
    """Sizes shown to customers: MB of 1024 * 1024 bytes, two decimals."""
    return round(size_bytes / BYTES_PER_MB, 2)


def iso8601(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("datetimes sent to Klaviyo must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def download_ready(
    *,
    recipient: Recipient,
    delivery_id: UUID,
    token_id: UUID,
    download_page_url: str,
    product_name: str,
    expires_at: datetime,
    max_downloads: int,
    files: Sequence[FileInfo],
) -> KlaviyoEvent:
    """Approved (or resent): one event per token, so a resend with a new token fires again."""
    return KlaviyoEvent(
        metric=DOWNLOAD_READY,
        profile=recipient.as_profile(),
        properties={
            "DownloadPageURL": download_page_url,
            "ProductName": product_name,
            "FileCount": len(files),
            "ExpiresAt": iso8601(expires_at),
            "MaxDownloads": max_downloads,
            "Files": [{"Name": f.name, "Type": f.category, "SizeMB": size_mb(f.size_bytes)} for f in files],
        },
        unique_id=f"download-ready:{delivery_id}:{token_id}",
    )


def delivery_blocked(
    *, recipient: Recipient, delivery_id: UUID, product_name: str, reason: str, fraud_score: int
) -> KlaviyoEvent:
    """Blocked by fraud scoring or by a merchant: once per delivery."""
    return KlaviyoEvent(
        metric=DELIVERY_BLOCKED,
        profile=recipient.as_profile(),
        properties={"ProductName": product_name, "Reason": reason, "FraudScore": fraud_score},
        unique_id=f"delivery-blocked:{delivery_id}",
    )


def download_completed(
    *,
    recipient: Recipient,
    delivery_id: UUID,
    token_id: UUID,
    download_id: UUID,
    file: FileInfo,
    remaining_downloads: int,
) -> KlaviyoEvent:
    """Every download counts, including a second download of the same file: keyed by the download."""
    return KlaviyoEvent(
        metric=DOWNLOAD_COMPLETED,
        profile=recipient.as_profile(),
        properties={
            "FileName": file.name,
            "FileType": file.category,
            "FileSizeMB": size_mb(file.size_bytes),
            "RemainingDownloads": remaining_downloads,
        },
        unique_id=f"download-completed:{delivery_id}:{token_id}:{download_id}",
    )


def all_files_downloaded(
    *,
    recipient: Recipient,
    delivery_id: UUID,
    token_id: UUID,
    product_name: str,
    total_files: int,
    first_download_at: datetime,
    last_download_at: datetime,
) -> KlaviyoEvent:
    """The first time every file of the bundle was downloaded on a token."""
    minutes = (last_download_at - first_download_at).total_seconds() / 60
    return KlaviyoEvent(
        metric=ALL_FILES_DOWNLOADED,
        profile=recipient.as_profile(),
        properties={
            "ProductName": product_name,
            "TotalFiles": total_files,
            "CompletionTimeMinutes": round(max(minutes, 0.0), 2),
        },
        unique_id=f"all-files-downloaded:{delivery_id}:{token_id}",
    )


def token_expired(
    *,
    recipient: Recipient,
    delivery_id: UUID,
    token_id: UUID,
    product_name: str,
    files_downloaded: int,
    total_files: int,
) -> KlaviyoEvent:
    """A token passed its expiry; "partially" means some, but not all, files were downloaded."""
    return KlaviyoEvent(
        metric=TOKEN_EXPIRED,
        profile=recipient.as_profile(),
        properties={
            "ProductName": product_name,
            "WasPartiallyDownloaded": 0 < files_downloaded < total_files,
            "FilesDownloaded": files_downloaded,
        },
        unique_id=f"token-expired:{delivery_id}:{token_id}",
    )


def create_event_body(
    *,
    metric: str,
    profile: Mapping[str, str],
    properties: Mapping[str, Any],
    unique_id: str,
    occurred_at: datetime,
) -> dict[str, Any]:
    """The JSON:API body of `POST /api/events` (Klaviyo's `EventCreateQueryV2`)."""
    profile_attributes = {"email": profile["email"]}
    for name in ("first_name", "last_name"):
        if profile.get(name):
            profile_attributes[name] = profile[name]
    profile_data: dict[str, Any] = {"type": "profile", "attributes": profile_attributes}
    if profile.get("klaviyo_profile_id"):
        profile_data["id"] = profile["klaviyo_profile_id"]
    return {
        "data": {
            "type": "event",
            "attributes": {
                "properties": dict(properties),
                "metric": {"data": {"type": "metric", "attributes": {"name": metric}}},
                "profile": {"data": profile_data},
                "unique_id": unique_id,
                "time": iso8601(occurred_at),
            },
        }
    }
