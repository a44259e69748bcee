"""WSGI entry point (gunicorn config.wsgi:application): Django, with the webhook fast path in front."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_wsgi_application()

from alva.ingest.wsgi import WebhookFastPath  # noqa: E402 -- needs the apps loaded by get_wsgi_application()

application = WebhookFastPath(django_application)
