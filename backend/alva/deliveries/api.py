"""Merchant API routes of the deliveries app (mounted at /api/v1/ on store hosts)."""

from ninja import Router

from alva.accounts.auth import merchant_auth

router = Router(tags=["deliveries"], auth=merchant_auth)
