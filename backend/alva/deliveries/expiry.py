"""Periodic: expired tokens fire `Alva Token Expired` once; deliveries never downloaded become Expired."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from alva.catalog.selectors import bundle_ready_files
from alva.deliveries import notify
from alva.deliveries.models import Delivery, DeliveryStatus, DownloadToken
from alva.deliveries.services import event_log


def tokens_expire(*, limit: int = 1000) -> int:
    due = list(
        DownloadToken.objects.filter(
            revoked_at__isnull=True, expiry_notified_at__isnull=True, expires_at__lte=timezone.now()
        ).values_list("id", flat=True)[:limit]
    )
    return sum(1 for token_id in due if _expire_one(token_id))


@transaction.atomic
def _expire_one(token_id: uuid.UUID) -> bool:
    token = (
        DownloadToken.objects.select_for_update(skip_locked=True)
        .filter(id=token_id, expiry_notified_at__isnull=True, revoked_at__isnull=True, expires_at__lte=timezone.now())
        .first()
    )
    if token is None:
        return False  # handled by a concurrent run, extended, or revoked meanwhile
    delivery = Delivery.objects.select_for_update().select_related("customer", "bundle").get(id=token.delivery_id)
    files = {f.id for f in bundle_ready_files(delivery.bundle)}
    downloaded = token.downloads.filter(file_id__in=files).values("file_id").distinct().count()
    notify.fire_token_expired(delivery=delivery, token=token, files_downloaded=downloaded, total_files=len(files))
    token.expiry_notified_at = timezone.now()
    token.save(update_fields=["expiry_notified_at"])
    if delivery.status == DeliveryStatus.APPROVED:
        delivery.status = DeliveryStatus.EXPIRED
        delivery.save(update_fields=["status", "updated_at"])
        event_log(delivery=delivery, kind="status", message="Approved → Expired. The link expired unused.")
    else:
        event_log(delivery=delivery, kind="token", message="The download link expired.")
    return True
