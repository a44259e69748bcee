"""Gunicorn access logs without secrets: download-page tokens in paths are replaced before logging."""

import re
from typing import Any

from gunicorn.glogging import Logger

_TOKEN_IN_PATH = re.compile(r"/d/[^/\s?]+")


class RedactingLogger(Logger):  # type: ignore[misc]
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {
            key: _TOKEN_IN_PATH.sub("/d/[token]", value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
