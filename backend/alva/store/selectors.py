"""Reads for the store's settings."""

from alva.store.models import StoreSettings


def store_settings() -> StoreSettings | None:
    return StoreSettings.objects.filter(singleton=True).first()
