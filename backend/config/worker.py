"""Dramatiq worker entry point: `dramatiq config.worker --queues ingest` (see `manage.py rundramatiq`)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from alva.core.tasks import broker  # noqa: E402
from config.task_modules import import_task_modules  # noqa: E402

import_task_modules()

__all__ = ["broker"]
