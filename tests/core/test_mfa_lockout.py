"""Wrong two-factor codes lock the account like wrong passwords (#21.14): five failures in
all, then no code and no password is accepted until an administrator unlocks it or the hour
has passed."""

import json
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = reverse("account_login")
MFA = reverse("mfa_authenticate")
MFA_REAUTHENTICATE = reverse("mfa_reauthenticate")
WRONG = "000000"


@pytest.fixture
def secret(manager):
    secret = generate_totp_secret()
    TOTP.activate(manager, secret)
    return secret


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_step(client, user):
    response = client.post(LOGIN, {"login": user.username, "password": PASSWORD})
    assert response["Location"] == MFA
    return response


def signed_in(client):
    return "_auth_user_id" in client.session


def events(caplog, name):
    return [
        record
        for record in (json.loads(r.getMessage()) for r in caplog.records if r.name == "security")
        if record["event"] == name
    ]


def test_five_wrong_codes_lock_the_account_and_the_right_code_is_then_refused(
    client, manager, secret, caplog
):
    password_step(client, manager)
    for _ in range(4):
        assert client.post(MFA, {"code": WRONG}).status_code == 200

    locking = client.post(MFA, {"code": WRONG})

    assert locking.status_code == 429
    assert "låst" in locking.content.decode()
    assert events(caplog, "lockout")[0]["user_id"] == manager.pk

    # The login in progress is gone: the right code now leads back to the password...
    response = client.post(MFA, {"code": current_code(secret)})
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not signed_in(client)
    # ...and the right password is refused while the account is locked.
    response = client.post(LOGIN, {"login": manager.username, "password": PASSWORD})
    assert "låst" in response.content.decode()
    assert not signed_in(client)


def test_wrong_passwords_and_wrong_codes_add_up_to_one_lockout(client, manager, secret):
    for _ in range(3):
        client.post(LOGIN, {"login": manager.username, "password": "forkert"})
    password_step(client, manager)
    client.post(MFA, {"code": WRONG})

    response = client.post(MFA, {"code": WRONG})

    assert response.status_code == 429
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert not signed_in(client)


def test_a_login_waiting_for_its_code_gets_no_code_checked_once_the_account_is_locked(
    client, manager, secret, caplog
):
    password_step(client, manager)
    elsewhere = Client()
    for _ in range(5):
        elsewhere.post(LOGIN, {"login": manager.username, "password": "forkert"})

    response = client.post(MFA, {"code": current_code(secret)})

    assert response.status_code == 429
    assert "låst" in response.content.decode()
    assert not signed_in(client)
    assert events(caplog, "lockout")


def test_the_right_code_after_wrong_ones_signs_in_and_clears_the_count(client, manager, secret):
    client.post(LOGIN, {"login": manager.username, "password": "forkert"})
    password_step(client, manager)
    for _ in range(3):
        client.post(MFA, {"code": WRONG})

    response = client.post(MFA, {"code": current_code(secret)})

    assert response.status_code == 302
    assert signed_in(client)
    assert not AccessAttempt.objects.exists()


def test_wrong_codes_when_confirming_a_sensitive_action_lock_the_account_too(
    client, manager, secret
):
    client.force_login(manager)
    for _ in range(4):
        assert client.post(MFA_REAUTHENTICATE, {"code": WRONG}).status_code == 200

    response = client.post(MFA_REAUTHENTICATE, {"code": WRONG})
    assert response.status_code == 429
    assert "låst" in response.content.decode()

    response = client.post(MFA_REAUTHENTICATE, {"code": current_code(secret)})
    assert response.status_code == 429


def test_a_typed_code_is_not_kept_in_the_failure_rows(client, manager, secret):
    password_step(client, manager)
    client.post(MFA, {"code": "123456"})

    assert "123456" not in AccessAttempt.objects.get().post_data
