"""Reads for the store's settings."""

from alva.store.models import StoreSettings


def store_settings() -> StoreSettings | None:
    return StoreSettings.objects.filter(singleton=True).first()


def store_settings_current() -> StoreSettings:
    """The active schema's settings; an unsaved row of defaults while the store has none (reads never write)."""
    return store_settings() or StoreSettings()
