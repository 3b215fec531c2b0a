"""Security events (ASVS 7.1.3, 7.2.1, 7.2.2): each one is logged once on the `security` logger
with the same fields, and never with a password, session key, token or typed username."""

import json
import logging
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from brobygning.core.roles import Role
from tests.factories import PASSWORD, CalendarTokenFactory, UserFactory

LOGIN = reverse("account_login")
FIELDS = {"event", "user_id", "roles", "path", "ip", "request_id"}


@pytest.fixture
def security_events(caplog):
    """The events the test body logged (not its fixtures' set-up), as dicts; each record is
    checked to carry the same JSON as its message."""

    def events():
        records = [record for record in caplog.records if record.name == "security"]
        for record in records:
            assert json.loads(record.getMessage()) == record.security
        return [record.security for record in records]

    caplog.set_level("INFO", logger="security")
    return events


def only(events, name):
    """The one event of `events`, which must be `name` and nothing else."""
    assert [event["event"] for event in events] == [name]
    return events[0]


def assert_no_secrets(events, *secrets):
    text = json.dumps(events)
    for secret in (PASSWORD, *secrets):
        assert secret and secret not in text
    assert not re.search(r"\b\d{6}-?\d{4}\b", text)  # no CPR number
    assert "?" not in text  # paths come without their query string


def log_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"login": username, "password": password})


def test_a_login_is_one_event_with_the_users_id_roles_path_and_address(
    client, manager, security_events
):
    response = log_in(client, manager.username)

    assert response.status_code == 302
    event = only(security_events(), "login")
    assert set(event) == FIELDS
    assert event == {
        "event": "login",
        "user_id": manager.pk,
        "roles": [Role.MANAGER],
        "path": LOGIN,
        "ip": "127.0.0.1",
        "request_id": response["X-Request-ID"],
    }
    assert_no_secrets(
        security_events(), client.session.session_key, client.cookies["csrftoken"].value
    )


def test_a_failed_login_names_the_account_by_id_and_never_the_typed_text(
    client, bridge_builder, security_events
):
    log_in(client, bridge_builder.username, "forkert-adgangskode")
    event = only(security_events(), "login_failed")
    assert (event["user_id"], event["roles"], event["path"]) == (
        bridge_builder.pk,
        [Role.BRIDGE_BUILDER],
        LOGIN,
    )

    # People type their password into the username field by mistake: it is never logged.
    log_in(client, "MinHemmeligeAdgangskode42", "forkert-adgangskode")
    events = security_events()
    assert [e["event"] for e in events] == ["login_failed", "login_failed"]
    assert events[1]["user_id"] is None
    assert_no_secrets(events, "forkert-adgangskode", "MinHemmeligeAdgangskode42")


def test_a_logout_is_one_event(client, bridge_builder, security_events):
    client.force_login(bridge_builder)
    session_key = client.session.session_key
    before = len(security_events())

    client.post(reverse("account_logout"))

    event = only(security_events()[before:], "logout")
    assert (event["user_id"], event["path"]) == (bridge_builder.pk, reverse("account_logout"))
    assert_no_secrets(security_events(), session_key)


def test_a_wrong_two_factor_code_is_one_event(client, manager, security_events):
    TOTP.activate(manager, generate_totp_secret())
    assert log_in(client, manager.username)["Location"] == reverse("mfa_authenticate")

    client.post(reverse("mfa_authenticate"), {"code": "000000"})

    event = only(security_events(), "mfa_failed")
    assert set(event) == FIELDS | {"method", "reauthentication"}
    assert (event["user_id"], event["method"], event["reauthentication"]) == (
        manager.pk,
        "totp",
        False,
    )
    assert_no_secrets(security_events(), "000000")


def test_a_lockout_is_one_event_on_the_failure_that_locks(
    client, bridge_builder, security_events, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, bridge_builder.username, "forkert-adgangskode")
    assert "lockout" not in [e["event"] for e in security_events()]

    log_in(client, bridge_builder.username, "forkert-adgangskode")

    events = security_events()
    assert [e["event"] for e in events].count("lockout") == 1
    lockout = next(e for e in events if e["event"] == "lockout")
    assert (lockout["user_id"], lockout["path"]) == (bridge_builder.pk, LOGIN)
    assert_no_secrets(events, "forkert-adgangskode")


def test_an_administrator_unlocking_an_account_is_one_event(
    client, bridge_builder, administrator, security_events, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, bridge_builder.username, "forkert-adgangskode")
    attempt = AccessAttempt.objects.get(username=bridge_builder.username)
    client.force_login(administrator)
    before = len(security_events())

    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    client.post(url, {"post": "yes"})

    assert not AccessAttempt.objects.exists()
    event = only(security_events()[before:], "unlock")
    assert set(event) == FIELDS | {"actor_id"}
    assert (event["user_id"], event["actor_id"], event["path"]) == (
        bridge_builder.pk,
        administrator.pk,
        url,
    )


def test_an_unlock_with_axes_reset_is_one_event_without_an_actor(
    client, bridge_builder, security_events, settings
):
    from axes.utils import reset

    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, bridge_builder.username, "forkert-adgangskode")
    before = len(security_events())

    reset(username=bridge_builder.username)  # what `manage.py axes_reset_username` does

    event = only(security_events()[before:], "unlock")
    assert (event["user_id"], event["actor_id"], event["path"]) == (bridge_builder.pk, None, None)


