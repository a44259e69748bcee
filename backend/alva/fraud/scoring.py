"""The fraud score of one delivery: pure, deterministic, explained signal by signal.

Each signal adds documented points; the score is their sum clamped to 0-100, and the store's thresholds
turn it into a decision (0-approve_max approve, up to review_max review, above that block).

| signal               | points                                   | fires when                                        |
|----------------------|------------------------------------------|---------------------------------------------------|
| `block_list`         | 100, and forces block                    | the address or its domain is on the block list    |
| `malformed_address`  | 50                                       | the address cannot be a real mailbox              |
| `disposable_domain`  | 40                                       | the domain is a throwaway-email provider          |
| `no_reply_address`   | 35                                       | noreply@, donotreply@, mailer-daemon@ ...         |
| `velocity`           | 35                                       | >= velocity_threshold deliveries to the email in  |
|                      |                                          | velocity_window_minutes, across all bundles       |
| `repeat_same_bundle` | 20 at repeat_threshold, +10 per further  | the email got this bundle >= repeat_threshold     |
|                      | delivery, at most 50                     | times in repeat_window_hours                      |
| `role_address`       | 15                                       | admin@, info@, support@ ... (a shared mailbox)    |
| `name_is_email`      | 10                                       | the first or last name contains an @              |
| `random_local_part`  | 10                                       | the part before the @ looks machine-generated     |
| `allow_list`         | minus everything else, forces approve    | the address or its domain is on the allow list    |

Counts include the delivery being scored. When both lists match, the more specific entry wins (an
address beats its domain, a subdomain beats its parent); the other list's match stays as a 0-point signal.
Signal names are a stable contract (stored on deliveries, shown by the dashboard). Only the `detail`
sentences, which merchants read, may mention the address's domain; none repeats the address or a name.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal, Protocol, TypedDict

from alva.fraud import addresses

MIN_SCORE = 0
MAX_SCORE = 100

BLOCK_LIST_POINTS = 100
MALFORMED_ADDRESS_POINTS = 50
DISPOSABLE_DOMAIN_POINTS = 40
NO_REPLY_ADDRESS_POINTS = 35
VELOCITY_POINTS = 35
REPEAT_SAME_BUNDLE_POINTS = 20
REPEAT_SAME_BUNDLE_POINTS_PER_EXTRA = 10
REPEAT_SAME_BUNDLE_POINTS_MAX = 50
ROLE_ADDRESS_POINTS = 15
NAME_IS_EMAIL_POINTS = 10
RANDOM_LOCAL_PART_POINTS = 10

# A local part this long that switches between letters and digits this often reads as generated
# (`a8f3kq92lz0x`), while names with a year or a number (`jane.doe1987`, `mike2smith`) stay clear.
RANDOM_LOCAL_PART_MIN_LENGTH = 12
RANDOM_LOCAL_PART_MIN_SWITCHES = 5

DEFAULT_APPROVE_MAX = 30
DEFAULT_REVIEW_MAX = 60
DEFAULT_REPEAT_WINDOW_HOURS = 24
DEFAULT_REPEAT_THRESHOLD = 2
DEFAULT_VELOCITY_WINDOW_MINUTES = 60
DEFAULT_VELOCITY_THRESHOLD = 6

SIGNAL_NAMES = frozenset(
    {
        "block_list",
        "allow_list",
        "malformed_address",
        "disposable_domain",
        "no_reply_address",
        "role_address",
        "repeat_same_bundle",
        "velocity",
        "name_is_email",
        "random_local_part",
    }
)


class Decision(StrEnum):
    APPROVE = "approve"
    REVIEW = "review"
    BLOCK = "block"


class Signal(TypedDict):
    signal: str
    points: int
    detail: str


class ScoringSettings(Protocol):
    """What scoring reads from the store's settings; `FraudSettings` rows and `PlainSettings` both fit."""

    @property
    def approve_max(self) -> int: ...
    @property
    def review_max(self) -> int: ...
    @property
    def block_list(self) -> Sequence[str]: ...
    @property
    def allow_list(self) -> Sequence[str]: ...
    @property
    def repeat_window_hours(self) -> int: ...
    @property
    def repeat_threshold(self) -> int: ...
    @property
    def velocity_window_minutes(self) -> int: ...
    @property
    def velocity_threshold(self) -> int: ...


