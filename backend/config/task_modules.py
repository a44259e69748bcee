"""Imports every app's tasks module so that a worker knows every actor."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def import_task_modules() -> list[str]:
    imported = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.tasks"
        if app.name.startswith("alva.") and find_spec(module_name) is not None:
            import_module(module_name)
            imported.append(module_name)
    return imported
