"""Download tokens: 256 random bits handed out once, only their SHA-256 kept; counting is one statement."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.db import connection
from django.utils import timezone

from alva.deliveries.models import Delivery, DownloadToken


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, delivery: Delivery) -> tuple[DownloadToken, str]:
    """A new grant with the bundle's policy; any earlier live token of the delivery is revoked."""
    now = timezone.now()
    DownloadToken.objects.filter(delivery=delivery, revoked_at__isnull=True).update(revoked_at=now)
    raw = secrets.token_urlsafe(32)
    bundle = delivery.bundle
    token = DownloadToken.objects.create(
        delivery=delivery,
        token_hash=token_digest(raw),
        expires_at=now + timedelta(days=bundle.expiry_days),
        max_downloads=bundle.max_downloads,
        max_unique_ips=bundle.max_unique_ips,
    )
    return token, raw


def token_find(raw: str) -> DownloadToken | None:
    if not raw or len(raw) > 100:
        return None
    # What the download page shows, and the customer a counted download's event names. `get`, not
    # `first`: the hash is unique, and ordering a one-row lookup only costs the compiler time.
    tokens = DownloadToken.objects.select_related("delivery__bundle", "delivery__customer")
    try:
        return tokens.get(token_hash=token_digest(raw))
    except DownloadToken.DoesNotExist:
        return None


class Refusal(StrEnum):
    EXPIRED = "expired"
    REVOKED = "revoked"
    BLOCKED = "blocked"
    EXHAUSTED = "exhausted"
    TOO_MANY_IPS = "too_many_ips"


def refusal_of(token: DownloadToken, *, ip: str | None = None) -> Refusal | None:
    """Why this token cannot download now (None: it can), for pages and for failed consumes."""
    status = token.delivery.status
    if status == "Blocked":
        return Refusal.BLOCKED
    if token.revoked_at is not None or status == "Revoked":
        return Refusal.REVOKED
    if token.expires_at <= timezone.now():
        return Refusal.EXPIRED
    if token.downloads_used >= token.max_downloads:
        return Refusal.EXHAUSTED
    if ip is not None and ip not in token.ips_seen and len(token.ips_seen) >= token.max_unique_ips:
        return Refusal.TOO_MANY_IPS
    return None


@dataclass(frozen=True)
class Consumed:
    downloads_used: int
    max_downloads: int
    files_downloaded: frozenset[uuid.UUID]

    @property
    def remaining(self) -> int:
        return max(self.max_downloads - self.downloads_used, 0)


# Expiry, revocation, the download count and the unique-IP rule checked and counted in ONE statement:
# two concurrent downloads on a token with one download left cannot both pass.
_CONSUME_SQL = """
UPDATE deliveries_downloadtoken SET
    downloads_used = downloads_used + 1,
    ips_seen = CASE WHEN %(ip)s::inet = ANY(ips_seen) THEN ips_seen ELSE array_append(ips_seen, %(ip)s::inet) END,
    files_downloaded = CASE WHEN %(file)s = ANY(files_downloaded) THEN files_downloaded
                            ELSE array_append(files_downloaded, %(file)s) END
WHERE id = %(id)s
  AND revoked_at IS NULL
  AND expires_at > now()
  AND downloads_used < max_downloads
  AND (%(ip)s::inet = ANY(ips_seen) OR cardinality(ips_seen) < max_unique_ips)
RETURNING downloads_used, max_downloads, files_downloaded
"""


def token_consume(*, token: DownloadToken, ip: str, file_id: uuid.UUID) -> Consumed | None:
    with connection.cursor() as cursor:
        cursor.execute(_CONSUME_SQL, {"id": token.id, "ip": ip, "file": file_id})
        row = cursor.fetchone()
    if row is None:
        return None
    return Consumed(downloads_used=row[0], max_downloads=row[1], files_downloaded=frozenset(row[2]))