@dataclass(frozen=True)
class PlainSettings:
    """Settings as plain data, with the same defaults as a store that never changed them."""

    approve_max: int = DEFAULT_APPROVE_MAX
    review_max: int = DEFAULT_REVIEW_MAX
    block_list: Sequence[str] = ()
    allow_list: Sequence[str] = ()
    repeat_window_hours: int = DEFAULT_REPEAT_WINDOW_HOURS
    repeat_threshold: int = DEFAULT_REPEAT_THRESHOLD
    velocity_window_minutes: int = DEFAULT_VELOCITY_WINDOW_MINUTES
    velocity_threshold: int = DEFAULT_VELOCITY_THRESHOLD


class FraudHistory(Protocol):
    """Earlier deliveries of the store, implemented by the deliveries app over its table.

    Both count deliveries to `email` (normalised: trimmed, lower-case) received at or after `since`,
    never the delivery being scored itself.
    """

    def same_bundle_count(self, *, email: str, bundle_id: uuid.UUID, since: datetime) -> int: ...

    def cross_bundle_count(self, *, email: str, since: datetime) -> int:
        """Deliveries of any bundle, this one included."""
        ...


@dataclass(frozen=True, kw_only=True)
class FraudInput:
    email: str
    first_name: str = ""
    last_name: str = ""
    bundle_id: uuid.UUID
    # When the webhook call was received: the repeat and velocity windows end here.
    received_at: datetime


@dataclass(frozen=True)
class FraudResult:
    score: int
    signals: list[Signal]
    decision: Decision


def decision_for(score: int, settings: ScoringSettings) -> Decision:
    """The band of a score under the store's thresholds (the block list aside, which always blocks)."""
    if score <= settings.approve_max:
        return Decision.APPROVE
    if score <= settings.review_max:
        return Decision.REVIEW
    return Decision.BLOCK


def score(inp: FraudInput, settings: ScoringSettings, history: FraudHistory) -> FraudResult:
    """Score one delivery; reads nothing but its arguments (the history is asked two counts)."""
    email = addresses.normalise_email(inp.email)
    local, domain = addresses.split_email(email)
    signals: list[Signal] = []

    blocked = _list_match(settings.block_list, email=email, local=local, domain=domain)
    allowed = _list_match(settings.allow_list, email=email, local=local, domain=domain)
    # Ties only happen with lists that skipped validation; failing closed is the safe reading.
    allow_wins = allowed is not None and (blocked is None or allowed.specificity > blocked.specificity)
    if blocked is not None:
        points = 0 if allow_wins else BLOCK_LIST_POINTS
        signals.append(_signal("block_list", points, _list_detail(blocked, "block", overridden=allow_wins)))

    signals.extend(_address_signals(email=email, local=local, domain=domain))
    signals.extend(_history_signals(inp, email=email, settings=settings, history=history))
    signals.extend(_name_signals(inp))

    if allowed is not None:
        # Cancels everything else, so the signals still add up to the score.
        points = -sum(s["points"] for s in signals) if allow_wins else 0
        signals.append(_signal("allow_list", points, _list_detail(allowed, "allow", overridden=not allow_wins)))

    total = max(MIN_SCORE, min(MAX_SCORE, sum(s["points"] for s in signals)))
    if allow_wins:
        decision = Decision.APPROVE
    elif blocked is not None:
        decision = Decision.BLOCK
    else:
        decision = decision_for(total, settings)
    return FraudResult(score=total, decision=decision, signals=signals)


# --- signals -----------------------------------------------------------------------------------


def _signal(name: str, points: int, detail: str) -> Signal:
    return {"signal": name, "points": points, "detail": detail}


def _address_signals(*, email: str, local: str, domain: str) -> list[Signal]:
    signals: list[Signal] = []
    problem = addresses.address_problem(email)
    if problem:
        detail = f"{problem} A malformed address cannot receive the download email."
        signals.append(_signal("malformed_address", MALFORMED_ADDRESS_POINTS, detail))
    provider = addresses.disposable_provider(domain) if domain else None
    if provider:
        detail = f"The address uses {provider}, a disposable (throwaway) email provider."
        signals.append(_signal("disposable_domain", DISPOSABLE_DOMAIN_POINTS, detail))
    mailbox = addresses.mailbox_name(local)
    if mailbox in addresses.NO_REPLY_LOCAL_PARTS:
        detail = f"The address is a no-reply mailbox ({mailbox}@) that usually accepts no email at all."
        signals.append(_signal("no_reply_address", NO_REPLY_ADDRESS_POINTS, detail))
    elif mailbox in addresses.ROLE_LOCAL_PARTS:
        detail = f"The address is a shared role mailbox ({mailbox}@) rather than a person's."
        signals.append(_signal("role_address", ROLE_ADDRESS_POINTS, detail))
    switches = _letter_digit_switches(mailbox)
    if len(mailbox) >= RANDOM_LOCAL_PART_MIN_LENGTH and switches >= RANDOM_LOCAL_PART_MIN_SWITCHES:
        detail = (
            f"The part of the address before the @ looks machine-generated: it switches between letters "
            f"and digits {switches} times."
        )
        signals.append(_signal("random_local_part", RANDOM_LOCAL_PART_POINTS, detail))
    return signals


