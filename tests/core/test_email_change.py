"""Changing the account's e-mail addresses needs a recent login, and the old address is told
(#21.10): a password reset goes to any of the account's addresses, so adding one from a
session left open would otherwise hand over the account."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.core import test_reauthentication
from tests.core.test_reauthentication import reauthenticate, sent_to_reauthenticate

login_minutes_ago = test_reauthentication.login_minutes_ago  # the fixture

EMAIL = reverse("account_email")
NEW = "ny-adresse@example.test"


def addresses(user):
    return set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def old(bridge_builder):
    return bridge_builder.email


def test_adding_an_address_after_a_stale_login_waits_for_the_password_then_goes_through(
    login_minutes_ago, bridge_builder, old
):
    client = login_minutes_ago(bridge_builder, 6)
    assert client.get(EMAIL).status_code == 200  # looking needs no password

    response = client.post(EMAIL, {"action_add": "", "email": NEW})

    assert sent_to_reauthenticate(response, EMAIL)
    assert NEW not in addresses(bridge_builder)
    assert sent_to(old) == []

    # allauth kept the POST and replays it once the password is confirmed.
    response = reauthenticate(client, EMAIL)

    assert response.status_code == 302
    assert addresses(bridge_builder) == {old, NEW}
    [notice] = sent_to(old)
    assert NEW in notice.body


def test_a_wrong_password_adds_no_address(login_minutes_ago, bridge_builder, old):
    client = login_minutes_ago(bridge_builder, 6)
    client.post(EMAIL, {"action_add": "", "email": NEW})

    response = reauthenticate(client, EMAIL, password="forkert-adgangskode")

    assert response.status_code == 200
    assert NEW not in addresses(bridge_builder)
    assert sent_to(old) == []


def test_adding_an_address_within_five_minutes_of_logging_in_tells_the_old_address(
    login_minutes_ago, bridge_builder, old
):
    client = login_minutes_ago(bridge_builder, 4)

    response = client.post(EMAIL, {"action_add": "", "email": NEW})

    assert response.status_code == 302 and response["Location"] == EMAIL
    assert NEW in addresses(bridge_builder)
    [notice] = sent_to(old)
    assert "tilføjet" in notice.subject
    assert NEW in notice.body


def test_making_another_address_primary_needs_a_recent_login_and_tells_the_old_address(
    login_minutes_ago, bridge_builder, old
):
    EmailAddress.objects.create(user=bridge_builder, email=NEW)
    client = login_minutes_ago(bridge_builder, 6)

    response = client.post(EMAIL, {"action_primary": "", "email": NEW})
    assert sent_to_reauthenticate(response, EMAIL)
    assert not EmailAddress.objects.filter(user=bridge_builder, primary=True).exists()

    reauthenticate(client, EMAIL)

    assert EmailAddress.objects.get(user=bridge_builder, primary=True).email == NEW
    [notice] = sent_to(old)
    assert NEW in notice.body


def test_removing_an_address_after_a_stale_login_needs_the_password(
    login_minutes_ago, bridge_builder, old
):
    EmailAddress.objects.create(user=bridge_builder, email=NEW)
    client = login_minutes_ago(bridge_builder, 6)

    response = client.post(EMAIL, {"action_remove": "", "email": NEW})

    assert sent_to_reauthenticate(response, EMAIL)
    assert NEW in addresses(bridge_builder)
