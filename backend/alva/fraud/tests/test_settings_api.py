"""GET/PUT /settings/fraud: defaults, roles, validation down to the list entry, one store at a time."""

import uuid
from datetime import UTC, datetime

import pytest

from alva.accounts.models import Role
from alva.core.testing import in_schema, store_client
from alva.fraud import selectors
from alva.fraud.models import FraudSettings
from alva.fraud.scoring import Decision, FraudInput, score

URL = "/api/v1/settings/fraud"
BUNDLE = uuid.UUID("0b7e3a52-5c1d-4f7a-9e2b-8d6c4a1f3e90")
NOW = datetime(2026, 3, 1, tzinfo=UTC)

DEFAULT_BODY = {
    "approve_max": 30,
    "review_max": 60,
    "block_list": [],
    "allow_list": [],
    "repeat_window_hours": 24,
    "repeat_threshold": 2,
    "velocity_window_minutes": 60,
    "velocity_threshold": 6,
}


def settings_body(**changes):
    return {**DEFAULT_BODY, **changes}


def put(client, body):
    return client.put(URL, body, content_type="application/json")


def stored(tenant):
    with in_schema(tenant):
        return list(FraudSettings.objects.values())


class NoHistory:
    def same_bundle_count(self, *, email, bundle_id, since):
        return 0

    def cross_bundle_count(self, *, email, since):
        return 0


@pytest.fixture
def admin_a(make_member, tenant_a):
    return make_member(tenant_a, Role.ADMIN)


# --- reading -----------------------------------------------------------------------------------


def test_a_member_reads_the_defaults_without_creating_a_row(make_member, tenant_a):
    member = make_member(tenant_a, Role.MEMBER)

    response = member.client().get(URL)

    assert response.status_code == 200
    assert response.json() == {**DEFAULT_BODY, "updated_at": None, "updated_by": None}
    assert stored(tenant_a) == []


