"""`make dev` seeds a staff user who can log in to the support console with TOTP."""

import pyotp
from django.core.management import call_command

from alva.core.testing import support_client
from alva.support.management.commands.seed_staff import STAFF_EMAIL


def test_seeded_staff_logs_in_with_the_printed_credentials_and_seeding_is_idempotent(db, tmp_path, capsys):
    call_command("seed_staff", state=tmp_path)
    call_command("seed_staff", state=tmp_path)
    password = (tmp_path / "staff-password").read_text()
    secret = (tmp_path / "staff-totp-secret").read_text()

    response = support_client().post(
        "/api/support/v1/auth/login",
        {"email": STAFF_EMAIL, "password": password, "totp": pyotp.TOTP(secret).now()},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert capsys.readouterr().out.count(f"staff email {STAFF_EMAIL}, password {password}") == 2
