"""Pure facts about an email address or domain: shape, disposable provider, role mailbox, list entries."""

from __future__ import annotations

import re
import string

from disposable_email_domains import blocklist as _DISPOSABLE_DOMAINS

MAX_EMAIL_LENGTH = 254
MAX_LOCAL_PART_LENGTH = 64
MAX_LABEL_LENGTH = 63

# Local parts (lower-cased, +tag and . - _ removed) of mailboxes that usually accept no mail at all.
NO_REPLY_LOCAL_PARTS = frozenset(
    {"noreply", "donotreply", "dontreply", "noresponse", "mailerdaemon", "bounce", "bounces", "nobody"}
)
# Shared mailboxes of an organisation (RFC 2142 and common practice), read by whoever is on duty.
ROLE_LOCAL_PARTS = frozenset(
    {
        "abuse",
        "admin",
        "administrator",
        "billing",
        "contact",
        "enquiries",
        "help",
        "hostmaster",
        "info",
        "inquiries",
        "marketing",
        "office",
        "postmaster",
        "root",
        "sales",
        "security",
        "support",
        "webmaster",
    }
)
# Top-level names reserved for tests and local networks (RFC 2606, RFC 6761, RFC 6762): no mail reaches them.
RESERVED_TLDS = frozenset({"example", "invalid", "local", "localhost", "test", "internal", "arpa", "onion"})

_LOCAL_PART_FORBIDDEN = set('()<>[]:;@\\,"')
# Letters and digits (any script), with inner hyphens only: `xn--bcher-kva`, `my-shop`.
_LABEL = re.compile(r"^[^\W_]+(?:-+[^\W_]+)*$")
_SEPARATORS = re.compile(r"[.\-_]")

LIST_ENTRY_HINT = "Enter an email address (name@example.com) or a domain (example.com or @example.com)."


def normalise_email(email: str) -> str:
    return email.strip().lower()


def split_email(email: str) -> tuple[str, str]:
    """(local part, domain) of a normalised address; the domain is "" when there is no @."""
    local, at, domain = email.rpartition("@")
    return (local, domain) if at else (email, "")


def strip_tag(local: str) -> str:
    """`jane+promo` -> `jane`: the +tag is a free, unlimited alias of the same mailbox."""
    return local.split("+", 1)[0]


def mailbox_name(local: str) -> str:
    """The local part as a mailbox name: no +tag, no separators (`no-reply`, `no_reply`, `no.reply` are one)."""
    return _SEPARATORS.sub("", strip_tag(local))


def domain_problem(domain: str) -> str | None:
    """Why `domain` (lower-case) cannot receive email, in a sentence, or None when it is well formed."""
    if not domain:
        return "Nothing comes after the @."
    if any(char in string.whitespace or not char.isprintable() for char in domain):
        return "The domain contains spaces or invisible characters."
    if domain.startswith("["):
        return "The address uses an IP address instead of a domain name."
    labels = domain.split(".")
    if len(labels) < 2:
        return "The domain has no dot (like gmail.com), so it cannot receive email."
    if any(not label for label in labels):
        return "The domain starts or ends with a dot, or has two dots in a row."
    if any(len(label) > MAX_LABEL_LENGTH or not _LABEL.match(label) for label in labels):
        return "The domain contains characters a domain name cannot have."
    tld = labels[-1]
    if not (tld.isalpha() and len(tld) >= 2) and not tld.startswith("xn--"):
        return "The domain's ending (like .com or .de) is not a real one."
    if tld in RESERVED_TLDS:
        return f"Domains ending in .{tld} are reserved and cannot receive email."
    return None


def address_problem(email: str) -> str | None:
    """Why a normalised address is malformed, in a sentence that does not repeat it, or None."""
    if not email:
        return "The email address is empty."
    if len(email) > MAX_EMAIL_LENGTH:
        return f"The email address is longer than {MAX_EMAIL_LENGTH} characters."
    if any(char in string.whitespace or not char.isprintable() for char in email):
        return "The email address contains spaces or invisible characters."
    if email.count("@") != 1:
        return "The email address must contain exactly one @."
    local, domain = split_email(email)
    if not local:
        return "Nothing comes before the @."
    if len(local) > MAX_LOCAL_PART_LENGTH:
        return f"The part before the @ is longer than {MAX_LOCAL_PART_LENGTH} characters."
    if any(char in _LOCAL_PART_FORBIDDEN for char in local):
        return "The part before the @ contains characters an address cannot have."
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return "The part before the @ starts or ends with a dot, or has two dots in a row."
    return domain_problem(domain)


def parent_domains(domain: str) -> list[str]:
    """`a.b.example.com` -> [`a.b.example.com`, `b.example.com`, `example.com`] (never a bare TLD)."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def disposable_provider(domain: str) -> str | None:
    """The disposable-email domain that `domain` is or belongs to, or None."""
    for candidate in parent_domains(domain):
        if candidate in _DISPOSABLE_DOMAINS:
            return candidate
    return None


def normalise_list_entry(raw: str) -> str:
    """A block/allow list entry as stored: `name@example.com` or `example.com`; ValueError says what is wrong."""
    entry = raw.strip().lower()
    if not entry:
        raise ValueError(f"The entry is empty. {LIST_ENTRY_HINT}")
    if "@" in entry and not entry.startswith("@"):
        problem = address_problem(entry)
    else:
        entry = entry.removeprefix("@")
        problem = domain_problem(entry)
    if problem:
        raise ValueError(f"{problem} {LIST_ENTRY_HINT}")
    return entry
