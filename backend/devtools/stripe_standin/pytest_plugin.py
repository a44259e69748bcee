"""Pytest fixture `stripe_standin`: a fresh stand-in per test; enable with `pytest_plugins` or import it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import StandinHandle, start_standin


@pytest.fixture
def stripe_standin() -> Iterator[StandinHandle]:
    handle = start_standin()
    try:
        yield handle
    finally:
        handle.stop()
