"""Request and response shapes of auth, API keys and team endpoints."""

from datetime import datetime

from ninja import Field, Schema

from alva.accounts.models import Role


class LoginIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)


class UserOut(Schema):
    id: int
    email: str
    full_name: str


class TenantBriefOut(Schema):
    subdomain: str
    name: str


class SessionOut(Schema):
    user: UserOut
    role: Role
    tenant: TenantBriefOut
    csrf_token: str


class MeOut(Schema):
    user: UserOut
    role: Role
    tenant: TenantBriefOut
    auth: str


class CsrfOut(Schema):
    csrf_token: str


class ApiKeyIn(Schema):
    name: str = Field(min_length=1, max_length=100)


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    created_by: str = Field(alias="created_by.email")


class ApiKeyCreatedOut(Schema):
    id: int
    name: str
    prefix: str
    key: str


class MemberOut(Schema):
    user_id: int
    email: str = Field(alias="user.email")
    full_name: str = Field(alias="user.full_name")
    role: Role
    joined_at: datetime = Field(alias="created_at")


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    created_at: datetime
    expires_at: datetime


class InvitationCreatedOut(InvitationOut):
    invite_url: str


class TeamOut(Schema):
    members: list[MemberOut]
    invitations: list[InvitationOut]


class InvitationIn(Schema):
    email: str = Field(max_length=254)
    role: Role


class InvitationAcceptIn(Schema):
    token: str = Field(min_length=1, max_length=200)
    password: str = Field(max_length=128)
    full_name: str = Field(default="", max_length=150)


class HandoffIn(Schema):
    token: str = Field(min_length=1, max_length=200)


class RoleIn(Schema):
    role: Role
