"""Test settings: the real settings plus a fast password hasher (hashing cost is not under test)."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
