"""Two-tenant isolation: credentials of store A never reach data of store B, on any merchant endpoint."""

import pytest

from alva.accounts.models import ApiKey, Invitation, Membership, Role
from alva.core.testing import store_client
from config.api import merchant_api

# Endpoints that are public by design, each with the reason.
PUBLIC_OPERATIONS = {
    ("POST", "/api/v1/auth/login"): "the credentials are the request",
    ("POST", "/api/v1/auth/handoff"): "the one-time sign-up token is the credential",
    ("GET", "/api/v1/auth/csrf"): "hands out a CSRF token only",
    ("POST", "/api/v1/team/invitations/accept"): "the one-time token is the credential",
}


def merchant_operations():
    """Every (method, path, operation) the merchant API serves, as bound to the API (auth inherited)."""
    result: list[tuple[str, str, object]] = []
    # Private ninja API, used only here: it is the one place that holds operations with effective auth.
    for bound in merchant_api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            full = "/api/v1/" + "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            for operation in path_view.operations:
                result.extend((method, full, operation) for method in operation.methods)
    return result


OPERATIONS = merchant_operations()
PROTECTED = [op for op in OPERATIONS if (op[0], op[1]) not in PUBLIC_OPERATIONS]


def test_operations_are_discovered():
    methods_and_paths = {(m, p) for m, p, _ in OPERATIONS}
    assert ("GET", "/api/v1/team") in methods_and_paths
    assert ("DELETE", "/api/v1/api-keys/{key_id}") in methods_and_paths
    assert len(OPERATIONS) >= 12


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_every_endpoint_is_authenticated_and_declares_a_role(method, path, operation):
    if (method, path) in PUBLIC_OPERATIONS:
        assert operation.auth_callbacks == []
        return
    assert operation.auth_callbacks, f"{method} {path} has no auth"
    assert getattr(operation.view_func, "alva_min_role", None) in set(Role), f"{method} {path} declares no role"


@pytest.fixture
def intruder(make_member, tenant_a):
    """An owner of store A, with both a session and an API key of A."""
    return make_member(tenant_a, Role.OWNER)


@pytest.fixture
def victim_data(owner_b, make_member):
    """Things in store B that an intruder must never see or touch."""
    client = owner_b.client()
    key = client.post("/api/v1/api-keys", {"name": "b-secret"}, content_type="application/json").json()
    invitation = client.post(
        "/api/v1/team/invitations",
        {"email": "b-hire@shop.example.com", "role": "admin"},
        content_type="application/json",
    ).json()
    member = make_member(owner_b.tenant, Role.MEMBER)
    return {"key": key, "invitation": invitation, "member": member, "owner": owner_b}


def snapshot(tenant):
    return (
        sorted(Membership.objects.filter(tenant=tenant).values_list("user_id", "role")),
        sorted(ApiKey.objects.filter(tenant=tenant).values_list("id", "revoked_at")),
        sorted(Invitation.objects.filter(tenant=tenant).values_list("id", "revoked_at", "accepted_at")),
    )


def _fill(path, victim_data):
    ids = {
        "{key_id}": victim_data["key"]["id"],
        "{invitation_id}": victim_data["invitation"]["id"],
        "{user_id}": victim_data["member"].user.id,
    }
    for placeholder, value in ids.items():
        path = path.replace(placeholder, str(value))
    return path


BODIES = {
    "/api/v1/api-keys": {"name": "x"},
    "/api/v1/team/invitations": {"email": "x@shop.example.com", "role": "owner"},
    "/api/v1/team/members/{user_id}": {"role": "owner"},
}


def _call(client, method, path, template, victim_data):
    body = BODIES.get(template, {})
    return getattr(client, method.lower())(_fill(path, victim_data), body, content_type="application/json")


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED])
def test_a_session_of_store_a_gets_nothing_on_store_b(method, path, operation, intruder, victim_data, tenant_b):
    session_a = intruder.client()
    session_cookie = session_a.cookies["sessionid"].value
    csrf = session_a.defaults["HTTP_X_CSRFTOKEN"]
    # Replay A's cookies against B's host, as an attacker copying them would.
    on_b = store_client(tenant_b, HTTP_X_CSRFTOKEN=csrf)
    on_b.cookies["sessionid"] = session_cookie
    on_b.cookies["csrftoken"] = session_a.cookies["csrftoken"].value
    before = snapshot(tenant_b)

    response = _call(on_b, method, path, path, victim_data)

    assert response.status_code in {401, 403, 404}, (method, path, response.status_code)
    assert "b-secret" not in response.content.decode()
    assert victim_data["member"].user.email not in response.content.decode()
    assert snapshot(tenant_b) == before


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED])
def test_an_api_key_of_store_a_gets_nothing_on_store_b(method, path, operation, intruder, victim_data, tenant_b):
    key_a = intruder.client().post("/api/v1/api-keys", {"name": "a"}, content_type="application/json").json()["key"]
    on_b = store_client(tenant_b, HTTP_AUTHORIZATION=f"Bearer {key_a}")
    before = snapshot(tenant_b)

    response = _call(on_b, method, path, path, victim_data)

    assert response.status_code == 401, (method, path, response.status_code)
    assert snapshot(tenant_b) == before


def test_a_member_of_both_stores_sees_each_store_only_on_its_host(make_member, tenant_a, tenant_b, victim_data):
    both = make_member(tenant_a, Role.OWNER)
    Membership.objects.create(user=both.user, tenant=tenant_b, role=Role.MEMBER)
    client_a = both.client()

    team_a = client_a.get("/api/v1/team").json()
    keys_a = client_a.get("/api/v1/api-keys").json()

    assert victim_data["member"].user.email not in str(team_a)
    assert keys_a == []


def test_store_a_cannot_act_on_store_b_ids_from_its_own_host(intruder, victim_data, tenant_b):
    client = intruder.client()
    before = snapshot(tenant_b)

    responses = [
        client.delete(f"/api/v1/api-keys/{victim_data['key']['id']}"),
        client.delete(f"/api/v1/team/invitations/{victim_data['invitation']['id']}"),
        client.patch(
            f"/api/v1/team/members/{victim_data['member'].user.id}", {"role": "owner"}, content_type="application/json"
        ),
        client.delete(f"/api/v1/team/members/{victim_data['member'].user.id}"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert snapshot(tenant_b) == before
