"""Merchant API routes of the fraud app (mounted at /api/v1/ on store hosts)."""

from ninja import Router

from alva.accounts.auth import merchant_auth

router = Router(tags=["fraud"], auth=merchant_auth)
