"""Team: members and roles, one-time invitations, last-owner protection."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alva.accounts.models import Invitation, Membership, Role
from alva.core.testing import store_client
from tests.factories import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "velvet-lantern-meadow-7"


def invite(client, email="new.hire@shop.example.com", role="admin"):
    return client.post("/api/v1/team/invitations", {"email": email, "role": role}, content_type="application/json")


def accept(tenant, token, password=NEW_PASSWORD, **extra):
    client = store_client(tenant)
    response = client.post(
        "/api/v1/team/invitations/accept",
        {"token": token, "password": password, **extra},
        content_type="application/json",
    )
    return client, response


def token_of(response):
    return response.json()["invite_url"].rsplit("/", 1)[1]


def test_team_lists_members_and_pending_invitations(owner_a, make_member):
    member = make_member(owner_a.tenant, Role.MEMBER)
    client = owner_a.client()
    invite(client)

    body = client.get("/api/v1/team").json()

    assert [(m["email"], m["role"]) for m in body["members"]] == [
        (owner_a.user.email, "owner"),
        (member.user.email, "member"),
    ]
    assert [(i["email"], i["role"]) for i in body["invitations"]] == [("new.hire@shop.example.com", "admin")]


def test_owner_invites_with_a_one_time_link(owner_a):
    response = invite(owner_a.client(), email="New.Hire@Shop.Example.com")

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "new.hire@shop.example.com"
    assert body["role"] == "admin"
    assert body["invite_url"].startswith("http://alpha.alva.localhost/invite/")
    stored = Invitation.objects.get(id=body["id"])
    assert token_of(response) not in stored.token_hash


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ADMIN])
def test_only_owners_invite(make_member, tenant_a, role):
    response = invite(make_member(tenant_a, role).client())

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_inviting_a_member_is_409(owner_a, make_member):
    member = make_member(owner_a.tenant)

    response = invite(owner_a.client(), email=member.user.email)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_member"


def test_new_person_accepts_and_is_logged_in(owner_a):
    token = token_of(invite(owner_a.client()))

    client, response = accept(owner_a.tenant, token, full_name="New Hire")

    assert response.status_code == 200
    assert response.json()["role"] == "admin"
    assert response.json()["user"]["full_name"] == "New Hire"
    membership = Membership.objects.get(tenant=owner_a.tenant, user__email="new.hire@shop.example.com")
    assert membership.role == Role.ADMIN
    assert client.get("/api/v1/auth/me").json()["role"] == "admin"


def test_existing_account_accepts_with_its_password(owner_a, owner_b):
    token = token_of(invite(owner_a.client(), email=owner_b.user.email, role="member"))

    _, wrong = accept(owner_a.tenant, token, password="not-the-password")
    _, right = accept(owner_a.tenant, token, password=DEFAULT_PASSWORD)

    assert wrong.status_code == 401
    assert right.status_code == 200
    assert Membership.objects.get(tenant=owner_a.tenant, user=owner_b.user).role == Role.MEMBER


def test_new_account_password_is_validated(owner_a):
    token = token_of(invite(owner_a.client()))

    _, response = accept(owner_a.tenant, token, password="123")

    assert response.status_code == 422
    assert "password" in response.json()["error"]["fields"]
    assert not Membership.objects.filter(user__email="new.hire@shop.example.com").exists()


def test_invitation_works_once(owner_a):
    token = token_of(invite(owner_a.client()))
    accept(owner_a.tenant, token)

    _, again = accept(owner_a.tenant, token)

    assert again.status_code == 410
    assert again.json()["error"]["code"] == "invitation_invalid"


def test_expired_and_revoked_invitations_are_410(owner_a):
    client = owner_a.client()
    expired = invite(client, email="late@shop.example.com")
    Invitation.objects.filter(id=expired.json()["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    revoked = invite(client, email="revoked@shop.example.com")
    assert client.delete(f"/api/v1/team/invitations/{revoked.json()['id']}").status_code == 204

    assert accept(owner_a.tenant, token_of(expired))[1].status_code == 410
    assert accept(owner_a.tenant, token_of(revoked))[1].status_code == 410


def test_reinviting_replaces_the_pending_link(owner_a):
    client = owner_a.client()
    first = invite(client, role="member")
    second = invite(client, role="admin")

    assert accept(owner_a.tenant, token_of(first))[1].status_code == 410
    assert accept(owner_a.tenant, token_of(second))[1].json()["role"] == "admin"


def test_invitation_of_one_store_is_useless_on_another(owner_a, tenant_b):
    token = token_of(invite(owner_a.client()))

    _, response = accept(tenant_b, token)

    assert response.status_code == 410
    assert not Membership.objects.filter(tenant=tenant_b, user__email="new.hire@shop.example.com").exists()


def test_owner_changes_a_role(owner_a, make_member):
    member = make_member(owner_a.tenant, Role.MEMBER)

    response = owner_a.client().patch(
        f"/api/v1/team/members/{member.user.id}", {"role": "admin"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["role"] == "admin"
    assert Membership.objects.get(user=member.user, tenant=owner_a.tenant).role == Role.ADMIN


def test_admin_cannot_change_roles(make_member, tenant_a):
    admin = make_member(tenant_a, Role.ADMIN)

    response = admin.client().patch(
        f"/api/v1/team/members/{admin.user.id}", {"role": "owner"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert Membership.objects.get(user=admin.user, tenant=tenant_a).role == Role.ADMIN


def test_the_last_owner_cannot_be_demoted_or_removed(owner_a):
    client = owner_a.client()

    demoted = client.patch(
        f"/api/v1/team/members/{owner_a.user.id}", {"role": "admin"}, content_type="application/json"
    )
    removed = client.delete(f"/api/v1/team/members/{owner_a.user.id}")

    assert demoted.status_code == 409
    assert demoted.json()["error"]["code"] == "last_owner"
    assert removed.status_code == 409
    assert Membership.objects.get(user=owner_a.user, tenant=owner_a.tenant).role == Role.OWNER


def test_an_owner_can_step_down_when_another_owner_exists(owner_a, make_member):
    make_member(owner_a.tenant, Role.OWNER)

    response = owner_a.client().patch(
        f"/api/v1/team/members/{owner_a.user.id}", {"role": "member"}, content_type="application/json"
    )

    assert response.status_code == 200


def test_owner_removes_a_member(owner_a, make_member):
    member = make_member(owner_a.tenant, Role.ADMIN)

    response = owner_a.client().delete(f"/api/v1/team/members/{member.user.id}")

    assert response.status_code == 204
    assert not Membership.objects.filter(user=member.user, tenant=owner_a.tenant).exists()


def test_member_may_leave_but_not_remove_others(make_member, owner_a):
    member = make_member(owner_a.tenant, Role.MEMBER)
    client = member.client()

    other = client.delete(f"/api/v1/team/members/{owner_a.user.id}")
    leave = client.delete(f"/api/v1/team/members/{member.user.id}")

    assert other.status_code == 403
    assert leave.status_code == 204
    assert list(Membership.objects.filter(tenant=owner_a.tenant).values_list("user_id", flat=True)) == [owner_a.user.id]


def test_members_of_other_stores_are_not_found(owner_a, owner_b):
    response = owner_a.client().patch(
        f"/api/v1/team/members/{owner_b.user.id}", {"role": "member"}, content_type="application/json"
    )

    assert response.status_code == 404
    assert Membership.objects.get(user=owner_b.user, tenant=owner_b.tenant).role == Role.OWNER


def test_user_factory_password_works(db):
    user = UserFactory()

    assert user.check_password(DEFAULT_PASSWORD)
