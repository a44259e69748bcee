"""Fraud scoring, signal by signal and in combination, against a fake delivery history."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from alva.fraud.scoring import (
    SIGNAL_NAMES,
    Decision,
    FraudInput,
    FraudResult,
    PlainSettings,
    Signal,
    decision_for,
    score,
)

BUNDLE = uuid.UUID("6f1c2a7e-93b4-4d51-8a0e-2b7c9d4e5f60")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DEFAULTS = PlainSettings()

DISPOSABLE: Signal = {
    "signal": "disposable_domain",
    "points": 40,
    "detail": "The address uses mailinator.com, a disposable (throwaway) email provider.",
}
BLOCKED_ADDRESS: Signal = {
    "signal": "block_list",
    "points": 100,
    "detail": "This email address is on the store's block list. Deliveries to it are always blocked.",
}


@dataclass
class FakeHistory:
    """Earlier deliveries as fixed counts; records every question so windows can be checked."""

    same_bundle: int = 0
    cross_bundle: int = 0
    calls: list[tuple] = field(default_factory=list)

    def same_bundle_count(self, *, email, bundle_id, since):
        self.calls.append(("same_bundle", email, bundle_id, since))
        return self.same_bundle

    def cross_bundle_count(self, *, email, since):
        self.calls.append(("cross_bundle", email, since))
        return self.cross_bundle


def run(email="jane.doe@gmail.com", *, settings=DEFAULTS, history=None, **fields) -> FraudResult:
    inp = FraudInput(email=email, bundle_id=BUNDLE, received_at=NOW, **fields)
    return score(inp, settings, history or FakeHistory())


def names(result: FraudResult) -> list[str]:
    return [s["signal"] for s in result.signals]


# --- a clean delivery --------------------------------------------------------------------------


def test_an_ordinary_customer_scores_zero_and_is_approved():
    result = run("Jane.Doe@Gmail.com", first_name="Jane", last_name="Doe")

    assert result == FraudResult(score=0, signals=[], decision=Decision.APPROVE)


def test_history_is_asked_about_the_normalised_email_and_the_store_windows():
    history = FakeHistory()

    run("  Jane.Doe@Gmail.COM ", history=history)

    assert history.calls == [
        ("same_bundle", "jane.doe@gmail.com", BUNDLE, NOW - timedelta(hours=24)),
        ("cross_bundle", "jane.doe@gmail.com", NOW - timedelta(hours=1)),
    ]


def test_custom_windows_reach_the_history():
    history = FakeHistory()

    run(history=history, settings=PlainSettings(repeat_window_hours=6, velocity_window_minutes=15))

    assert [call[-1] for call in history.calls] == [NOW - timedelta(hours=6), NOW - timedelta(minutes=15)]


# --- disposable domain -------------------------------------------------------------------------


def test_disposable_domain_alone_goes_to_review():
    result = run("jane@mailinator.com")

    assert result == FraudResult(score=40, signals=[DISPOSABLE], decision=Decision.REVIEW)


def test_a_subdomain_of_a_disposable_provider_counts_as_disposable():
    result = run("jane@inbox.mailinator.com")

    assert result.signals == [DISPOSABLE]


# --- block list --------------------------------------------------------------------------------


def test_block_listed_address_is_blocked():
    result = run("bad@gmail.com", settings=PlainSettings(block_list=["bad@gmail.com"]))

    assert result == FraudResult(score=100, signals=[BLOCKED_ADDRESS], decision=Decision.BLOCK)


@pytest.mark.parametrize("email", ["anyone@bad-shop.com", "anyone@mail.bad-shop.com", "ANYONE@Bad-Shop.com"])
def test_block_listed_domain_covers_its_addresses_and_subdomains(email):
    result = run(email, settings=PlainSettings(block_list=["bad-shop.com"]))

    assert result.signals == [
        {
            "signal": "block_list",
            "points": 100,
            "detail": "The domain bad-shop.com is on the store's block list. Deliveries to it are always blocked.",
        }
    ]
    assert result.decision == Decision.BLOCK


def test_a_plus_tag_does_not_dodge_the_block_list():
    result = run("bad+new@gmail.com", settings=PlainSettings(block_list=["bad@gmail.com"]))

    assert result.signals == [
        {
            "signal": "block_list",
            "points": 100,
            "detail": "This email address (ignoring its +tag) is on the store's block list. "
            "Deliveries to it are always blocked.",
        }
    ]
    assert (result.score, result.decision) == (100, Decision.BLOCK)


def test_block_list_does_not_match_lookalikes():
    settings = PlainSettings(block_list=["bad@gmail.com", "bad-shop.com"])

    for email in ["notbad@gmail.com", "bad@gmail.co", "a@notbad-shop.com", "a@bad-shop.com.au"]:
        assert run(email, settings=settings).signals == [], email


def test_stored_entries_are_matched_leniently():
    result = run("jane@bad-shop.com", settings=PlainSettings(block_list=[" @Bad-Shop.COM "]))

    assert names(result) == ["block_list"]


def test_block_list_blocks_whatever_the_thresholds():
    settings = PlainSettings(approve_max=98, review_max=100, block_list=["bad@gmail.com"])

    result = run("bad@gmail.com", settings=settings)

    assert (result.score, result.decision) == (100, Decision.BLOCK)
    assert decision_for(100, settings) == Decision.REVIEW


# --- allow list --------------------------------------------------------------------------------


def test_allow_listed_clean_address_keeps_a_zero_point_signal():
    result = run("vip@gmail.com", settings=PlainSettings(allow_list=["vip@gmail.com"]))

    assert result == FraudResult(
        score=0,
        signals=[
            {
                "signal": "allow_list",
                "points": 0,
                "detail": "This email address is on the store's allow list. Deliveries to it are always approved.",
            }
        ],
        decision=Decision.APPROVE,
    )


def test_allow_listed_disposable_address_is_approved_and_the_signals_still_add_up():
    result = run("jane@mailinator.com", settings=PlainSettings(allow_list=["mailinator.com"]))

    assert result == FraudResult(
        score=0,
        signals=[
            DISPOSABLE,
            {
                "signal": "allow_list",
                "points": -40,
                "detail": "The domain mailinator.com is on the store's allow list. "
                "Deliveries to it are always approved.",
            },
        ],
        decision=Decision.APPROVE,
    )


def test_allow_list_overrides_every_other_signal():
    settings = PlainSettings(allow_list=["noreply@mailinator.com"])
    history = FakeHistory(same_bundle=9, cross_bundle=20)

    result = run("noreply@mailinator.com", settings=settings, history=history, first_name="x@y.com")

    assert names(result) == [
        "disposable_domain",
        "no_reply_address",
        "repeat_same_bundle",
        "velocity",
        "name_is_email",
        "allow_list",
    ]
    assert result.signals[-1]["points"] == -(40 + 35 + 50 + 35 + 10)
    assert sum(s["points"] for s in result.signals) == 0
    assert (result.score, result.decision) == (0, Decision.APPROVE)


def test_an_address_on_the_block_list_beats_its_domain_on_the_allow_list():
    settings = PlainSettings(allow_list=["partner.com"], block_list=["thief@partner.com"])

    result = run("thief@partner.com", settings=settings)

    assert result == FraudResult(
        score=100,
        signals=[
            BLOCKED_ADDRESS,
            {
                "signal": "allow_list",
                "points": 0,
                "detail": "The domain partner.com is on the store's allow list. "
                "A more specific block-list entry overrides it.",
            },
        ],
        decision=Decision.BLOCK,
    )


def test_an_address_on_the_allow_list_beats_its_domain_on_the_block_list():
    settings = PlainSettings(allow_list=["friend@mailinator.com"], block_list=["mailinator.com"])

    result = run("friend@mailinator.com", settings=settings)

    assert result == FraudResult(
        score=0,
        signals=[
            {
                "signal": "block_list",
                "points": 0,
                "detail": "The domain mailinator.com is on the store's block list. "
                "A more specific allow-list entry overrides it.",
            },
            DISPOSABLE,
            {
                "signal": "allow_list",
                "points": -40,
                "detail": "This email address is on the store's allow list. Deliveries to it are always approved.",
            },
        ],
        decision=Decision.APPROVE,
    )


def test_an_allowed_subdomain_beats_a_blocked_parent_domain():
    settings = PlainSettings(allow_list=["eu.partner.com"], block_list=["partner.com"])

    assert run("a@eu.partner.com", settings=settings).decision == Decision.APPROVE
    assert run("a@us.partner.com", settings=settings).decision == Decision.BLOCK


def test_an_exact_address_beats_the_same_address_without_its_tag():
    settings = PlainSettings(allow_list=["jane+vip@gmail.com"], block_list=["jane@gmail.com"])

    assert run("jane+vip@gmail.com", settings=settings).decision == Decision.APPROVE
    assert run("jane+other@gmail.com", settings=settings).decision == Decision.BLOCK


def test_the_same_entry_on_both_lists_fails_closed():
    settings = PlainSettings(allow_list=["jane@gmail.com"], block_list=["jane@gmail.com"])

    result = run("jane@gmail.com", settings=settings)

    assert (result.score, result.decision) == (100, Decision.BLOCK)
    assert [(s["signal"], s["points"]) for s in result.signals] == [("block_list", 100), ("allow_list", 0)]


# --- malformed, no-reply and role addresses ----------------------------------------------------


@pytest.mark.parametrize(
    ("email", "problem"),
    [
        ("jane.gmail.com", "The email address must contain exactly one @."),
        ("ja..ne@gmail.com", "The part before the @ starts or ends with a dot, or has two dots in a row."),
        ("jane@localhost", "The domain has no dot (like gmail.com), so it cannot receive email."),
        ("jane@[192.0.2.1]", "The address uses an IP address instead of a domain name."),
        ("", "The email address is empty."),
    ],
)
def test_malformed_address_goes_to_review(email, problem):
    result = run(email)

    assert result == FraudResult(
        score=50,
        signals=[
            {
                "signal": "malformed_address",
                "points": 50,
                "detail": f"{problem} A malformed address cannot receive the download email.",
            }
        ],
        decision=Decision.REVIEW,
    )


@pytest.mark.parametrize(
    ("email", "mailbox"),
    [
        ("noreply@shop.com", "noreply"),
        ("No-Reply@shop.com", "noreply"),
        ("no_reply+orders@shop.com", "noreply"),
        ("do.not.reply@shop.com", "donotreply"),
        ("mailer-daemon@shop.com", "mailerdaemon"),
    ],
)
def test_no_reply_address_goes_to_review(email, mailbox):
    result = run(email)

    assert result == FraudResult(
        score=35,
        signals=[
            {
                "signal": "no_reply_address",
                "points": 35,
                "detail": f"The address is a no-reply mailbox ({mailbox}@) that usually accepts no email at all.",
            }
        ],
        decision=Decision.REVIEW,
    )


@pytest.mark.parametrize(
    ("email", "mailbox"),
    [("admin@shop.com", "admin"), ("Info@shop.com", "info"), ("support+tickets@shop.com", "support")],
)
def test_role_address_adds_a_little(email, mailbox):
    result = run(email)

    assert result == FraudResult(
        score=15,
        signals=[
            {
                "signal": "role_address",
                "points": 15,
                "detail": f"The address is a shared role mailbox ({mailbox}@) rather than a person's.",
            }
        ],
        decision=Decision.APPROVE,
    )


@pytest.mark.parametrize("email", ["administrator.jane@shop.com", "jane.admin@shop.com", "information@shop.com"])
def test_role_words_inside_a_personal_address_are_not_role_addresses(email):
    assert run(email).signals == []


# --- repeat deliveries of the same bundle ------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "points"),
    [(1, 20), (2, 30), (3, 40), (4, 50), (9, 50)],
)
def test_repeat_same_bundle_grows_with_each_delivery(earlier, points):
    result = run(history=FakeHistory(same_bundle=earlier))

    assert result.signals == [
        {
            "signal": "repeat_same_bundle",
            "points": points,
            "detail": f"The same email received this bundle {earlier + 1} times in the last 24 hours, "
            "counting this delivery.",
        }
    ]
    assert result.score == points


def test_first_delivery_of_a_bundle_is_no_repeat():
    assert run(history=FakeHistory(same_bundle=0)).signals == []


def test_repeat_threshold_and_window_are_store_settings():
    settings = PlainSettings(repeat_threshold=3, repeat_window_hours=6)

    below = run(settings=settings, history=FakeHistory(same_bundle=1))
    at = run(settings=settings, history=FakeHistory(same_bundle=2))

    assert below.signals == []
    assert at.signals == [
        {
            "signal": "repeat_same_bundle",
            "points": 20,
            "detail": "The same email received this bundle 3 times in the last 6 hours, counting this delivery.",
        }
    ]


# --- velocity ----------------------------------------------------------------------------------


def test_velocity_below_the_threshold_is_quiet():
    assert run(history=FakeHistory(cross_bundle=4)).signals == []


def test_velocity_at_the_threshold_goes_to_review():
    result = run(history=FakeHistory(cross_bundle=5))

    assert result == FraudResult(
        score=35,
        signals=[
            {
                "signal": "velocity",
                "points": 35,
                "detail": "The same email received 6 deliveries across all bundles in the last hour, "
                "counting this one.",
            }
        ],
        decision=Decision.REVIEW,
    )


@pytest.mark.parametrize(
    ("minutes", "window"),
    [(1, "minute"), (15, "15 minutes"), (90, "90 minutes"), (120, "2 hours"), (1440, "24 hours")],
)
def test_velocity_threshold_and_window_are_store_settings(minutes, window):
    settings = PlainSettings(velocity_threshold=3, velocity_window_minutes=minutes)

    result = run(settings=settings, history=FakeHistory(cross_bundle=2))

    assert result.signals[0]["detail"] == (
        f"The same email received 3 deliveries across all bundles in the last {window}, counting this one."
    )


# --- names and generated-looking addresses -----------------------------------------------------


@pytest.mark.parametrize(
    ("first_name", "last_name", "detail"),
    [
        ("jane@gmail.com", "Doe", "The first name contains an email address instead of a name."),
        ("Jane", "doe@gmail.com", "The last name contains an email address instead of a name."),
        ("jane@gmail.com", "jane@gmail.com", "The first and last name contain an email address instead of a name."),
    ],
)
def test_a_name_that_is_an_email_adds_a_little(first_name, last_name, detail):
    result = run(first_name=first_name, last_name=last_name)

    assert result == FraudResult(
        score=10, signals=[{"signal": "name_is_email", "points": 10, "detail": detail}], decision=Decision.APPROVE
    )


def test_a_machine_generated_local_part_adds_a_little():
    result = run("a8f3kq92lz0x@gmail.com")

    assert result == FraudResult(
        score=10,
        signals=[
            {
                "signal": "random_local_part",
                "points": 10,
                "detail": "The part of the address before the @ looks machine-generated: it switches between "
                "letters and digits 8 times.",
            }
        ],
        decision=Decision.APPROVE,
    )


@pytest.mark.parametrize(
    "email",
    [
        "jane.doe1987@gmail.com",
        "mike2smith3@gmail.com",
        "a1b2c3d4e5@gmail.com",  # switches a lot, but too short to be sure
        "christopherjohnson@gmail.com",
        "john.smith.2024.shop.orders@gmail.com",
    ],
)
def test_ordinary_local_parts_do_not_look_generated(email):
    assert run(email).signals == []


# --- combinations and bands --------------------------------------------------------------------


def test_disposable_and_a_first_repeat_stay_in_review():
    result = run("jane@mailinator.com", history=FakeHistory(same_bundle=1))

    assert names(result) == ["disposable_domain", "repeat_same_bundle"]
    assert (result.score, result.decision) == (60, Decision.REVIEW)


def test_disposable_and_a_second_repeat_are_blocked():
    result = run("jane@mailinator.com", history=FakeHistory(same_bundle=2))

    assert (result.score, result.decision) == (70, Decision.BLOCK)


def test_role_address_and_a_name_that_is_an_email_are_approved():
    result = run("admin@shop.com", first_name="admin@shop.com")

    assert names(result) == ["role_address", "name_is_email"]
    assert (result.score, result.decision) == (25, Decision.APPROVE)


def test_malformed_disposable_address_is_blocked():
    result = run("ja..ne@mailinator.com")

    assert names(result) == ["malformed_address", "disposable_domain"]
    assert (result.score, result.decision) == (90, Decision.BLOCK)


def test_score_is_clamped_to_100_while_every_signal_keeps_its_points():
    history = FakeHistory(same_bundle=9, cross_bundle=20)

    result = run("noreply@mailinator.com", history=history, last_name="x@y.com")

    assert [(s["signal"], s["points"]) for s in result.signals] == [
        ("disposable_domain", 40),
        ("no_reply_address", 35),
        ("repeat_same_bundle", 50),
        ("velocity", 35),
        ("name_is_email", 10),
    ]
    assert (result.score, result.decision) == (100, Decision.BLOCK)


@pytest.mark.parametrize(
    ("score_", "decision"),
    [
        (0, Decision.APPROVE),
        (30, Decision.APPROVE),
        (31, Decision.REVIEW),
        (60, Decision.REVIEW),
        (61, Decision.BLOCK),
        (100, Decision.BLOCK),
    ],
)
def test_default_bands(score_, decision):
    assert decision_for(score_, DEFAULTS) == decision


@pytest.mark.parametrize(
    ("score_", "decision"),
    [
        (0, Decision.APPROVE),
        (10, Decision.APPROVE),
        (11, Decision.REVIEW),
        (80, Decision.REVIEW),
        (81, Decision.BLOCK),
    ],
)
def test_custom_bands(score_, decision):
    assert decision_for(score_, PlainSettings(approve_max=10, review_max=80)) == decision


def test_zero_approve_max_sends_any_signal_to_review():
    settings = PlainSettings(approve_max=0, review_max=50)

    assert run(settings=settings).decision == Decision.APPROVE
    assert run("info@shop.com", settings=settings).decision == Decision.REVIEW


@pytest.mark.parametrize(
    ("approve_max", "review_max", "decision"),
    [(35, 60, Decision.APPROVE), (34, 60, Decision.REVIEW), (10, 35, Decision.REVIEW), (10, 34, Decision.BLOCK)],
)
def test_scored_deliveries_fall_on_the_store_band_edges(approve_max, review_max, decision):
    """A no-reply address scores exactly 35."""
    result = run("noreply@shop.com", settings=PlainSettings(approve_max=approve_max, review_max=review_max))

    assert (result.score, result.decision) == (35, decision)


def test_a_store_can_block_disposable_addresses_by_lowering_review_max():
    assert run("jane@mailinator.com", settings=PlainSettings(review_max=39)).decision == Decision.BLOCK


# --- contract ----------------------------------------------------------------------------------


def test_scoring_is_deterministic():
    settings = PlainSettings(block_list=["bad-shop.com"], allow_list=["vip@gmail.com"])

    def once():
        return run("noreply@mailinator.com", settings=settings, history=FakeHistory(2, 7), first_name="a@b.co")

    assert once() == once()


def test_signals_are_stable_snake_case_names_with_int_points_and_json_safe():
    settings = PlainSettings(block_list=["mailinator.com"], allow_list=["bad@mailinator.com"])
    result = run("bad+a8f3kq92lz0x@mailinator.com", settings=settings, history=FakeHistory(5, 9), first_name="x@y.co")

    assert set(names(result)) <= SIGNAL_NAMES
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", name) for name in SIGNAL_NAMES)
    assert all(type(s["points"]) is int and s["detail"].endswith(".") for s in result.signals)
    assert json.loads(json.dumps(result.signals)) == result.signals
    assert result.decision == "approve"


def test_details_never_repeat_the_address_or_the_names():
    history = FakeHistory(same_bundle=3, cross_bundle=8)

    result = run(
        "zq7x9k2m4p8r@mailinator.com", history=history, first_name="secret.first@gmail.com", last_name="Lastnamé"
    )

    assert len(result.signals) == 5
    text = json.dumps(result.signals)
    for pii in ["zq7x9k2m4p8r", "secret.first", "Lastnam"]:
        assert pii not in text
