"""Billing (public schema): plans, each store's Stripe subscription, usage counters and quotas."""

from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "alva.billing"
    label = "billing"
