"""A local stand-in for the parts of Stripe's API that Alva's billing uses, for development and tests."""

from .config import DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET, Price, StandinConfig
from .server import StandinHandle, start_standin
from .signing import signature_header, signed_payload
from .state import RecordedRequest, StandinState

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_WEBHOOK_SECRET",
    "Price",
    "RecordedRequest",
    "StandinConfig",
    "StandinHandle",
    "StandinState",
    "signature_header",
    "signed_payload",
    "start_standin",
]
