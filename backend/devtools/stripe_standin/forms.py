"""Stripe's form encoding: `metadata[plan]=x&line_items[0][price]=p` <-> nested dicts and lists."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, quote

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


class FormError(ValueError):
    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


def decode(body: str) -> dict[str, Any]:
    """Decode a form body the way Stripe reads it; `a[0]`, `a[1]` become a list, `a[]` appends."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True, strict_parsing=False):
        match = _KEY.match(key)
        if match is None:
            raise FormError(key, f"Invalid parameter name: {key}")
        parts = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        node: dict[str, Any] = root
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            name = part if part else str(sum(1 for k in node if k.isdigit()))
            if last:
                node[name] = value
            else:
                child = node.setdefault(name, {})
                if not isinstance(child, dict):
                    raise FormError(key, f"Invalid parameter name: {key}")
                node = child
    return _lists(root)


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def encode(params: dict[str, Any]) -> str:
    """The inverse, for tests and the pay page: nested dicts and lists to Stripe's form encoding."""
    pairs: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                walk(f"{prefix}[{key}]" if prefix else str(key), child)
        elif isinstance(value, list | tuple):
            for index, child in enumerate(value):
                walk(f"{prefix}[{index}]", child)
        elif isinstance(value, bool):
            pairs.append((prefix, "true" if value else "false"))
        elif value is not None:
            pairs.append((prefix, str(value)))

    walk("", params)
    return "&".join(f"{quote(key, safe='[]')}={quote(value, safe='')}" for key, value in pairs)
