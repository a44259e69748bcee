"""Shared kernel app: errors, tenant plumbing, task and observability wiring."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alva.core"
    label = "core"
