"""Pytest fixture `klaviyo_emulator`: a fresh emulator per test; enable with `pytest_plugins`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import EmulatorHandle, start_emulator


@pytest.fixture
def klaviyo_emulator() -> Iterator[EmulatorHandle]:
    handle = start_emulator()
    try:
        yield handle
    finally:
        handle.stop()
