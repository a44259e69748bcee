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
        consumed = tokens.token_consume(token=view.token, ip=ip)
        if consumed is None:
            view.token.refresh_from_db()
            refusal = tokens.refusal_of(view.token, ip=ip) or tokens.Refusal.EXHAUSTED
            return DownloadOutcome(redirect_url=None, refusal=refusal, page=view)
        download = Download.objects.create(token=view.token, file=file, ip=ip, user_agent=user_agent[:512])
        _after_download(view, download, remaining=consumed.remaining)
    return DownloadOutcome(redirect_url=presigned_download_url(file), refusal=None, page=view)


def _after_download(view: PageView, download: Download, *, remaining: int) -> None:
    token = view.token
    # Lock the delivery row only: locking the joined bundle too would queue every download of that bundle.
    delivery = (
        Delivery.objects.select_for_update(of=("self",)).select_related("customer", "bundle").get(id=token.delivery_id)
    )
    notify.fire_download_completed(delivery=delivery, token=token, download=download, remaining=remaining)
    if delivery.first_download_at is None:
        delivery.first_download_at = download.created_at
        if delivery.status == DeliveryStatus.APPROVED:
            previous, delivery.status = delivery.status, DeliveryStatus.DOWNLOADED
            event_log(
                delivery=delivery,
                kind="status",
                message=f"{previous} → {delivery.status}. First download.",
                data={"from": previous, "to": delivery.status},
            )
        delivery.save(update_fields=["first_download_at", "status", "updated_at"])
    ready_ids = {f.id for f in view.files}
    downloaded = token.downloads.filter(file_id__in=ready_ids)
    if delivery.all_files_downloaded_at is None and downloaded.values("file_id").distinct().count() == len(ready_ids):
        span = downloaded.aggregate(first=Min("created_at"), last=Max("created_at"))
        delivery.all_files_downloaded_at = timezone.now()
        delivery.save(update_fields=["all_files_downloaded_at", "updated_at"])
        notify.fire_all_files_downloaded(
            delivery=delivery, token=token, total_files=len(ready_ids), first=span["first"], last=span["last"]
        )
        event_log(delivery=delivery, kind="download", message="Every file of the bundle has been downloaded.")
