"""The one environment reader the settings modules share (django-environ, dev defaults)."""

import environ

env = environ.Env()
