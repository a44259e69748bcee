"""Staff login on support.{APP_DOMAIN}: password + TOTP, enrolment, replay, lockout, and sessions bound to the host."""

from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from django.conf import settings

from alva.accounts.models import Role
from alva.core.testing import store_client, support_client
from alva.support.models import StaffTotpDevice
from alva.support.tests.conftest import LOGIN
from tests.factories import DEFAULT_PASSWORD

ME = "/api/support/v1/auth/me"
SETUP = "/api/support/v1/auth/totp/setup"
CONFIRM = "/api/support/v1/auth/totp/confirm"
INVALID = {"error": {"code": "invalid_credentials", "message": "Email, password or two-factor code is incorrect."}}


def post(client, path, body, **extra):
    return client.post(path, body, content_type="application/json", **extra)


def test_password_and_code_open_a_staff_session(staff):
    client = support_client(enforce_csrf_checks=True)

    response = staff.login(client)

    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {"id": staff.user.id, "email": staff.user.email, "full_name": staff.user.full_name}
    assert len(body["csrf_token"]) == 64
    assert response.cookies["sessionid"]["httponly"] is True
    assert client.get(ME).json() == {"id": staff.user.id, "email": staff.user.email}
    assert client.get("/api/support/v1/me").status_code == 200
    # A staff session ends after a working day.
    assert 0 < client.session.get_expiry_age() <= 8 * 3600


def test_a_wrong_code_is_refused_like_a_wrong_password(staff):
    client = support_client()
    wrong = str((int(staff.code()) + 1) % 1_000_000).zfill(6)

    wrong_code = staff.login(client, code=wrong)
    wrong_password = staff.login(client, password="not-the-password")
    not_digits = staff.login(client, code="abcdef")

    assert (wrong_code.status_code, wrong_code.json()) == (401, INVALID)
    assert (wrong_password.status_code, wrong_password.json()) == (401, INVALID)
    assert (not_digits.status_code, not_digits.json()) == (401, INVALID)
    assert "sessionid" not in client.cookies
    assert client.get(ME).status_code == 403


def test_a_code_is_accepted_once(staff):
    code = staff.code()
    first = staff.login(support_client(), code=code)

    replay = staff.login(support_client(), code=code)

    assert first.status_code == 200
    assert (replay.status_code, replay.json()) == (401, INVALID)


def test_a_code_older_than_one_already_used_is_refused(staff):
    later = staff.login(support_client(), code=staff.code(steps_ahead=1))

    earlier = staff.login(support_client(), code=staff.code())

    assert later.status_code == 200
    assert earlier.status_code == 401


def test_codes_from_far_outside_the_window_are_refused(staff):
    assert staff.login(support_client(), code=staff.code(steps_ahead=3)).status_code == 401
    assert staff.login(support_client(), code=staff.code(steps_ahead=-3)).status_code == 401


def test_non_staff_cannot_log_in_even_with_the_right_password(owner_a):
    response = post(
        support_client(), LOGIN, {"email": owner_a.user.email, "password": DEFAULT_PASSWORD, "totp": "123456"}
    )

    assert (response.status_code, response.json()) == (401, INVALID)


def test_inactive_staff_cannot_log_in(staff):
    staff.user.is_active = False
    staff.user.save()

    assert staff.login(support_client()).status_code == 401


def test_staff_without_a_device_is_sent_to_enrolment(make_staff):
    newcomer = make_staff(enrolled=False)

    response = newcomer.login(support_client(), code="123456")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "totp_enrolment_required"


def test_enrolment_shows_the_secret_once_and_the_first_code_confirms_it(make_staff):
    newcomer = make_staff(enrolled=False)
    client = support_client(enforce_csrf_checks=True)

    setup = post(client, SETUP, {"email": newcomer.user.email, "password": DEFAULT_PASSWORD})

    assert setup.status_code == 200
    uri = urlparse(setup.json()["provisioning_uri"])
    params = parse_qs(uri.query)
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert params["issuer"] == ["Alva Support"]
    assert newcomer.user.email in uri.path.replace("%40", "@")
    secret = params["secret"][0]
    device = StaffTotpDevice.objects.get(user=newcomer.user)
    assert device.confirmed_at is None
    assert secret not in device.secret_sealed  # sealed at rest
    assert client.get(ME).status_code == 403  # setting up is not logging in

    first_code = pyotp.TOTP(secret).now()
    confirmed = post(client, CONFIRM, {"code": first_code})

    assert confirmed.status_code == 200
    assert confirmed.json()["user"]["email"] == newcomer.user.email
    client.defaults["HTTP_X_CSRFTOKEN"] = confirmed.json()["csrf_token"]
    assert client.get(ME).status_code == 200
    device.refresh_from_db()
    assert device.confirmed_at is not None
    # Once confirmed, setup is closed: the secret is never shown again.
    again = post(support_client(), SETUP, {"email": newcomer.user.email, "password": DEFAULT_PASSWORD})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "totp_already_enrolled")
    # The confirming code cannot be replayed to log in; the next one logs in.
    assert newcomer.login(support_client(), code=first_code).status_code == 401
    newcomer.secret = secret
    assert newcomer.login(support_client(), code=newcomer.code(steps_ahead=1)).status_code == 200


def test_a_wrong_confirmation_code_leaves_the_device_unconfirmed(make_staff):
    newcomer = make_staff(enrolled=False)
    client = support_client()
    secret = parse_qs(
        urlparse(
            post(client, SETUP, {"email": newcomer.user.email, "password": DEFAULT_PASSWORD}).json()["provisioning_uri"]
        ).query
    )["secret"][0]
    right = pyotp.TOTP(secret).now()
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)

    response = post(client, CONFIRM, {"code": wrong})

    assert (response.status_code, response.json()["error"]["code"]) == (401, "invalid_credentials")
    assert StaffTotpDevice.objects.get(user=newcomer.user).confirmed_at is None
    assert client.get(ME).status_code == 403


