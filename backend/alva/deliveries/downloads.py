"""The customer's side: what a download page shows, and one file download counted and recorded."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from alva.catalog.models import BundleFile
from alva.catalog.selectors import bundle_ready_files
from alva.catalog.storage import presigned_download_url
from alva.deliveries import notify, tokens
from alva.deliveries.models import Delivery, DeliveryStatus, Download, DownloadToken
from alva.deliveries.services import event_log


@dataclass(frozen=True)
class PageView:
    token: DownloadToken
    files: list[BundleFile]
    refusal: tokens.Refusal | None

    @property
    def downloads_remaining(self) -> int:
        return max(self.token.max_downloads - self.token.downloads_used, 0)


def page_view(raw_token: str) -> PageView | None:
    """Viewing consumes nothing: email scanners open links before people do."""
    token = tokens.token_find(raw_token)
    if token is None:
        return None
    return PageView(token=token, files=bundle_ready_files(token.delivery.bundle), refusal=tokens.refusal_of(token))


@dataclass(frozen=True)
class DownloadOutcome:
    redirect_url: str | None
    refusal: tokens.Refusal | None
    page: PageView


def download_file(*, raw_token: str, file_id: uuid.UUID, ip: str, user_agent: str) -> DownloadOutcome | None:
    """Count one download atomically, record it, fire its events, and hand back a 60-second URL."""
    view = page_view(raw_token)
    if view is None:
        return None
    file = next((f for f in view.files if f.id == file_id), None)
    if file is None:
        return None
    if view.refusal is not None:
        return DownloadOutcome(redirect_url=None, refusal=view.refusal, page=view)
    with transaction.atomic():
        consumed = tokens.token_consume(token=view.token, ip=ip, file_id=file.id)
        if consumed is None:
            view.token.refresh_from_db()
            refusal = tokens.refusal_of(view.token, ip=ip) or tokens.Refusal.EXHAUSTED
            return DownloadOutcome(redirect_url=None, refusal=refusal, page=view)
        download = Download.objects.create(token=view.token, file=file, ip=ip, user_agent=user_agent[:512])
        _after_download(view, download, consumed)
    return DownloadOutcome(redirect_url=presigned_download_url(file), refusal=None, page=view)


def _after_download(view: PageView, download: Download, consumed: tokens.Consumed) -> None:
    """The download's events and the delivery's milestones, without locking the delivery.

    The delivery was read (unlocked) with the token. Its milestones are set by conditional updates,
    so concurrent downloads (this token's row is locked by the count; another token of the same
    delivery is not) record each one exactly once; later downloads cost no delivery query at all.
    """
    token, delivery = view.token, view.token.delivery
    notify.fire_download_completed(delivery=delivery, token=token, download=download, remaining=consumed.remaining)
    if delivery.first_download_at is None:
        _record_first_download(delivery, download)
    ready_ids = {f.id for f in view.files}
    if delivery.all_files_downloaded_at is None and ready_ids <= consumed.files_downloaded:
        _record_all_files_downloaded(delivery, token, ready_ids)


def _record_first_download(delivery: Delivery, download: Download) -> None:
    first = Delivery.objects.filter(id=delivery.id, first_download_at__isnull=True)
    now = timezone.now()
    if first.filter(status=DeliveryStatus.APPROVED).update(
        first_download_at=download.created_at, status=DeliveryStatus.DOWNLOADED, updated_at=now
    ):
        previous = delivery.status
        delivery.first_download_at, delivery.status = download.created_at, DeliveryStatus.DOWNLOADED
        event_log(
            delivery=delivery,
            kind="status",
            message=f"{previous} → {delivery.status}. First download.",
            data={"from": previous, "to": delivery.status},
        )
    elif first.update(first_download_at=download.created_at, updated_at=now):
        delivery.first_download_at = download.created_at


def _record_all_files_downloaded(delivery: Delivery, token: DownloadToken, ready_ids: set[uuid.UUID]) -> None:
    now = timezone.now()
    if not Delivery.objects.filter(id=delivery.id, all_files_downloaded_at__isnull=True).update(
        all_files_downloaded_at=now, updated_at=now
    ):
        return  # another token of this delivery got there first
    delivery.all_files_downloaded_at = now
    span = token.downloads.filter(file_id__in=ready_ids).aggregate(first=Min("created_at"), last=Max("created_at"))
    notify.fire_all_files_downloaded(
        delivery=delivery, token=token, total_files=len(ready_ids), first=span["first"], last=span["last"]
    )
    event_log(delivery=delivery, kind="download", message="Every file of the bundle has been downloaded.")
