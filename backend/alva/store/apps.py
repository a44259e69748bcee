"""Store-wide settings of one merchant, kept in the store's own schema."""

from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "alva.store"
    label = "store"
