"""Fixtures of the stand-in's own tests."""

from devtools.stripe_standin.pytest_plugin import stripe_standin

__all__ = ["stripe_standin"]