def test_a_successful_login_after_a_few_failures_is_no_unlock(
    client, bridge_builder, security_events
):
    log_in(client, bridge_builder.username, "forkert-adgangskode")
    log_in(client, bridge_builder.username)

    assert [e["event"] for e in security_events()] == ["login_failed", "login"]


def test_a_role_refused_by_the_access_layer_is_one_403_event_without_the_query_string(
    client, bridge_builder, security_events
):
    client.force_login(bridge_builder)
    before = len(security_events())

    response = client.get(reverse("dashboard:index"), {"team": "1111111118"})

    assert response.status_code == 403
    event = only(security_events()[before:], "access_denied")
    assert set(event) == FIELDS | {"status"}
    assert (event["status"], event["user_id"], event["path"]) == (
        403,
        bridge_builder.pk,
        reverse("dashboard:index"),
    )
    assert_no_secrets(security_events())


def test_a_case_outside_the_users_scope_is_one_404_event(
    client, other_bridge_builder, household, security_events
):
    client.force_login(other_bridge_builder)
    before = len(security_events())
    url = reverse("households:detail", args=[household.pk])

    assert client.get(url).status_code == 404

    event = only(security_events()[before:], "access_denied")
    assert (event["status"], event["user_id"], event["path"]) == (404, other_bridge_builder.pk, url)


def test_an_unknown_url_is_not_an_access_layer_event(client, bridge_builder, security_events):
    client.force_login(bridge_builder)
    before = len(security_events())

    assert client.get("/findes-ikke/").status_code == 404

    assert security_events()[before:] == []


def test_a_token_in_the_path_is_logged_by_name_only(client, bridge_builder, security_events):
    token = CalendarTokenFactory(user=bridge_builder).token
    wrong = token[::-1]

    assert client.get(reverse("followups:calendar_feed", args=[wrong])).status_code == 404

    event = only(security_events(), "access_denied")
    assert event["path"] == reverse("followups:calendar_feed", args=["T"]).replace("T.", "<token>.")
    assert_no_secrets(security_events(), wrong, token)


def test_adding_a_role_is_one_event(bridge_builder, security_events):
    bridge_builder.groups.add(Group.objects.get_or_create(name=Role.MANAGER)[0])

    event = only(security_events(), "role_change")
    assert set(event) == FIELDS | {"actor_id", "added"}
    assert (event["user_id"], event["added"], event["roles"], event["actor_id"]) == (
        bridge_builder.pk,
        [Role.MANAGER],
        [Role.BRIDGE_BUILDER, Role.MANAGER],
        None,
    )


def test_a_role_change_in_the_admin_names_the_administrator(
    client, administrator, bridge_builder, security_events
):
    manager_group = Group.objects.get_or_create(name=Role.MANAGER)[0]
    client.force_login(administrator)
    before = len(security_events())
    url = reverse("admin:brobygning_user_change", args=[bridge_builder.pk])

    client.post(
        url,
        {
            "username": bridge_builder.username,
            "is_active": "on",
            "groups": [manager_group.pk],
            "date_joined_0": bridge_builder.date_joined.date().isoformat(),
            "date_joined_1": "09:00:00",
        },
    )

    events = security_events()[before:]
    assert [(e["event"], e.get("removed"), e.get("added")) for e in events] == [
        ("role_change", [Role.BRIDGE_BUILDER], None),
        ("role_change", None, [Role.MANAGER]),
    ]
    assert {(e["user_id"], e["actor_id"], e["path"]) for e in events} == {
        (bridge_builder.pk, administrator.pk, url)
    }


def test_removing_all_roles_at_once_is_one_event(bridge_builder, security_events):
    bridge_builder.groups.clear()

    event = only(security_events(), "role_change")
    assert (event["removed"], event["roles"]) == ([Role.BRIDGE_BUILDER], [])


def test_a_password_reset_is_one_event_when_asked_and_one_when_done(
    client, bridge_builder, security_events
):
    client.post(reverse("account_reset_password"), {"email": bridge_builder.email})

    event = only(security_events(), "password_reset_requested")
    assert (event["user_id"], event["path"]) == (
        bridge_builder.pk,
        reverse("account_reset_password"),
    )

    link = re.search(r"https?://[^/\s]+(/\S+/password/reset/key/\S+/)", mail.outbox[0].body)[1]
    set_password = client.get(link)["Location"]
    before = len(security_events())
    new_password = "Ny-adgangskode-der-er-lang-nok-2026"
    response = client.post(set_password, {"password1": new_password, "password2": new_password})

    assert response.status_code == 302
    event = only(security_events()[before:], "password_reset_done")
    assert event["user_id"] == bridge_builder.pk
    assert event["path"] == reverse(
        "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
    ).replace("UID-KEY", "<uidb36>-<key>")
    key = link.rstrip("/").rsplit("/", 1)[1]
    assert_no_secrets(security_events(), key, key.split("-", 1)[1], new_password)


def test_a_reset_for_an_unknown_address_logs_nothing(client, db, security_events):
    client.post(reverse("account_reset_password"), {"email": "ukendt@example.test"})

    assert security_events() == []


def test_events_of_a_user_without_roles_have_an_empty_role_list(client, db, security_events):
    user = UserFactory(username="uden-rolle")
    log_in(client, user.username)

    assert only(security_events(), "login")["roles"] == []


def test_security_events_stay_on_at_info_whatever_the_root_level():
    assert logging.getLogger("security").getEffectiveLevel() == logging.INFO
