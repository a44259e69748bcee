"""Address facts: malformed shapes, disposable providers, mailbox names, block/allow list entries."""

import re

import pytest

from alva.fraud import addresses

HINT = "Enter an email address (name@example.com) or a domain (example.com or @example.com)."


@pytest.mark.parametrize(
    "email",
    [
        "jane.doe@gmail.com",
        "jane+promo@shop.co.uk",
        "o'brien@mail.ie",
        "x@xn--mnchen-3ya.de",
        "jörg@münchen.de",
        "a@my-shop.com",
        "a" * 64 + "@gmail.com",
    ],
)
def test_well_formed_addresses_have_no_problem(email):
    assert addresses.address_problem(email) is None


@pytest.mark.parametrize(
    ("email", "problem"),
    [
        ("", "The email address is empty."),
        ("a" * 245 + "@gmail.com", "The email address is longer than 254 characters."),
        ("jane doe@gmail.com", "The email address contains spaces or invisible characters."),
        ("jane\u200b@gmail.com", "The email address contains spaces or invisible characters."),
        ("jane.gmail.com", "The email address must contain exactly one @."),
        ("jane@doe@gmail.com", "The email address must contain exactly one @."),
        ("@gmail.com", "Nothing comes before the @."),
        ("jane@", "Nothing comes after the @."),
        ("a" * 65 + "@gmail.com", "The part before the @ is longer than 64 characters."),
        ("ja(ne)@gmail.com", "The part before the @ contains characters an address cannot have."),
        (".jane@gmail.com", "The part before the @ starts or ends with a dot, or has two dots in a row."),
        ("jane.@gmail.com", "The part before the @ starts or ends with a dot, or has two dots in a row."),
        ("ja..ne@gmail.com", "The part before the @ starts or ends with a dot, or has two dots in a row."),
        ("jane@[192.0.2.1]", "The address uses an IP address instead of a domain name."),
        ("jane@localhost", "The domain has no dot (like gmail.com), so it cannot receive email."),
        ("jane@gmail..com", "The domain starts or ends with a dot, or has two dots in a row."),
        ("jane@.gmail.com", "The domain starts or ends with a dot, or has two dots in a row."),
        ("jane@-gmail.com", "The domain contains characters a domain name cannot have."),
        ("jane@gmail-.com", "The domain contains characters a domain name cannot have."),
        ("jane@g_mail.com", "The domain contains characters a domain name cannot have."),
        ("jane@" + "a" * 64 + ".com", "The domain contains characters a domain name cannot have."),
        ("jane@gmail.c", "The domain's ending (like .com or .de) is not a real one."),
        ("jane@10.0.0.1", "The domain's ending (like .com or .de) is not a real one."),
        ("jane@shop.test", "Domains ending in .test are reserved and cannot receive email."),
        ("jane@printer.local", "Domains ending in .local are reserved and cannot receive email."),
    ],
)
def test_malformed_addresses_say_why_without_repeating_the_address(email, problem):
    assert addresses.address_problem(email) == problem


@pytest.mark.parametrize(
    ("domain", "provider"),
    [
        ("mailinator.com", "mailinator.com"),
        ("inbox.mailinator.com", "mailinator.com"),
        ("a.b.mailinator.com", "mailinator.com"),
        ("guerrillamail.com", "guerrillamail.com"),
        ("gmail.com", None),
        ("mailinator.com.evil.example", None),
        ("com", None),
    ],
)
def test_disposable_provider_matches_the_domain_or_a_parent(domain, provider):
    assert addresses.disposable_provider(domain) == provider


def test_parent_domains_never_reach_the_bare_tld():
    assert addresses.parent_domains("a.b.example.co") == ["a.b.example.co", "b.example.co", "example.co"]
    assert addresses.parent_domains("example.com") == ["example.com"]


@pytest.mark.parametrize(
    ("local", "mailbox"),
    [("no-reply", "noreply"), ("no_reply", "noreply"), ("do.not.reply+x", "donotreply"), ("jane", "jane")],
)
def test_mailbox_name_drops_tag_and_separators(local, mailbox):
    assert addresses.mailbox_name(local) == mailbox


@pytest.mark.parametrize(
    ("raw", "entry"),
    [
        ("Bad.Actor@Gmail.com", "bad.actor@gmail.com"),
        ("  spam+tag@shop.com ", "spam+tag@shop.com"),
        ("example.com", "example.com"),
        ("@Example.com", "example.com"),
        (" @sub.example.co.uk", "sub.example.co.uk"),
        ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
    ],
)
def test_list_entries_are_normalised(raw, entry):
    assert addresses.normalise_list_entry(raw) == entry


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", f"The entry is empty. {HINT}"),
        ("   ", f"The entry is empty. {HINT}"),
        ("@", f"Nothing comes after the @. {HINT}"),
        ("jane@", f"Nothing comes after the @. {HINT}"),
        ("example", f"The domain has no dot (like gmail.com), so it cannot receive email. {HINT}"),
        ("bad shop.com", f"The domain contains spaces or invisible characters. {HINT}"),
        ("@@example.com", f"The domain contains characters a domain name cannot have. {HINT}"),
        ("*.example.com", f"The domain contains characters a domain name cannot have. {HINT}"),
        ("a@b@example.com", f"The email address must contain exactly one @. {HINT}"),
        ("jane doe@example.com", f"The email address contains spaces or invisible characters. {HINT}"),
        ("http://example.com", f"The domain contains characters a domain name cannot have. {HINT}"),
    ],
)
def test_invalid_list_entries_say_why(raw, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        addresses.normalise_list_entry(raw)
