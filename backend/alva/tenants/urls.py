"""Absolute URLs of stores and public hosts, as handed to people (sign-up answers, invite links)."""

from django.conf import settings


def host_url(host: str) -> str:
    port = f":{settings.APP_PUBLIC_PORT}" if settings.APP_PUBLIC_PORT else ""
    return f"{settings.APP_SCHEME}://{host}{port}"


def store_host(subdomain: str) -> str:
    return f"{subdomain}.{settings.APP_DOMAIN}"


def store_url(subdomain: str) -> str:
    return host_url(store_host(subdomain)) + "/"
