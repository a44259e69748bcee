"""Concurrent sign-ups on real, committed transactions: SKIP LOCKED hands each one its own spare."""

from collections.abc import Callable, Iterator

import pytest

from alva.accounts.models import User
from alva.core.errors import Conflict
from alva.core.testing import run_concurrently
from alva.tenants.models import Tenant
from alva.tenants.services import spare_schema_create, store_signup

PASSWORD = "plum-harbour-sailing-42"


@pytest.fixture
def committed(django_db_setup, django_db_blocker) -> Iterator[dict[str, list]]:
    """Two fresh committed spares; whatever the test creates is dropped afterwards."""
    with django_db_blocker.unblock():
        spares = [spare_schema_create(), spare_schema_create()]
        known = set(Tenant.objects.values_list("id", flat=True))
    created: dict[str, list] = {"spares": spares, "emails": []}
    yield created
    with django_db_blocker.unblock():
        for tenant in Tenant.objects.exclude(id__in=known - {s.id for s in spares}):
            tenant.delete(force_drop=True)
        User.objects.filter(email__in=created["emails"]).delete()


def signup_call(subdomain: str, email: str) -> Callable[[], object]:
    return lambda: store_signup(email=email, password=PASSWORD, store_name=subdomain, subdomain=subdomain)


def test_two_concurrent_signups_claim_two_different_spares(committed, django_db_blocker):
    committed["emails"] += ["one@race.example.com", "two@race.example.com"]
    with django_db_blocker.unblock():
        results = run_concurrently(
            [signup_call("race-one", "one@race.example.com"), signup_call("race-two", "two@race.example.com")]
        )
        tenants = [result.tenant for result in results]
        schemas = {Tenant.objects.get(id=t.id).schema_name for t in tenants}

    assert len(schemas) == 2
    assert {t.subdomain for t in tenants} == {"race-one", "race-two"}


def test_the_same_subdomain_twice_at_once_gives_one_store_and_one_409(committed, django_db_blocker):
    committed["emails"] += ["a@race.example.com", "b@race.example.com"]
    with django_db_blocker.unblock():
        spares_before = Tenant.objects.filter(status=Tenant.Status.SPARE).count()
        results = run_concurrently(
            [signup_call("race-same", "a@race.example.com"), signup_call("race-same", "b@race.example.com")]
        )
        spares_after = Tenant.objects.filter(status=Tenant.Status.SPARE).count()
        stores = Tenant.objects.filter(subdomain="race-same").count()
        losers = User.objects.filter(email__in=["a@race.example.com", "b@race.example.com"]).count()

    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(conflicts) == 1
    assert conflicts[0].code == "subdomain_taken"
    assert stores == 1
    # The loser's transaction rolled back whole: its spare went back to the pool and no user was left behind.
    assert spares_after == spares_before - 1
    assert losers == 1