def test_reading_needs_a_login(tenant_a):
    response = store_client(tenant_a).get(URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


# --- writing -----------------------------------------------------------------------------------


def test_an_admin_saves_settings_normalised(admin_a, tenant_a):
    body = settings_body(
        approve_max=20,
        review_max=70,
        block_list=["Bad.Actor@Gmail.com", "@Spam-Shop.com", "spam-shop.com", " fraud.net "],
        allow_list=["VIP@partner.com", "@mailinator.com"],
        repeat_window_hours=12,
        repeat_threshold=3,
        velocity_window_minutes=30,
        velocity_threshold=4,
    )

    response = put(admin_a.client(), body)

    assert response.status_code == 200
    saved = response.json()
    expected = settings_body(
        approve_max=20,
        review_max=70,
        block_list=["bad.actor@gmail.com", "spam-shop.com", "fraud.net"],
        allow_list=["vip@partner.com", "mailinator.com"],
        repeat_window_hours=12,
        repeat_threshold=3,
        velocity_window_minutes=30,
        velocity_threshold=4,
    )
    assert {k: v for k, v in saved.items() if k not in {"updated_at", "updated_by"}} == expected
    assert saved["updated_by"] == admin_a.user.email
    assert saved["updated_at"] is not None
    [row] = stored(tenant_a)
    assert row["block_list"] == ["bad.actor@gmail.com", "spam-shop.com", "fraud.net"]
    assert row["updated_by"] == admin_a.user.email


def test_saved_settings_are_what_members_read(admin_a, make_member, tenant_a):
    saved = put(admin_a.client(), settings_body(block_list=["bad@gmail.com"])).json()

    read = make_member(tenant_a, Role.MEMBER).client().get(URL).json()

    assert read == saved


def test_put_replaces_the_whole_settings_and_keeps_one_row(owner_a, tenant_a):
    client = owner_a.client()
    put(client, settings_body(approve_max=10, block_list=["a.com", "b.com"]))

    response = put(client, settings_body(block_list=["c.com"]))

    assert response.status_code == 200
    assert response.json()["approve_max"] == 30
    assert response.json()["block_list"] == ["c.com"]
    assert len(stored(tenant_a)) == 1


def test_a_member_cannot_change_settings(make_member, admin_a, tenant_a):
    put(admin_a.client(), settings_body(approve_max=25))
    before = stored(tenant_a)
    member = make_member(tenant_a, Role.MEMBER)

    response = put(member.client(), settings_body(approve_max=5, block_list=["victim.com"]))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert stored(tenant_a) == before


def test_a_member_cannot_create_the_settings_either(make_member, tenant_a):
    response = put(make_member(tenant_a, Role.MEMBER).client(), settings_body(approve_max=5))

    assert response.status_code == 403
    assert stored(tenant_a) == []


def test_writing_needs_a_login(tenant_a):
    response = put(store_client(tenant_a), settings_body())

    assert response.status_code == 401
    assert stored(tenant_a) == []


def test_a_full_list_of_5000_entries_is_accepted(admin_a):
    entries = [f"shop{i}.com" for i in range(5000)]

    response = put(admin_a.client(), settings_body(block_list=entries))

    assert response.status_code == 200
    assert len(response.json()["block_list"]) == 5000


# --- validation --------------------------------------------------------------------------------

HINT = "Enter an email address (name@example.com) or a domain (example.com or @example.com)."


def assert_422(response, fields):
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["fields"] == fields


def test_each_bad_list_entry_is_reported_by_its_index(admin_a, tenant_a):
    body = settings_body(
        block_list=["ok.com", "bad@gmail.com", "not a domain", "", "jane@"],
        allow_list=["fine@partner.com", "localhost"],
    )

    response = put(admin_a.client(), body)

    assert_422(
        response,
        {
            "block_list.2": [f"The domain contains spaces or invisible characters. {HINT}"],
            "block_list.3": [f"The entry is empty. {HINT}"],
            "block_list.4": [f"Nothing comes after the @. {HINT}"],
            "allow_list.1": [f"The domain has no dot (like gmail.com), so it cannot receive email. {HINT}"],
        },
    )
    assert stored(tenant_a) == []


def test_an_entry_cannot_be_on_both_lists(admin_a, tenant_a):
    body = settings_body(block_list=["@mailinator.com"], allow_list=["vip@gmail.com", "Mailinator.com"])

    response = put(admin_a.client(), body)

    assert_422(response, {"allow_list.1": ["This entry is also on the block list: keep it on one."]})
    assert stored(tenant_a) == []


@pytest.mark.parametrize(("approve_max", "review_max"), [(60, 60), (70, 60)])
def test_approve_max_must_stay_below_review_max(admin_a, tenant_a, approve_max, review_max):
    response = put(admin_a.client(), settings_body(approve_max=approve_max, review_max=review_max))

    assert_422(
        response,
        {"review_max": [f"Must be greater than approve_max ({approve_max}): scores above it go to review."]},
    )
    assert stored(tenant_a) == []


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"approve_max": -1}, {"approve_max": ["Input should be greater than or equal to 0"]}),
        ({"approve_max": 100, "review_max": 100}, {"approve_max": ["Input should be less than or equal to 99"]}),
        ({"review_max": 101}, {"review_max": ["Input should be less than or equal to 100"]}),
        ({"review_max": "60"}, {"review_max": ["Input should be a valid integer"]}),
        ({"approve_max": 30.5}, {"approve_max": ["Input should be a valid integer"]}),
        ({"approve_max": True}, {"approve_max": ["Input should be a valid integer"]}),
        ({"repeat_window_hours": 0}, {"repeat_window_hours": ["Input should be greater than or equal to 1"]}),
        ({"repeat_window_hours": 169}, {"repeat_window_hours": ["Input should be less than or equal to 168"]}),
        ({"repeat_threshold": 1}, {"repeat_threshold": ["Input should be greater than or equal to 2"]}),
        (
            {"velocity_window_minutes": 1441},
            {"velocity_window_minutes": ["Input should be less than or equal to 1440"]},
        ),
        ({"velocity_threshold": 1}, {"velocity_threshold": ["Input should be greater than or equal to 2"]}),
        ({"block_list": "bad.com"}, {"block_list": ["Input should be a valid list"]}),
        ({"allow_list": ["ok.com", 7]}, {"allow_list.1": ["Input should be a valid string"]}),
        ({"block_list": ["a" * 251 + ".com"]}, {"block_list.0": ["String should have at most 254 characters"]}),
    ],
)
def test_values_out_of_range_or_of_the_wrong_type_are_422(admin_a, tenant_a, changes, fields):
    response = put(admin_a.client(), settings_body(**changes))

    assert_422(response, fields)
    assert stored(tenant_a) == []


