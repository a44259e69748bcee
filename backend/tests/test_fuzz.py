"""Property-based fuzzing of the webhook and the merchant API: whatever arrives, the answer is never a 5xx."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alva.catalog.models import Bundle
from alva.core.testing import in_schema, store_client
from alva.ingest.secrets import webhook_secret_ensure, webhook_secret_reveal

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
keys = st.sampled_from(["email", "$email", "person", "profile", "order_id", "idempotency_key", "first_name", "x"])
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(keys, json_values, max_size=6).map(lambda v: json.dumps(v).encode()),
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(body=bodies, secret=st.sampled_from(["", "wrong", None]), idempotency=st.text(max_size=30))
def test_webhook_never_answers_5xx(tenant_a, body, secret, idempotency):
    with in_schema(tenant_a):
        bundle = Bundle.objects.first() or Bundle.objects.create(name="Fuzz")
        webhook_secret_ensure()
        real_secret = webhook_secret_reveal(actor="fuzz")
    headers = {"HTTP_X_ALVA_WEBHOOK_SECRET": real_secret if secret is None else secret}
    if idempotency.isprintable() and "\n" not in idempotency:
        headers["HTTP_IDEMPOTENCY_KEY"] = idempotency

    response = store_client(tenant_a).post(
        f"/webhook/{bundle.webhook_slug}", body, content_type="application/json", **headers
    )

    assert response.status_code < 500, response.content
    assert response["Content-Type"] == "application/json"


MERCHANT_WRITES = [
    ("post", "/api/v1/api-keys"),
    ("post", "/api/v1/team/invitations"),
    ("put", "/api/v1/settings/fraud"),
    ("post", "/api/v1/settings/webhook/test"),
    ("post", "/api/v1/bundles"),
    ("post", "/api/v1/auth/login"),
]


@FUZZ
@given(target=st.sampled_from(MERCHANT_WRITES), body=bodies)
def test_merchant_api_never_answers_5xx(owner_a, target, body):
    method, path = target
    client = owner_a.client()

    response = getattr(client, method)(path, body, content_type="application/json")

    assert response.status_code < 500, (path, response.content)
    assert response["Content-Type"].startswith("application/json")
