"""The store's fraud settings: score thresholds, block and allow lists, repeat and velocity rules."""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from alva.fraud import scoring

MAX_LIST_ENTRIES = 5000
MAX_ENTRY_LENGTH = 254


class FraudSettings(models.Model):
    """One row per store schema, written on the first save; until then the defaults apply."""

    # A singleton: the constraint makes a second row impossible, not merely unlikely.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    approve_max = models.PositiveSmallIntegerField(default=scoring.DEFAULT_APPROVE_MAX)
    review_max = models.PositiveSmallIntegerField(default=scoring.DEFAULT_REVIEW_MAX)
    # Lower-case `name@example.com` or `example.com` (a domain also covers its subdomains).
    block_list = ArrayField(models.CharField(max_length=MAX_ENTRY_LENGTH), default=list, blank=True)
    allow_list = ArrayField(models.CharField(max_length=MAX_ENTRY_LENGTH), default=list, blank=True)
    repeat_window_hours = models.PositiveSmallIntegerField(default=scoring.DEFAULT_REPEAT_WINDOW_HOURS)
    # Deliveries of one bundle to one email within the window, counting the new one, that raise the signal.
    repeat_threshold = models.PositiveSmallIntegerField(default=scoring.DEFAULT_REPEAT_THRESHOLD)
    velocity_window_minutes = models.PositiveSmallIntegerField(default=scoring.DEFAULT_VELOCITY_WINDOW_MINUTES)
    # Deliveries of any bundle to one email within the window, counting the new one, that raise the signal.
    velocity_threshold = models.PositiveSmallIntegerField(default=scoring.DEFAULT_VELOCITY_THRESHOLD)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # An email rather than a key: team members live in the public schema and may leave the store.
    updated_by = models.EmailField(max_length=254, blank=True)

    class Meta:
        verbose_name_plural = "fraud settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="fraud_settings_singleton"),
            models.CheckConstraint(
                condition=models.Q(approve_max__lt=models.F("review_max"), review_max__lte=100),
                name="fraud_settings_bands_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    repeat_window_hours__gte=1,
                    repeat_threshold__gte=2,
                    velocity_window_minutes__gte=1,
                    velocity_threshold__gte=2,
                ),
                name="fraud_settings_rules_positive",
            ),
        ]

    def __str__(self) -> str:
        return "fraud settings"