def test_a_missing_field_is_422(admin_a, tenant_a):
    body = settings_body()
    del body["velocity_threshold"]

    response = put(admin_a.client(), body)

    assert_422(response, {"velocity_threshold": ["This field is required."]})
    assert stored(tenant_a) == []


def test_lists_are_capped_at_5000_entries(admin_a, tenant_a):
    response = put(admin_a.client(), settings_body(allow_list=[f"shop{i}.com" for i in range(5001)]))

    assert_422(response, {"allow_list": ["List should have at most 5000 items after validation, not 5001"]})
    assert stored(tenant_a) == []


# --- one store at a time -----------------------------------------------------------------------


def test_settings_of_store_a_are_invisible_on_store_b(admin_a, owner_b, tenant_b):
    put(admin_a.client(), settings_body(approve_max=5, block_list=["secret-of-a.com"]))

    response = owner_b.client().get(URL)

    assert response.json() == {**DEFAULT_BODY, "updated_at": None, "updated_by": None}
    assert stored(tenant_b) == []


def test_store_b_saving_its_settings_leaves_store_a_alone(admin_a, owner_b, tenant_a, tenant_b):
    put(admin_a.client(), settings_body(block_list=["a-only.com"]))
    before_a = stored(tenant_a)

    put(owner_b.client(), settings_body(block_list=["b-only.com"]))

    assert stored(tenant_a) == before_a
    assert [row["block_list"] for row in stored(tenant_b)] == [["b-only.com"]]


def test_a_session_of_store_a_cannot_read_or_write_on_store_b_host(admin_a, owner_b, tenant_b):
    put(owner_b.client(), settings_body(block_list=["b-secret.com"]))
    before_b = stored(tenant_b)
    session_a = admin_a.client()
    on_b = store_client(tenant_b, HTTP_X_CSRFTOKEN=session_a.defaults["HTTP_X_CSRFTOKEN"])
    on_b.cookies = session_a.cookies

    read = on_b.get(URL)
    write = put(on_b, settings_body(allow_list=["b-secret.com"]))

    assert (read.status_code, write.status_code) == (401, 401)
    assert "b-secret.com" not in read.content.decode()
    assert stored(tenant_b) == before_b


# --- the settings feed scoring -----------------------------------------------------------------


def test_current_settings_drive_the_score(admin_a, tenant_a):
    put(admin_a.client(), settings_body(review_max=39, block_list=["bad@gmail.com"]))

    with in_schema(tenant_a):
        current = selectors.fraud_settings_current()
        blocked = score(FraudInput(email="bad@gmail.com", bundle_id=BUNDLE, received_at=NOW), current, NoHistory())
        disposable = score(
            FraudInput(email="jane@mailinator.com", bundle_id=BUNDLE, received_at=NOW), current, NoHistory()
        )

    assert (blocked.score, blocked.decision) == (100, Decision.BLOCK)
    assert (disposable.score, disposable.decision) == (40, Decision.BLOCK)


def test_current_settings_default_when_never_saved(tenant_b):
    with in_schema(tenant_b):
        current = selectors.fraud_settings_current()

    assert current.pk is None
    assert (current.approve_max, current.review_max, current.block_list) == (30, 60, [])
