"""Webhook configuration, Send Test and the webhook log, as the merchant API serves them."""

from alva.accounts.models import Role
from alva.core.testing import in_schema
from alva.ingest.models import WebhookCall
from alva.store.models import AuditEntry


def test_settings_show_endpoints_template_and_only_a_hint(endpoint_a, make_member):
    member = make_member(endpoint_a.tenant, Role.MEMBER)

    body = member.client().get("/api/v1/settings/webhook").json()

    assert body["header"] == "x-alva-webhook-secret"
    assert body["secret_hint"] == f"…{endpoint_a.secret[-4:]}"
    assert endpoint_a.secret not in str(body)
    assert body["rate_limit_per_second"] == 100
    assert '"email": "{{ person.email }}"' in body["body_template"]
    assert body["endpoints"] == [
        {
            "bundle_id": str(endpoint_a.bundle.id),
            "bundle_name": "Presets Pack",
            "active": True,
            "url": f"http://alpha.alva.localhost/webhook/{endpoint_a.bundle.webhook_slug}",
        }
    ]


def test_admin_reveals_the_secret_and_it_is_audited(endpoint_a, make_member):
    admin = make_member(endpoint_a.tenant, Role.ADMIN)

    response = admin.client().post("/api/v1/settings/webhook/reveal")

    assert response.status_code == 200
    assert response.json() == {"secret": endpoint_a.secret}
    with in_schema(endpoint_a.tenant):
        entry = AuditEntry.objects.filter(action="webhook_secret.reveal").latest("created_at")
        assert entry.actor == admin.user.email


def test_member_cannot_reveal_or_rotate(endpoint_a, make_member):
    client = make_member(endpoint_a.tenant, Role.MEMBER).client()

    assert client.post("/api/v1/settings/webhook/reveal").status_code == 403
    assert client.post("/api/v1/settings/webhook/rotate").status_code == 403
    with in_schema(endpoint_a.tenant):
        assert not AuditEntry.objects.filter(actor__contains="person").exists()


def test_rotation_gives_a_new_secret_and_keeps_the_old_one_a_day(endpoint_a, owner_a):
    client = owner_a.client()

    rotated = client.post("/api/v1/settings/webhook/rotate").json()

    assert rotated["secret"].startswith("whsec_")
    assert rotated["secret"] != endpoint_a.secret
    assert client.post("/api/v1/settings/webhook/reveal").json() == {"secret": rotated["secret"]}
    assert endpoint_a.post({"email": "x@example.com"}).status_code == 202
    assert endpoint_a.post({"email": "y@example.com"}, secret=rotated["secret"]).status_code == 202


def test_send_test_runs_a_test_delivery(endpoint_a, owner_a):
    response = owner_a.client().post(
        "/api/v1/settings/webhook/test", {"email": "me@shop.example.com"}, content_type="application/json"
    )

    assert response.status_code == 202
    with in_schema(endpoint_a.tenant):
        call = WebhookCall.objects.get(id=response.json()["delivery_id"])
        assert (call.is_test, call.outcome, call.payload["email"]) == (True, "accepted", "me@shop.example.com")


def test_send_test_validates_the_email_and_the_bundle(endpoint_a, owner_a):
    client = owner_a.client()

    bad_email = client.post("/api/v1/settings/webhook/test", {"email": "nope"}, content_type="application/json")
    unknown = client.post(
        "/api/v1/settings/webhook/test",
        {"email": "me@shop.example.com", "bundle_id": "00000000-0000-0000-0000-000000000000"},
        content_type="application/json",
    )

    assert bad_email.status_code == 422
    assert bad_email.json()["error"]["fields"] == {"email": ["'nope' is not a valid email address."]}
    assert unknown.status_code == 404


def test_webhook_log_lists_every_call_with_filters(endpoint_a, owner_a):
    accepted = endpoint_a.post({"email": "a@example.com", "order_id": "1"}).json()["delivery_id"]
    endpoint_a.post({"email": "a@example.com", "order_id": "1"})
    endpoint_a.post({"email": "a@example.com"}, secret="whsec_wrong")
    client = owner_a.client()

    everything = client.get("/api/v1/webhook-log").json()
    rejected = client.get("/api/v1/webhook-log", {"outcome": "rejected"}).json()

    assert everything["count"] == 3
    assert [(i["outcome"], i["status_code"]) for i in everything["items"]] == [
        ("rejected", 401),
        ("duplicate", 200),
        ("accepted", 202),
    ]
    assert everything["items"][1]["duplicate_of"] == accepted
    assert everything["items"][1]["delivery_id"] == accepted
    assert [i["error_code"] for i in rejected["items"]] == ["invalid_secret"]


def test_webhook_log_rejects_bad_filters(owner_a):
    response = owner_a.client().get("/api/v1/webhook-log", {"outcome": "maybe", "page": "0"})

    assert response.status_code == 422
    assert sorted(response.json()["error"]["fields"]) == ["outcome", "page"]


def test_webhook_log_of_store_b_is_not_visible_from_store_a(endpoint_b, owner_a):
    endpoint_b.post({"email": "b@example.com"})

    assert owner_a.client().get("/api/v1/webhook-log").json() == {"items": [], "count": 0}
