"""Every support operation answers 403 JSON, never data, to anyone but staff signed in through the support login."""

import pytest

from alva.accounts.models import Role
from alva.core.testing import in_schema, support_client
from alva.support.auth import SUPPORT_SESSION_KEY, staff_auth
from alva.support.models import SupportAuditEntry
from alva.support.tests.conftest import queued
from alva.tenants.models import Tenant
from config.api import support_api
from tests.pipeline import delivery_for

# Endpoints that are public by design, each with the reason.
PUBLIC_OPERATIONS = {
    ("POST", "/api/support/v1/auth/login"): "email, password and TOTP code are the credentials",
    ("POST", "/api/support/v1/auth/totp/setup"): "email and password are the credentials",
    ("POST", "/api/support/v1/auth/totp/confirm"): "the setup's session and the first code are the credentials",
    ("GET", "/api/support/v1/auth/csrf"): "hands out a CSRF token only",
}


def support_operations():
    """Every (method, path, operation) the support API serves, as bound to the API (auth inherited)."""
    result: list[tuple[str, str, object]] = []
    # Private ninja API, used only here (as in tests/test_tenant_isolation.py).
    for bound in support_api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            full = "/api/support/v1/" + "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            for operation in path_view.operations:
                result.extend((method, full, operation) for method in operation.methods)
    return result


OPERATIONS = support_operations()
PROTECTED = [op for op in OPERATIONS if (op[0], op[1]) not in PUBLIC_OPERATIONS]
IDS = [f"{m} {p}" for m, p, _ in PROTECTED]


def test_operations_are_discovered():
    paths = {(m, p) for m, p, _ in OPERATIONS}
    assert ("GET", "/api/support/v1/tenants") in paths
    assert ("POST", "/api/support/v1/deliveries/{delivery_id}/resend") in paths
    assert ("GET", "/api/support/v1/audit-log") in paths
    assert set(PUBLIC_OPERATIONS) <= paths
    assert len(PROTECTED) >= 12


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_every_endpoint_but_the_public_ones_requires_staff(method, path, operation):
    if (method, path) in PUBLIC_OPERATIONS:
        assert operation.auth_callbacks == []
    else:
        assert operation.auth_callbacks == [staff_auth], f"{method} {path} is not staff-only"


@pytest.fixture
def target(tenant_b):
    """A store and one of its deliveries that an outsider must never see or touch."""
    from tests.pipeline import ready_bundle

    with in_schema(tenant_b):
        delivery = delivery_for(ready_bundle(tenant_b.schema_name), email="victim@shop.example.com")
    return {"{tenant_id}": str(tenant_b.id), "{delivery_id}": str(delivery.id)}


def _call(client, method, path, target):
    for placeholder, value in target.items():
        path = path.replace(placeholder, value)
    query = "?email=victim@shop.example.com" if path.endswith("/deliveries") else ""
    body = {"reason": "looking around", "days": 3}
    return getattr(client, method.lower())(path + query, body, content_type="application/json")


def _snapshot():
    return (
        SupportAuditEntry.objects.count(),
        sorted(Tenant.objects.values_list("id", "status")),
        len(queued()),
    )


def _assert_refused(response, before):
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] in {"forbidden", "csrf_failed"}
    assert "victim@" not in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=IDS)
def test_anonymous_callers_get_403(method, path, operation, target):
    before = _snapshot()

    response = _call(support_client(), method, path, target)

    _assert_refused(response, before)
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=IDS)
def test_a_merchant_session_replayed_on_the_support_host_gets_403(
    method, path, operation, target, make_member, tenant_a
):
    merchant = make_member(tenant_a, Role.OWNER).client()
    on_support = support_client(HTTP_X_CSRFTOKEN=merchant.defaults["HTTP_X_CSRFTOKEN"])
    on_support.cookies["sessionid"] = merchant.cookies["sessionid"].value
    on_support.cookies["csrftoken"] = merchant.cookies["csrftoken"].value
    before = _snapshot()

    response = _call(on_support, method, path, target)

    _assert_refused(response, before)


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=IDS)
def test_a_non_staff_user_with_a_forged_support_session_gets_403(method, path, operation, target, user_factory):
    """Even a session carrying the support marker is refused when the user is not staff."""
    intruder = user_factory(is_staff=False)
    client = support_client()
    client.force_login(intruder)
    session = client.session
    session[SUPPORT_SESSION_KEY] = {"host": "support.alva.localhost", "user_id": intruder.id, "verified_at": "now"}
    session.save()
    before = _snapshot()

    response = _call(client, method, path, target)

    _assert_refused(response, before)
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("method", "path", "operation"), PROTECTED, ids=IDS)
def test_staff_without_the_second_factor_gets_403(method, path, operation, target, make_staff):
    client = support_client()
    client.force_login(make_staff().user)
    before = _snapshot()

    response = _call(client, method, path, target)

    _assert_refused(response, before)
