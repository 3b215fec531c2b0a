"""Usernames are one account in any case (#21.5): login finds `Locktest` as `locktest`, and
the lockout counts every spelling against the same account."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from brobygning.core.models import User
from brobygning.core.roles import Role
from tests.factories import PASSWORD, UserFactory

LOGIN = reverse("account_login")


def attempt(client, username, password):
    return client.post(LOGIN, {"login": username, "password": password})


def signed_in_as(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def locktest(db):
    return UserFactory(username="locktest", role=Role.BRIDGE_BUILDER)


def test_a_lockout_holds_for_the_username_typed_in_any_case(client, locktest):
    for _ in range(5):
        attempt(client, "locktest", "forkert")

    for spelling in ("Locktest", "lOcktest", "LOCKTEST", " locktest "):
        response = attempt(client, spelling, PASSWORD)
        assert "låst" in response.content.decode(), spelling
        assert not signed_in_as(client, locktest)
    assert AccessAttempt.objects.filter(username__iexact="locktest").count() == 1


def test_failures_in_different_cases_add_up_to_one_lockout(client, locktest):
    for spelling in ("locktest", "Locktest", "lOcktest", "LOCKTEST", "LockTest"):
        attempt(client, spelling, "forkert")

    response = attempt(client, "locktest", PASSWORD)

    assert "låst" in response.content.decode()
    assert not signed_in_as(client, locktest)
    assert AccessAttempt.objects.get().username == "locktest"


@pytest.mark.parametrize("spelling", ["locktest", "Locktest", "LOCKTEST"])
def test_the_right_password_logs_in_whatever_the_case_of_the_username(client, locktest, spelling):
    response = attempt(client, spelling, PASSWORD)

    assert response.status_code == 302
    assert signed_in_as(client, locktest)


def test_django_finds_the_account_by_any_case(locktest):
    assert User.objects.get_by_natural_key("LockTest") == locktest
    assert User.objects.named("LOCKTEST") == locktest
    assert User.objects.named("") is None


def test_two_accounts_cannot_differ_only_in_case(locktest):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="LockTest", password=PASSWORD)


def test_the_admin_refuses_a_username_taken_in_another_case_with_a_form_error(
    client, administrator, locktest
):
    client.force_login(administrator)
    other = UserFactory(username="anden", role=Role.BRIDGE_BUILDER)
    group = Group.objects.get(name=Role.BRIDGE_BUILDER)

    response = client.post(
        reverse("admin:brobygning_user_change", args=[other.pk]),
        {
            "username": "LockTest",
            "first_name": other.first_name,
            "last_name": other.last_name,
            "email": other.email,
            "is_active": "on",
            "groups": [group.pk],
            "date_joined_0": other.date_joined.date().isoformat(),
            "date_joined_1": "09:00:00",
            "team": "",
            "phone": "",
        },
    )

    assert response.status_code == 200
    assert "findes allerede" in response.content.decode()
    other.refresh_from_db()
    assert other.username == "anden"
