"""People: users (email login), store memberships with roles, API keys and invitations."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alva.accounts"
    label = "accounts"
