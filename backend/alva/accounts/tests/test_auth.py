"""Login, logout, me and CSRF on a store host, with brute-force lockout."""

import pytest

from alva.accounts.models import Role
from alva.core.testing import store_client
from tests.factories import DEFAULT_PASSWORD

LOGIN = "/api/v1/auth/login"


def login(client, email, password, **extra):
    return client.post(LOGIN, {"email": email, "password": password}, content_type="application/json", **extra)


def test_login_returns_user_role_csrf_token_and_a_session_cookie(owner_a):
    client = store_client(owner_a.tenant)

    response = login(client, owner_a.user.email.upper(), DEFAULT_PASSWORD)

    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {"id": owner_a.user.id, "email": owner_a.user.email, "full_name": owner_a.user.full_name}
    assert body["role"] == "owner"
    assert body["tenant"] == {"subdomain": "alpha", "name": "Alpha"}
    assert len(body["csrf_token"]) == 64
    assert response.cookies["sessionid"]["httponly"] is True
    assert client.get("/api/v1/auth/me").json()["auth"] == "session"


def test_wrong_password_and_non_member_get_the_same_401(owner_a, owner_b):
    client = store_client(owner_a.tenant)

    wrong_password = login(client, owner_a.user.email, "not-the-password")
    non_member = login(client, owner_b.user.email, DEFAULT_PASSWORD)
    unknown = login(client, "nobody@shop.example.com", DEFAULT_PASSWORD)

    expected = {"error": {"code": "invalid_credentials", "message": "Email or password is incorrect."}}
    assert (wrong_password.status_code, wrong_password.json()) == (401, expected)
    assert (non_member.status_code, non_member.json()) == (401, expected)
    assert (unknown.status_code, unknown.json()) == (401, expected)
    assert "sessionid" not in client.cookies


def test_inactive_user_cannot_log_in(owner_a):
    owner_a.user.is_active = False
    owner_a.user.save()

    response = login(store_client(owner_a.tenant), owner_a.user.email, DEFAULT_PASSWORD)

    assert response.status_code == 401


def test_ten_failures_lock_out_that_email_and_ip(owner_a, settings):
    client = store_client(owner_a.tenant)
    statuses = [login(client, owner_a.user.email, "wrong-password").status_code for _ in range(10)]

    locked = login(client, owner_a.user.email, DEFAULT_PASSWORD)

    assert statuses == [401] * 10
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"
    assert 1 <= int(locked["Retry-After"]) <= settings.LOGIN_FAILURE_WINDOW_SECONDS
    assert "sessionid" not in client.cookies


def test_lockout_is_per_email_and_ip(owner_a, make_member):
    other = make_member(owner_a.tenant, Role.MEMBER)
    client = store_client(owner_a.tenant)
    for _ in range(10):
        login(client, owner_a.user.email, "wrong-password")

    other_email = login(client, other.user.email, DEFAULT_PASSWORD)
    other_ip = login(client, owner_a.user.email, DEFAULT_PASSWORD, REMOTE_ADDR="10.9.8.7")

    assert other_email.status_code == 200
    assert other_ip.status_code == 200


def test_success_resets_the_failure_count(owner_a):
    client = store_client(owner_a.tenant)
    for _ in range(9):
        login(client, owner_a.user.email, "wrong-password")
    assert login(client, owner_a.user.email, DEFAULT_PASSWORD).status_code == 200

    after = [login(client, owner_a.user.email, "wrong-password").status_code for _ in range(9)]

    assert after == [401] * 9


def test_me_requires_authentication(tenant_a):
    response = store_client(tenant_a).get("/api/v1/auth/me")

    assert response.status_code == 401
    assert response.json() == {"error": {"code": "not_authenticated", "message": "Log in or send a valid API key."}}


def test_logout_ends_the_session(owner_a):
    client = owner_a.client()

    response = client.post("/api/v1/auth/logout")

    assert response.status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401


def test_logout_needs_the_csrf_header(owner_a):
    client = owner_a.client()
    del client.defaults["HTTP_X_CSRFTOKEN"]

    response = client.post("/api/v1/auth/logout")

    assert response.status_code == 403
    client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    assert client.get("/api/v1/auth/me").status_code == 200


def test_csrf_endpoint_sets_the_cookie(tenant_a):
    client = store_client(tenant_a)

    response = client.get("/api/v1/auth/csrf")

    assert response.status_code == 200
    assert len(response.json()["csrf_token"]) == 64
    assert "csrftoken" in response.cookies


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ADMIN, Role.OWNER])
def test_me_reports_the_role(make_member, tenant_a, role):
    member = make_member(tenant_a, role)

    response = member.client().get("/api/v1/auth/me")

    assert response.json()["role"] == role


def test_signup_login_url_opens_a_session_on_the_new_store_once(db):
    from alva.core.testing import public_client

    signup = public_client().post(
        "/api/v1/signup",
        {
            "email": "new@shop.example.com",
            "password": "plum-harbour-sailing-42",
            "store_name": "N",
            "subdomain": "newshop",
        },
        content_type="application/json",
    )
    login_url = signup.json()["login_url"]
    assert login_url.startswith("http://newshop.alva.localhost/login#handoff=")
    token = login_url.split("#handoff=")[1]
    from alva.tenants.models import Tenant

    client = store_client(Tenant.objects.get(subdomain="newshop"))

    first = client.post("/api/v1/auth/handoff", {"token": token}, content_type="application/json")
    second = store_client(Tenant.objects.get(subdomain="newshop")).post(
        "/api/v1/auth/handoff", {"token": token}, content_type="application/json"
    )

    assert first.status_code == 200
    assert first.json()["role"] == "owner"
    assert client.get("/api/v1/auth/me").json()["user"]["email"] == "new@shop.example.com"
    assert second.status_code == 410
    assert second.json()["error"]["code"] == "handoff_invalid"


def test_handoff_token_is_useless_on_another_store(db, tenant_b):
    from alva.core.testing import public_client

    signup = public_client().post(
        "/api/v1/signup",
        {
            "email": "new@shop.example.com",
            "password": "plum-harbour-sailing-42",
            "store_name": "N",
            "subdomain": "newshop",
        },
        content_type="application/json",
    )
    token = signup.json()["login_url"].split("#handoff=")[1]

    response = store_client(tenant_b).post("/api/v1/auth/handoff", {"token": token}, content_type="application/json")

    assert response.status_code == 410
    assert "sessionid" not in response.cookies
