"""Sign-up on the public host: validation, conflicts, provisioning from the spare pool, follow-up tasks."""

import json

import pytest
from django.db import connection

from alva.accounts.models import Membership, Role, User
from alva.core.redis import get_redis
from alva.core.testing import public_client, store_client
from alva.tenants.models import Domain, Tenant
from tests.factories import DEFAULT_PASSWORD

GOOD = {
    "email": "Founder@Shop.Example.com",
    "password": "plum-harbour-sailing-42",
    "store_name": "Plum Presets",
    "subdomain": "plum",
}


def signup(**overrides):
    return public_client().post("/api/v1/signup", {**GOOD, **overrides}, content_type="application/json")


def test_signup_creates_an_active_store_with_its_owner(db):
    spares_before = Tenant.objects.filter(status=Tenant.Status.SPARE).count()

    response = signup()

    assert response.status_code == 201
    tenant = Tenant.objects.get(subdomain="plum")
    user = User.objects.get(email="founder@shop.example.com")
    body = response.json()
    assert body["tenant"] == {"subdomain": "plum", "name": "Plum Presets", "url": "http://plum.alva.localhost/"}
    assert body["user"] == {"id": user.id, "email": "founder@shop.example.com"}
    assert body["login_url"].startswith("http://plum.alva.localhost/login#handoff=")
    assert tenant.status == Tenant.Status.ACTIVE
    assert tenant.claimed_at is not None
    assert list(Domain.objects.filter(tenant=tenant).values_list("domain", "is_primary")) == [
        ("plum.alva.localhost", True)
    ]
    assert list(Membership.objects.filter(tenant=tenant).values_list("user_id", "role")) == [(user.id, Role.OWNER)]
    # The store came out of the pool: no schema was created during the request.
    assert Tenant.objects.filter(status=Tenant.Status.SPARE).count() == spares_before - 1


def test_new_owner_can_log_in_on_the_new_store_at_once(db):
    signup()
    tenant = Tenant.objects.get(subdomain="plum")

    response = store_client(tenant).post(
        "/api/v1/auth/login", {"email": GOOD["email"], "password": GOOD["password"]}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["role"] == "owner"


def test_signup_url_uses_the_public_port(db, settings):
    settings.APP_PUBLIC_PORT = "8000"

    response = signup()

    assert response.json()["tenant"]["url"] == "http://plum.alva.localhost:8000/"


@pytest.mark.parametrize(
    ("subdomain", "message"),
    [
        ("ab", "Must be 3 to 40 characters long."),
        ("a" * 41, "Must be 3 to 40 characters long."),
        ("my_shop", "Use only lowercase letters, digits and hyphens."),
        ("my.shop", "Use only lowercase letters, digits and hyphens."),
        ("bücher", "Use only lowercase letters, digits and hyphens."),
        ("-shop", "Must not start or end with a hyphen."),
        ("shop-", "Must not start or end with a hyphen."),
        ("sh--op", "Must not contain two hyphens in a row."),
        ("app", "This name is reserved."),
        ("support", "This name is reserved."),
        ("www", "This name is reserved."),
        ("admin", "This name is reserved."),
        ("docs", "This name is reserved."),
    ],
)
def test_bad_subdomains_are_rejected_with_the_reason(db, subdomain, message):
    response = signup(subdomain=subdomain)

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"subdomain": [message]}
    assert not Tenant.objects.filter(subdomain=subdomain).exists()


def test_subdomain_is_normalised_to_lowercase(db):
    response = signup(subdomain="  PlumShop ")

    assert response.status_code == 201
    assert response.json()["tenant"]["subdomain"] == "plumshop"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "This password is too short. It must contain at least 10 characters."),
        ("1234567890123", "This password is entirely numeric."),
        ("password123", "This password is too common."),
    ],
)
def test_weak_passwords_are_rejected_by_djangos_validators(db, password, message):
    response = signup(password=password)

    assert response.status_code == 422
    assert message in response.json()["error"]["fields"]["password"]
    assert not User.objects.filter(email="founder@shop.example.com").exists()


def test_password_similar_to_email_is_rejected(db):
    response = signup(email="plumharbour@shop.example.com", password="plumharbour")

    assert response.status_code == 422
    assert "The password is too similar to the email." in response.json()["error"]["fields"]["password"]


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "@shop.example.com", "a b@shop.example.com", ""])
def test_invalid_emails_are_rejected(db, email):
    response = signup(email=email)

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"email": ["Enter a valid email address."]}


