"""A local stand-in for Klaviyo's Events, Accounts and OAuth APIs, for development and tests."""

from .config import EmulatorConfig
from .server import EmulatorHandle, start_emulator
from .state import EmulatorState, RecordedEvent, RecordedRequest

__all__ = [
    "EmulatorConfig",
    "EmulatorHandle",
    "EmulatorState",
    "RecordedEvent",
    "RecordedRequest",
    "start_emulator",
]