def test_confirming_needs_the_setup_session(make_staff):
    newcomer = make_staff(enrolled=False)
    post(support_client(), SETUP, {"email": newcomer.user.email, "password": DEFAULT_PASSWORD})

    response = post(support_client(), CONFIRM, {"code": "123456"})

    assert (response.status_code, response.json()["error"]["code"]) == (410, "enrolment_expired")


def test_setup_needs_the_password_of_a_staff_member(make_staff, owner_a):
    newcomer = make_staff(enrolled=False)

    wrong_password = post(support_client(), SETUP, {"email": newcomer.user.email, "password": "nope-nope-nope"})
    merchant = post(support_client(), SETUP, {"email": owner_a.user.email, "password": DEFAULT_PASSWORD})

    assert (wrong_password.status_code, wrong_password.json()) == (401, INVALID)
    assert (merchant.status_code, merchant.json()) == (401, INVALID)
    assert not StaffTotpDevice.objects.filter(user__in=[newcomer.user, owner_a.user]).exists()


def test_ten_failures_lock_out_that_email_and_ip(staff):
    client = support_client()
    statuses = [staff.login(client, password="wrong-password").status_code for _ in range(settings.LOGIN_FAILURE_LIMIT)]

    locked = staff.login(client)
    other_ip = staff.login(client, REMOTE_ADDR="10.9.8.7")

    assert statuses == [401] * settings.LOGIN_FAILURE_LIMIT
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"
    assert 1 <= int(locked["Retry-After"]) <= settings.LOGIN_FAILURE_WINDOW_SECONDS
    assert other_ip.status_code == 200


def test_code_guessing_locks_the_account_from_every_ip(staff):
    """Only someone holding the password can guess codes, so code failures count per account too."""
    wrong = str((int(staff.code()) + 1) % 1_000_000).zfill(6)
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        response = staff.login(support_client(), code=wrong, REMOTE_ADDR=f"10.0.0.{attempt + 1}")
        assert response.status_code == 401

    locked = staff.login(support_client(), REMOTE_ADDR="10.0.1.1")

    assert locked.status_code == 429


def test_setup_attempts_count_towards_the_lockout(make_staff):
    newcomer = make_staff(enrolled=False)
    client = support_client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        post(client, SETUP, {"email": newcomer.user.email, "password": "wrong-password"})

    locked = post(client, SETUP, {"email": newcomer.user.email, "password": DEFAULT_PASSWORD})

    assert locked.status_code == 429
    assert not StaffTotpDevice.objects.filter(user=newcomer.user).exists()


def test_success_resets_the_failure_count(staff):
    client = support_client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        staff.login(client, password="wrong-password")
    assert staff.login(client).status_code == 200

    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        staff.login(client, password="wrong-password")

    assert staff.login(client, code=staff.code(steps_ahead=1)).status_code == 200


def test_logout_ends_the_session(staff_client):
    assert staff_client.post("/api/support/v1/auth/logout").status_code == 204

    assert staff_client.get(ME).status_code == 403


def test_unsafe_methods_need_the_csrf_header(staff_client):
    staff_client.defaults.pop("HTTP_X_CSRFTOKEN")

    response = staff_client.post("/api/support/v1/auth/logout")

    assert (response.status_code, response.json()["error"]["code"]) == (403, "csrf_failed")
    assert staff_client.get(ME).status_code == 200


def test_csrf_endpoint_hands_out_a_token(db):
    response = support_client().get("/api/support/v1/auth/csrf")

    assert response.status_code == 200
    assert len(response.json()["csrf_token"]) == 64


def test_revoking_staff_takes_effect_on_the_next_request(staff, staff_client):
    staff.user.is_staff = False
    staff.user.save()

    response = staff_client.get(ME)

    assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")


def test_a_session_opened_elsewhere_is_useless_on_the_support_host(staff, make_member, tenant_a):
    """A staff member who also belongs to a store logs in there: that session opens nothing on support."""
    make_member(tenant_a, Role.OWNER, user=staff.user)
    on_store = store_client(tenant_a)
    assert (
        on_store.post(
            "/api/v1/auth/login",
            {"email": staff.user.email, "password": DEFAULT_PASSWORD},
            content_type="application/json",
        ).status_code
        == 200
    )
    on_support = support_client()
    on_support.cookies["sessionid"] = on_store.cookies["sessionid"].value

    response = on_support.get(ME)

    assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")


def test_a_staff_session_without_the_support_login_is_refused(staff):
    client = support_client()
    client.force_login(staff.user)  # a session with no second factor behind it

    assert client.get(ME).status_code == 403


def test_a_support_session_is_useless_on_a_store_host(staff, staff_client, make_member, tenant_a):
    make_member(tenant_a, Role.OWNER, user=staff.user)
    on_store = store_client(tenant_a)
    on_store.cookies["sessionid"] = staff_client.cookies["sessionid"].value

    response = on_store.get("/api/v1/auth/me")

    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/api/support/v1/auth/login", "/api/support/v1/auth/totp/setup"])
def test_auth_endpoints_are_not_served_on_store_hosts(tenant_a, path):
    response = post(store_client(tenant_a), path, {"email": "x@example.com", "password": "x", "totp": "123456"})

    assert response.status_code == 404
