"""Reads for the store's fraud settings."""

from alva.fraud.models import FraudSettings


def fraud_settings_current() -> FraudSettings:
    """The active schema's settings; an unsaved row of defaults while the store never saved any (reads never write)."""
    return FraudSettings.objects.filter(singleton=True).first() or FraudSettings()
