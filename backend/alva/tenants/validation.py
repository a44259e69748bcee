"""Rules for store subdomains."""

import re

RESERVED_SUBDOMAINS = frozenset(
    {
        "admin", "alva", "api", "app", "assets", "auth", "billing", "blog", "cdn", "dashboard", "demo-admin",
        "dev", "docs", "download", "downloads", "ftp", "help", "hooks", "imap", "internal", "login", "mail",
        "media", "mx", "ns1", "ns2", "pop", "root", "smtp", "staging", "static", "status", "support",
        "test", "webhook", "webhooks", "www",
    }
)  # fmt: skip


def subdomain_errors(subdomain: str) -> list[str]:
    """Every reason a subdomain is unacceptable (empty when it is fine)."""
    if not 3 <= len(subdomain) <= 40:
        return ["Must be 3 to 40 characters long."]
    if not re.fullmatch(r"[a-z0-9-]+", subdomain):
        return ["Use only lowercase letters, digits and hyphens."]
    if subdomain.startswith("-") or subdomain.endswith("-"):
        return ["Must not start or end with a hyphen."]
    if "--" in subdomain:
        return ["Must not contain two hyphens in a row."]
    if subdomain in RESERVED_SUBDOMAINS:
        return ["This name is reserved."]
    return []