def test_every_problem_is_reported_at_once(db):
    response = signup(subdomain="x", password="123", store_name="  ")

    assert response.status_code == 422
    assert sorted(response.json()["error"]["fields"]) == ["password", "store_name", "subdomain"]


def test_taken_subdomain_is_409(tenant_a):
    response = signup(subdomain="alpha")

    assert response.status_code == 409
    assert response.json()["error"] == {"code": "subdomain_taken", "message": "The subdomain 'alpha' is already taken."}


def test_existing_user_opens_a_second_store_with_their_password(owner_a):
    response = signup(email=owner_a.user.email, password=DEFAULT_PASSWORD)

    assert response.status_code == 201
    assert set(Membership.objects.filter(user=owner_a.user).values_list("tenant__subdomain", "role")) == {
        ("alpha", "owner"),
        ("plum", "owner"),
    }


def test_existing_email_with_the_wrong_password_is_409_and_creates_nothing(owner_a):
    response = signup(email=owner_a.user.email, password="a-different-good-password")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "email_registered"
    assert not Tenant.objects.filter(subdomain="plum").exists()


def test_signup_provisions_inline_when_the_pool_is_empty(db):
    # Hide the pool inside this test's transaction (rolled back afterwards).
    Tenant.objects.filter(status=Tenant.Status.SPARE).update(status=Tenant.Status.SUSPENDED)

    response = signup()

    assert response.status_code == 201
    tenant = Tenant.objects.get(subdomain="plum")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [tenant.schema_name])
        assert cursor.fetchone()[0] >= 2  # django_migrations + the store's tables


def test_signup_enqueues_follow_up_work_in_the_new_store_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = signup()

    assert response.status_code == 201
    assert len(callbacks) == 1
    tenant = Tenant.objects.get(subdomain="plum")
    queued = [json.loads(raw) for raw in get_redis().hvals("dramatiq:ingest.msgs")]
    by_actor = {message["actor_name"]: message for message in queued}
    assert set(by_actor) == {"tenants.store_initialize", "tenants.spare_pool_refill"}
    assert by_actor["tenants.store_initialize"]["args"] == [tenant.id, "founder@shop.example.com"]
    assert by_actor["tenants.store_initialize"]["options"]["tenant_schema"] == tenant.schema_name
    assert by_actor["tenants.spare_pool_refill"]["options"]["tenant_schema"] == "public"


def test_failed_signup_enqueues_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = signup(subdomain="x")

    assert response.status_code == 422
    assert callbacks == []
    assert get_redis().hlen("dramatiq:ingest.msgs") == 0


def test_availability_reports_free_taken_and_invalid(tenant_a):
    client = public_client()

    free = client.get("/api/v1/signup/availability", {"subdomain": "Fresh-Shop"}).json()
    taken = client.get("/api/v1/signup/availability", {"subdomain": "alpha"}).json()
    invalid = client.get("/api/v1/signup/availability", {"subdomain": "app"}).json()

    assert free == {"subdomain": "fresh-shop", "available": True, "errors": []}
    assert taken == {"subdomain": "alpha", "available": False, "errors": ["This subdomain is already taken."]}
    assert invalid == {"subdomain": "app", "available": False, "errors": ["This name is reserved."]}


def test_availability_needs_the_parameter(db):
    response = public_client().get("/api/v1/signup/availability")

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"subdomain": ["This field is required."]}


def test_signups_are_rate_limited_per_ip(db, settings):
    settings.SIGNUP_RATE_LIMIT_PER_HOUR = 3
    statuses = [signup(subdomain=f"shop{i}", email=f"o{i}@shop.example.com").status_code for i in range(3)]

    limited = signup(subdomain="shop9", email="o9@shop.example.com")
    other_ip = public_client().post(
        "/api/v1/signup",
        {**GOOD, "subdomain": "shop8", "email": "o8@shop.example.com"},
        content_type="application/json",
        REMOTE_ADDR="10.0.0.8",
    )

    assert statuses == [201, 201, 201]
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 3600
    assert not Tenant.objects.filter(subdomain="shop9").exists()
    assert other_ip.status_code == 201
