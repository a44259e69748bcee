"""The store's Klaviyo connection, the Create Event client and the event outbox, queue `klaviyo-events`."""

from django.apps import AppConfig


class KlaviyoConfig(AppConfig):
    name = "alva.klaviyo"
    label = "klaviyo"
