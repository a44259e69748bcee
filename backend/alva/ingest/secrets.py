"""The store's webhook secret: created once, sealed at rest, revealed on purpose, rotated with an overlap."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from alva.core import crypto
from alva.ingest.models import WebhookSecret
from alva.store.services import audit_record

PURPOSE = "ingest.webhook_secret"
ROTATION_OVERLAP = timedelta(hours=24)


def _new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def webhook_secret_ensure() -> WebhookSecret:
    existing = WebhookSecret.objects.filter(singleton=True).first()
    if existing:
        return existing
    secret = _new_secret()
    row, _ = WebhookSecret.objects.get_or_create(
        singleton=True,
        defaults={"current_sealed": crypto.encrypt(secret, purpose=PURPOSE), "current_hint": secret[-4:]},
    )
    return row


def webhook_secret_reveal(*, actor: str) -> str:
    row = webhook_secret_ensure()
    audit_record(actor=actor, action="webhook_secret.reveal", detail={"hint": row.current_hint})
    return crypto.decrypt(row.current_sealed, purpose=PURPOSE)


@transaction.atomic
def webhook_secret_rotate(*, actor: str) -> tuple[str, datetime]:
    """New secret now; the old one keeps working for ROTATION_OVERLAP so live Klaviyo flows don't break."""
    row = WebhookSecret.objects.select_for_update().filter(pk=webhook_secret_ensure().pk).get()
    secret = _new_secret()
    now = timezone.now()
    row.previous_sealed = row.current_sealed
    row.previous_valid_until = now + ROTATION_OVERLAP
    row.current_sealed = crypto.encrypt(secret, purpose=PURPOSE)
    row.current_hint = secret[-4:]
    row.rotated_at = now
    row.save()
    audit_record(actor=actor, action="webhook_secret.rotate", detail={"hint": row.current_hint})
    return secret, row.previous_valid_until


def secret_matches(
    *, presented: str, current_sealed: str, previous_sealed: str, previous_valid_until: datetime | None
) -> bool:
    """Constant-time comparison against the current and (while valid) the previous secret."""
    if not presented or not current_sealed:
        return False
    candidate = presented.encode()
    ok = hmac.compare_digest(candidate, crypto.decrypt(current_sealed, purpose=PURPOSE).encode())
    if previous_sealed and previous_valid_until and previous_valid_until > timezone.now():
        ok |= hmac.compare_digest(candidate, crypto.decrypt(previous_sealed, purpose=PURPOSE).encode())
    return ok
