"""Fixtures of the klaviyo tests live in backend/conftest.py (`klaviyo`, `committed_store`)."""