def _history_signals(inp: FraudInput, *, email: str, settings: ScoringSettings, history: FraudHistory) -> list[Signal]:
    signals: list[Signal] = []
    repeat_window = timedelta(hours=settings.repeat_window_hours)
    same_bundle = (
        history.same_bundle_count(email=email, bundle_id=inp.bundle_id, since=inp.received_at - repeat_window) + 1
    )
    if same_bundle >= settings.repeat_threshold:
        extra = same_bundle - settings.repeat_threshold
        points = min(
            REPEAT_SAME_BUNDLE_POINTS + extra * REPEAT_SAME_BUNDLE_POINTS_PER_EXTRA, REPEAT_SAME_BUNDLE_POINTS_MAX
        )
        detail = (
            f"The same email received this bundle {same_bundle} times in the last {_window(repeat_window)}, "
            f"counting this delivery."
        )
        signals.append(_signal("repeat_same_bundle", points, detail))
    velocity_window = timedelta(minutes=settings.velocity_window_minutes)
    all_bundles = history.cross_bundle_count(email=email, since=inp.received_at - velocity_window) + 1
    if all_bundles >= settings.velocity_threshold:
        detail = (
            f"The same email received {all_bundles} deliveries across all bundles in the last "
            f"{_window(velocity_window)}, counting this one."
        )
        signals.append(_signal("velocity", VELOCITY_POINTS, detail))
    return signals


def _name_signals(inp: FraudInput) -> list[Signal]:
    fields = [label for label, value in (("first", inp.first_name), ("last", inp.last_name)) if "@" in value]
    if not fields:
        return []
    which = " and ".join(fields)
    verb = "contain" if len(fields) > 1 else "contains"
    detail = f"The {which} name {verb} an email address instead of a name."
    return [_signal("name_is_email", NAME_IS_EMAIL_POINTS, detail)]


_LETTERS_OR_DIGITS = re.compile(r"[a-z]+|[0-9]+")


def _letter_digit_switches(text: str) -> int:
    runs = _LETTERS_OR_DIGITS.findall(text)
    return max(len(runs) - 1, 0)


def _window(window: timedelta) -> str:
    minutes = int(window.total_seconds()) // 60
    if minutes % 60:
        return "minute" if minutes == 1 else f"{minutes} minutes"
    hours = minutes // 60
    return "hour" if hours == 1 else f"{hours} hours"


# --- block and allow lists ---------------------------------------------------------------------


# Above any domain's label count (a domain name has at most 127 labels).
_EXACT_ADDRESS = 1002
_UNTAGGED_ADDRESS = 1001


@dataclass(frozen=True)
class _ListMatch:
    entry: str
    is_address: bool
    # An exact address beats the address without its +tag, which beats any domain; a deeper domain wins.
    specificity: int


def _list_match(entries: Sequence[str], *, email: str, local: str, domain: str) -> _ListMatch | None:
    # Lenient on purpose: stored lists are already normalised, and a bad entry must not stop scoring.
    normalised = {entry.strip().lower().removeprefix("@") for entry in entries}
    if email in normalised:
        return _ListMatch(entry=email, is_address=True, specificity=_EXACT_ADDRESS)
    untagged = f"{addresses.strip_tag(local)}@{domain}"
    if domain and untagged in normalised:
        return _ListMatch(entry=untagged, is_address=True, specificity=_UNTAGGED_ADDRESS)
    for candidate in addresses.parent_domains(domain) if domain else []:
        if candidate in normalised:
            return _ListMatch(entry=candidate, is_address=False, specificity=candidate.count(".") + 1)
    return None


def _list_detail(match: _ListMatch, kind: Literal["block", "allow"], *, overridden: bool) -> str:
    if match.is_address:
        subject = (
            "This email address" if match.specificity == _EXACT_ADDRESS else "This email address (ignoring its +tag)"
        )
    else:
        subject = f"The domain {match.entry}"
    if kind == "block":
        sentence = f"{subject} is on the store's block list."
        if overridden:
            return f"{sentence} A more specific allow-list entry overrides it."
        return f"{sentence} Deliveries to it are always blocked."
    sentence = f"{subject} is on the store's allow list."
    if overridden:
        return f"{sentence} A more specific block-list entry overrides it."
    return f"{sentence} Deliveries to it are always approved."
