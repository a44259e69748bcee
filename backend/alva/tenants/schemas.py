"""Request and response shapes of sign-up and of closing a store."""

from datetime import datetime

from ninja import Field, Schema


class SignupIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    store_name: str = Field(max_length=100)
    subdomain: str = Field(max_length=63)


class TenantOut(Schema):
    subdomain: str
    name: str
    url: str


class SignupUserOut(Schema):
    id: int
    email: str


class SignupOut(Schema):
    tenant: TenantOut
    user: SignupUserOut
    # Opens a session on the new store's host once, within two minutes (cookies are per host).
    login_url: str


class AvailabilityOut(Schema):
    subdomain: str
    available: bool
    errors: list[str]


class StoreCloseIn(Schema):
    # Typing the store's subdomain is the confirmation that this is meant.
    confirm_subdomain: str = Field(max_length=63)


class StoreClosedOut(Schema):
    status: str
    closed_at: datetime
    data_deleted_after: datetime
