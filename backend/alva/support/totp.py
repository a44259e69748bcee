"""Staff two-factor codes (RFC 6238 TOTP via pyotp): sealed secrets, one step of clock drift, no replay."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
from django.db.models import Q
from django.utils import timezone

from alva.core.crypto import decrypt, encrypt
from alva.support.models import StaffTotpDevice

PURPOSE = "support.totp.secret"
ISSUER = "Alva Support"
# Codes of the previous and next 30-second step are accepted too (phones' clocks drift).
DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def seal(secret: str) -> str:
    return encrypt(secret, purpose=PURPOSE)


def provisioning_uri(*, secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def matching_step(*, device: StaffTotpDevice, code: str, now: datetime | None = None) -> int | None:
    """The time step `code` belongs to, or None; every candidate is compared in constant time."""
    code = code.replace(" ", "").strip()
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(decrypt(device.secret_sealed, purpose=PURPOSE))
    current = totp.timecode(now or timezone.now())
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def consume(*, device: StaffTotpDevice, code: str, confirm: bool = False) -> bool:
    """Accept `code` once: one conditional UPDATE moves the device's last step forward or nothing happens.

    A code already used (or older than one already used) matches no row, so a replay within the
    code's window, even a concurrent one, is refused.
    """
    step = matching_step(device=device, code=code)
    if step is None:
        return False
    fields: dict[str, object] = {"last_used_step": step}
    # Login takes a confirmed device only; confirming takes a pending one only.
    rows = StaffTotpDevice.objects.filter(id=device.id, confirmed_at__isnull=confirm)
    if confirm:
        fields["confirmed_at"] = timezone.now()
    updated = rows.filter(Q(last_used_step__isnull=True) | Q(last_used_step__lt=step)).update(**fields)
    return updated == 1
