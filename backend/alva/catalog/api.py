"""Merchant API routes of the catalog app (mounted at /api/v1/ on store hosts)."""

from ninja import Router

from alva.accounts.auth import merchant_auth

router = Router(tags=["catalog"], auth=merchant_auth)
