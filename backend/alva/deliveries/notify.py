"""Turning delivery facts into Klaviyo events (through the outbox, inside the caller's transaction)."""

from __future__ import annotations

from datetime import datetime

from alva.catalog.models import BundleFile
from alva.deliveries.models import Delivery, Download, DownloadToken
from alva.klaviyo import events
from alva.klaviyo.services import outbox_enqueue_event
from alva.tenants.urls import store_url


def _recipient(delivery: Delivery) -> events.Recipient:
    customer = delivery.customer
    return events.Recipient(
        email=customer.email,
        first_name=customer.first_name,
        last_name=customer.last_name,
        klaviyo_profile_id=customer.klaviyo_profile_id,
    )


def _file_info(file: BundleFile) -> events.FileInfo:
    return events.FileInfo(name=file.filename, category=file.category, size_bytes=file.size)


def download_page_url(*, subdomain: str, raw_token: str) -> str:
    return f"{store_url(subdomain)}d/{raw_token}"


def fire_download_ready(*, delivery: Delivery, token: DownloadToken, page_url: str, files: list[BundleFile]) -> None:
    event = events.download_ready(
        recipient=_recipient(delivery),
        delivery_id=delivery.id,
        token_id=token.id,
        download_page_url=page_url,
        product_name=delivery.bundle.name,
        expires_at=token.expires_at,
        max_downloads=token.max_downloads,
        files=[_file_info(f) for f in files],
    )
    outbox_enqueue_event(event, delivery_id=delivery.id)


def fire_delivery_blocked(*, delivery: Delivery, reason: str) -> None:
    event = events.delivery_blocked(
        recipient=_recipient(delivery),
        delivery_id=delivery.id,
        product_name=delivery.bundle.name,
        reason=reason,
        fraud_score=delivery.fraud_score or 0,
    )
    outbox_enqueue_event(event, delivery_id=delivery.id)


def fire_download_completed(*, delivery: Delivery, token: DownloadToken, download: Download, remaining: int) -> None:
    event = events.download_completed(
        recipient=_recipient(delivery),
        delivery_id=delivery.id,
        token_id=token.id,
        download_id=download.id,
        file=_file_info(download.file),
        remaining_downloads=remaining,
    )
    outbox_enqueue_event(event, delivery_id=delivery.id)


def fire_all_files_downloaded(
    *, delivery: Delivery, token: DownloadToken, total_files: int, first: datetime, last: datetime
) -> None:
    event = events.all_files_downloaded(
        recipient=_recipient(delivery),
        delivery_id=delivery.id,
        token_id=token.id,
        product_name=delivery.bundle.name,
        total_files=total_files,
        first_download_at=first,
        last_download_at=last,
    )
    outbox_enqueue_event(event, delivery_id=delivery.id)


def fire_token_expired(*, delivery: Delivery, token: DownloadToken, files_downloaded: int, total_files: int) -> None:
    event = events.token_expired(
        recipient=_recipient(delivery),
        delivery_id=delivery.id,
        token_id=token.id,
        product_name=delivery.bundle.name,
        files_downloaded=files_downloaded,
        total_files=total_files,
    )
    outbox_enqueue_event(event, delivery_id=delivery.id)
