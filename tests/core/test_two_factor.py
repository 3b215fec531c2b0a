"""Two-factor authentication: a code works once, recovery codes work once,
and a password-only session of a role that requires it reaches no page."""

import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client
from django.urls import reverse

from brobygning.core.roles import Role
from tests.factories import PASSWORD

LOGIN = reverse("account_login")
MFA = reverse("mfa_authenticate")
CASELOAD = reverse("households:caseload")


def password_step(user):
    client = Client()
    response = client.post(LOGIN, {"login": user.username, "password": PASSWORD})
    assert response["Location"] == MFA
    return client


def signed_in(client):
    return "_auth_user_id" in client.session


def test_an_authenticator_code_cannot_be_used_twice(manager, caplog):
    secret = generate_totp_secret()
    TOTP.activate(manager, secret)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    first = password_step(manager)
    first.post(MFA, {"code": code})
    second = password_step(manager)
    second.post(MFA, {"code": code})

    assert signed_in(first)
    assert not signed_in(second)
    assert second.get(CASELOAD)["Location"].startswith(LOGIN)
    assert '"event": "mfa_failed"' in caplog.text


def test_a_recovery_code_works_once(manager):
    TOTP.activate(manager, generate_totp_secret())
    code = RecoveryCodes.activate(manager).generate_codes()[0]

    first = password_step(manager)
    first.post(MFA, {"code": code})
    second = password_step(manager)
    second.post(MFA, {"code": code})

    assert signed_in(first)
    assert not signed_in(second)


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        CASELOAD,
        reverse("dashboard:index"),
        reverse("referrals:inbox"),
        reverse("actors:directory"),
        reverse("audit:log"),
    ],
)
def test_a_password_alone_opens_no_page_for_a_role_that_needs_two_factor(manager, url):
    TOTP.activate(manager, generate_totp_secret())
    client = password_step(manager)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert manager.has_role(Role.MANAGER)
