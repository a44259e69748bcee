"""Merchant API routes of the ingest app (mounted at /api/v1/ on store hosts)."""

from ninja import Router

from alva.accounts.auth import merchant_auth

router = Router(tags=["ingest"], auth=merchant_auth)
