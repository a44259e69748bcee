"""Writes for the store's fraud settings (always in the active tenant schema)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from alva.accounts.models import User
from alva.core.errors import ValidationFailed
from alva.fraud import addresses
from alva.fraud.models import FraudSettings


@transaction.atomic
def fraud_settings_update(
    *,
    actor: User,
    approve_max: int,
    review_max: int,
    block_list: Sequence[str],
    allow_list: Sequence[str],
    repeat_window_hours: int,
    repeat_threshold: int,
    velocity_window_minutes: int,
    velocity_threshold: int,
) -> FraudSettings:
    """Replace the settings; list entries come back normalised (lower-case, `@example.com` -> `example.com`)."""
    errors: dict[str, list[str]] = {}
    if approve_max >= review_max:
        errors["review_max"] = [f"Must be greater than approve_max ({approve_max}): scores above it go to review."]
    blocks = _normalised_list("block_list", block_list, errors)
    allows = _normalised_list("allow_list", allow_list, errors)
    blocked = set(blocks)
    for index, raw in enumerate(allow_list):
        if _normalised_or_none(raw) in blocked:
            errors.setdefault(f"allow_list.{index}", []).append("This entry is also on the block list: keep it on one.")
    if errors:
        raise ValidationFailed(errors)

    settings_row, _ = FraudSettings.objects.update_or_create(
        singleton=True,
        defaults={
            "approve_max": approve_max,
            "review_max": review_max,
            "block_list": blocks,
            "allow_list": allows,
            "repeat_window_hours": repeat_window_hours,
            "repeat_threshold": repeat_threshold,
            "velocity_window_minutes": velocity_window_minutes,
            "velocity_threshold": velocity_threshold,
            "updated_by": actor.email,
        },
    )
    return settings_row


def _normalised_list(name: str, raw_entries: Sequence[str], errors: dict[str, list[str]]) -> list[str]:
    """Entries in the order given, duplicates dropped; each invalid one is reported as `name.<index>`."""
    entries: dict[str, None] = {}
    for index, raw in enumerate(raw_entries):
        try:
            entries.setdefault(addresses.normalise_list_entry(raw))
        except ValueError as exc:
            errors[f"{name}.{index}"] = [str(exc)]
    return list(entries)


def _normalised_or_none(raw: str) -> str | None:
    try:
        return addresses.normalise_list_entry(raw)
    except ValueError:
        return None
