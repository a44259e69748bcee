"""Reads for the store's settings."""

from alva.store.models import DELIVERY_DEFAULT_RANGES, StoreSettings


def store_settings() -> StoreSettings | None:
    return StoreSettings.objects.filter(singleton=True).first()


def store_settings_current() -> StoreSettings:
    """The active schema's settings; an unsaved row of defaults while the store has none (reads never write)."""
    return store_settings() or StoreSettings()


def delivery_defaults() -> dict[str, int]:
    """The policy a new bundle gets for the fields it leaves out: {"expiry_days", "max_downloads", "max_unique_ips"}."""
    row = store_settings_current()
    return {name: int(getattr(row, f"default_{name}")) for name in DELIVERY_DEFAULT_RANGES}
