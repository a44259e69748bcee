"""Merchant API keys: shown once, stored hashed, acting as their creator with the creator's role."""

import hashlib

from alva.accounts.models import ApiKey, Membership, Role
from alva.core.testing import store_client


def create_key(client, name="zapier"):
    return client.post("/api/v1/api-keys", {"name": name}, content_type="application/json")


def bearer(tenant, key):
    return store_client(tenant, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_admin_creates_a_key_shown_once_and_stored_hashed(make_member, tenant_a):
    admin = make_member(tenant_a, Role.ADMIN)

    response = create_key(admin.client())

    assert response.status_code == 201
    body = response.json()
    stored = ApiKey.objects.get(id=body["id"])
    assert body == {"id": stored.id, "name": "zapier", "prefix": stored.prefix, "key": body["key"]}
    assert body["key"].startswith(f"alva_{stored.prefix}_")
    assert len(body["key"]) > 50
    assert stored.key_hash == hashlib.sha256(body["key"].encode()).hexdigest()
    assert body["key"] not in str(ApiKey.objects.filter(id=stored.id).values().first())


def test_list_never_shows_the_key(owner_a):
    client = owner_a.client()
    key = create_key(client).json()

    response = client.get("/api/v1/api-keys")

    assert response.status_code == 200
    [listed] = response.json()
    assert listed["id"] == key["id"]
    assert listed["prefix"] == key["prefix"]
    assert listed["created_by"] == owner_a.user.email
    assert "key" not in listed
    assert key["key"] not in response.content.decode()


def test_bearer_key_authenticates_like_a_session(owner_a):
    key = create_key(owner_a.client()).json()["key"]

    response = bearer(owner_a.tenant, key).get("/api/v1/auth/me")

    assert response.status_code == 200
    assert response.json()["user"]["id"] == owner_a.user.id
    assert response.json()["role"] == "owner"
    assert response.json()["auth"] == "api_key"
    assert ApiKey.objects.get(prefix=key.split("_")[1]).last_used_at is not None


def test_bearer_requests_need_no_csrf(owner_a):
    key = create_key(owner_a.client()).json()["key"]

    response = bearer(owner_a.tenant, key).post("/api/v1/api-keys", {"name": "second"}, content_type="application/json")

    assert response.status_code == 201


def test_key_follows_its_creators_current_role(make_member, tenant_a):
    admin = make_member(tenant_a, Role.ADMIN)
    key = create_key(admin.client()).json()["key"]
    Membership.objects.filter(user=admin.user, tenant=tenant_a).update(role=Role.MEMBER)

    response = bearer(tenant_a, key).get("/api/v1/api-keys")

    assert response.status_code == 403
    assert bearer(tenant_a, key).get("/api/v1/auth/me").json()["role"] == "member"


def test_key_stops_working_when_its_creator_leaves(make_member, tenant_a):
    admin = make_member(tenant_a, Role.ADMIN)
    key = create_key(admin.client()).json()["key"]
    Membership.objects.filter(user=admin.user, tenant=tenant_a).delete()

    assert bearer(tenant_a, key).get("/api/v1/auth/me").status_code == 401


def test_member_cannot_create_or_list_keys(make_member, tenant_a):
    member = make_member(tenant_a, Role.MEMBER)
    client = member.client()

    created = create_key(client)
    listed = client.get("/api/v1/api-keys")

    assert created.status_code == 403
    assert created.json()["error"] == {"code": "forbidden", "message": "This action needs the admin role or higher."}
    assert listed.status_code == 403
    assert not ApiKey.objects.exists()


def test_deleted_key_stops_working(owner_a):
    client = owner_a.client()
    key = create_key(client).json()

    response = client.delete(f"/api/v1/api-keys/{key['id']}")

    assert response.status_code == 204
    assert bearer(owner_a.tenant, key["key"]).get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/api-keys").json() == []
    assert client.delete(f"/api/v1/api-keys/{key['id']}").status_code == 404


def test_forged_or_malformed_keys_are_401(owner_a):
    key = create_key(owner_a.client()).json()["key"]
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")

    for candidate in [tampered, "alva_", "alva_nope_nope", "not-a-key", key.replace("alva_", "xyz_")]:
        assert bearer(owner_a.tenant, candidate).get("/api/v1/auth/me").status_code == 401


def test_empty_name_is_422(owner_a):
    response = create_key(owner_a.client(), name="")

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["name"]
