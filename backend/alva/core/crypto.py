"""AES-256-GCM for secrets at rest (webhook secrets, Klaviyo tokens), with key ids for rotation.

FIELD_ENCRYPTION_KEYS is "id:base64key[,id:base64key…]"; the first key encrypts, every key decrypts.
A ciphertext is "id:" + urlsafe-base64(12-byte nonce ‖ ciphertext ‖ tag); the key id and a
caller-chosen purpose are bound as associated data, so a value cannot be moved to another field.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12


class DecryptionError(Exception):
    pass


@lru_cache(maxsize=4)
def _keys(raw: str) -> tuple[str, dict[str, AESGCM]]:
    if not raw:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is not set")
    keys: dict[str, AESGCM] = {}
    current = ""
    for entry in raw.split(","):
        key_id, _, encoded = entry.strip().partition(":")
        key = base64.urlsafe_b64decode(encoded)
        if not key_id or len(key) != 32:
            raise ValueError("FIELD_ENCRYPTION_KEYS entries must be id:base64(32 bytes)")
        keys[key_id] = AESGCM(key)
        current = current or key_id
    return current, keys


def encrypt(plaintext: str, *, purpose: str) -> str:
    key_id, keys = _keys(settings.FIELD_ENCRYPTION_KEYS)
    nonce = os.urandom(NONCE_BYTES)
    sealed = keys[key_id].encrypt(nonce, plaintext.encode(), f"{key_id}:{purpose}".encode())
    return f"{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, purpose: str) -> str:
    key_id, _, encoded = token.partition(":")
    _, keys = _keys(settings.FIELD_ENCRYPTION_KEYS)
    if key_id not in keys:
        raise DecryptionError(f"unknown key id {key_id!r}")
    blob = base64.urlsafe_b64decode(encoded)
    try:
        plaintext = keys[key_id].decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], f"{key_id}:{purpose}".encode())
    except Exception as exc:  # cryptography raises InvalidTag; never leak which part failed
        raise DecryptionError("ciphertext does not verify") from exc
    return plaintext.decode()


def needs_reencryption(token: str) -> bool:
    """True when `token` was sealed with a key other than the current one (for a rotation job)."""
    current, _ = _keys(settings.FIELD_ENCRYPTION_KEYS)
    return not token.startswith(f"{current}:")
