"""Merchant API routes of the klaviyo app (mounted at /api/v1/ on store hosts)."""

from ninja import Router

from alva.accounts.auth import merchant_auth

router = Router(tags=["klaviyo"], auth=merchant_auth)
