"""Fixtures for the emulator's own tests."""

from devtools.klaviyo_emulator.pytest_plugin import klaviyo_emulator

__all__ = ["klaviyo_emulator"]
