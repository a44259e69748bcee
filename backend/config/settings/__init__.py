"""Django settings for Alva, composed from one module per concern; every value comes from the environment."""

from .base import *  # noqa: F403
from .dramatiq import *  # noqa: F403
from .klaviyo import *  # noqa: F403
from .sentry import *  # noqa: F403
from .storage import *  # noqa: F403
from .stripe import *  # noqa: F403
