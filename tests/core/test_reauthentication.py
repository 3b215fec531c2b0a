"""Re-authentication before sensitive actions (ASVS 3.7.1): the art. 15 export, erasure, the
dashboard exports, break-the-glass and changing a user's roles in the admin need a login or
re-authentication within the last 5 minutes. Otherwise the user confirms with the password
(or a two-factor code) and the action then goes through, a POST included."""

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from brobygning.core.models import AccessLog
from brobygning.core.roles import Role
from tests.factories import PASSWORD

REAUTHENTICATE = reverse("account_reauthenticate")
DOWNLOAD = reverse("download")
EXPORTS = {
    "privacy:export_json": lambda household: reverse("privacy:export_json", args=[household.pk]),
    "privacy:export_html": lambda household: reverse("privacy:export_html", args=[household.pk]),
    "dashboard:export_figures": lambda household: reverse(
        "dashboard:export_figures", args=["xlsx"]
    ),
    "dashboard:export_cases": lambda household: (
        reverse("dashboard:export_cases", args=["xlsx"]) + "?figure=open"
    ),
}


@pytest.fixture
def login_minutes_ago(client, time_machine):
    """Log `user` in `minutes` ago; the test then runs at the present moment."""

    def log_in(user, minutes):
        now = timezone.now()
        time_machine.move_to(now - timedelta(minutes=minutes))
        client.force_login(user)
        time_machine.move_to(now)
        return client

    return log_in


def landing_file(url):
    """The file a download landing page (`download`) fetches, or None for another page."""
    parts = urlsplit(url)
    if parts.path != DOWNLOAD:
        return None
    return parse_qs(parts.query)["file"][0]


def sent_to_reauthenticate(response, url):
    """The response sends the user to the password confirmation, and back to `url` after (a
    download: to the page that fetches it)."""
    location = urlsplit(response["Location"])
    if response.status_code != 302 or location.path != REAUTHENTICATE:
        return False
    (after,) = parse_qs(location.query)["next"]
    return url in (after, landing_file(after))


def reauthenticate(client, url, *, password=PASSWORD):
    page = client.get(REAUTHENTICATE, {"next": url})
    assert page.status_code == 200
    return client.post(REAUTHENTICATE, {"password": password, "next": url})


def exports_logged():
    return AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count()


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_after_a_login_older_than_five_minutes_asks_for_the_password_first(
    login_minutes_ago, manager, household, name
):
    client = login_minutes_ago(manager, 6)
    url = EXPORTS[name](household)

    response = client.get(url)

    assert sent_to_reauthenticate(response, url)
    assert exports_logged() == 0

    after = parse_qs(urlsplit(client.get(url)["Location"]).query)["next"][0]
    response = reauthenticate(client, after)

    assert response.status_code == 302
    if name != "privacy:export_html":
        # Not the file in answer to the password form (the browser would stay on the form),
        # but a page that fetches it.
        assert landing_file(response["Location"]) == url
        landing = client.get(response["Location"])
        assert landing.status_code == 200 and f'href="{escape(url)}"' in landing.content.decode()
    else:
        assert response["Location"] == url
    assert client.get(url).status_code == 200
    assert exports_logged() == 1


def test_the_download_page_fetches_only_our_own_downloads(client, manager, household):
    client.force_login(manager)
    for file in ("https://evil.example/x", reverse("households:detail", args=[household.pk])):
        assert client.get(DOWNLOAD, {"file": file}).status_code == 404
    page = client.get(DOWNLOAD, {"file": EXPORTS["privacy:export_json"](household), "back": "//x"})
    assert page.status_code == 200 and page.context["back"] == reverse("home")


def test_a_wrong_password_exports_nothing(login_minutes_ago, manager, household):
    client = login_minutes_ago(manager, 6)
    url = EXPORTS["privacy:export_json"](household)
    client.get(url)

    response = reauthenticate(client, url, password="forkert-adgangskode")

    assert response.status_code == 200  # the form again, with its error
    assert sent_to_reauthenticate(client.get(url), url)
    assert exports_logged() == 0


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_within_five_minutes_of_logging_in_needs_no_password(
    login_minutes_ago, manager, household, name
):
    client = login_minutes_ago(manager, 4)

    assert client.get(EXPORTS[name](household)).status_code == 200
    assert exports_logged() == 1


def test_a_re_authentication_lasts_five_minutes(
    login_minutes_ago, manager, household, time_machine
):
    client = login_minutes_ago(manager, 60)
    url = EXPORTS["privacy:export_json"](household)
    reauthenticate(client, url)

    time_machine.move_to(timezone.now() + timedelta(minutes=4))
    assert client.get(url).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    assert sent_to_reauthenticate(client.get(url), url)


def test_erasure_after_a_stale_login_waits_for_the_password_then_goes_through(
    login_minutes_ago, manager, household
):
    client = login_minutes_ago(manager, 6)
    url = reverse("privacy:erase", args=[household.pk])
    name = household.display_name

    assert sent_to_reauthenticate(client.get(url), url)
    response = client.post(
        url, {"reason": "Asked in writing", "confirm_reference": household.reference}
    )

    assert sent_to_reauthenticate(response, url)
    household.refresh_from_db()
    assert (household.anonymised_at, household.display_name) == (None, name)
    assert not AccessLog.objects.filter(action=AccessLog.Action.ERASURE).exists()

    # allauth kept the POST and replays it once the password is confirmed.
    response = reauthenticate(client, url)

    assert response.status_code == 302
    assert response["Location"] == reverse("households:detail", args=[household.pk])
    household.refresh_from_db()
    assert household.anonymised_at is not None
    assert AccessLog.objects.filter(action=AccessLog.Action.ERASURE).count() == 1


def test_break_the_glass_after_a_stale_login_waits_for_the_password_then_opens_the_case(
    login_minutes_ago, administrator, household
):
    client = login_minutes_ago(administrator, 6)
    url = reverse("households:break_glass", args=[household.pk])
    detail = reverse("households:detail", args=[household.pk])

    assert client.get(detail)["Location"] == url
    assert sent_to_reauthenticate(client.get(url), url)
    response = client.post(url, {"reason": "Klage fra borger, skal undersøges"})

    assert sent_to_reauthenticate(response, url)
    assert not AccessLog.objects.filter(action=AccessLog.Action.BREAK_GLASS).exists()
    assert client.get(detail)["Location"] == url  # still no access

    response = reauthenticate(client, url)

    assert response.status_code == 302 and response["Location"] == detail
    assert client.get(detail).status_code == 200
    assert AccessLog.objects.filter(action=AccessLog.Action.BREAK_GLASS).count() == 1


def _user_form(user, *groups):
    """The admin's change form for `user`, as posted, with `groups` as the roles."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in groups],
        "date_joined_0": user.date_joined.date().isoformat(),
        "date_joined_1": "09:00:00",
        "team": user.team_id or "",
        "phone": user.phone,
    }


def test_changing_a_users_roles_in_the_admin_after_a_stale_login_needs_the_password(
    login_minutes_ago, administrator, bridge_builder
):
    client = login_minutes_ago(administrator, 6)
    url = reverse("admin:brobygning_user_change", args=[bridge_builder.pk])
    manager_group = Group.objects.get_or_create(name=Role.MANAGER)[0]

    assert sent_to_reauthenticate(client.get(url), url)
    response = client.post(url, _user_form(bridge_builder, manager_group))

    assert sent_to_reauthenticate(response, url)
    assert set(bridge_builder.groups.values_list("name", flat=True)) == {Role.BRIDGE_BUILDER}

    response = reauthenticate(client, url)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:brobygning_user_changelist")
    assert set(bridge_builder.groups.values_list("name", flat=True)) == {Role.MANAGER}


def test_a_two_factor_user_may_confirm_with_an_authenticator_code(
    login_minutes_ago, manager, household
):
    secret = generate_totp_secret()
    TOTP.activate(manager, secret)
    client = login_minutes_ago(manager, 6)
    url = EXPORTS["privacy:export_json"](household)
    client.get(url)

    page = client.get(REAUTHENTICATE, {"next": url}).content.decode()
    by_code = reverse("mfa_reauthenticate")
    assert by_code in page

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(by_code, {"code": code, "next": url})

    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200
    assert exports_logged() == 1


def test_a_user_without_the_role_is_refused_before_being_asked_for_a_password(
    login_minutes_ago, bridge_builder, household
):
    client = login_minutes_ago(bridge_builder, 6)

    assert client.get(EXPORTS["privacy:export_json"](household)).status_code == 403


def test_the_confirmation_page_says_why_it_asks(login_minutes_ago, manager, settings):
    client = login_minutes_ago(manager, 6)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(REAUTHENTICATE).content.decode()

    assert "This action needs a recent login." in html


def test_setting_another_users_password_in_the_admin_after_a_stale_login_needs_the_password(
    login_minutes_ago, administrator, bridge_builder
):
    client = login_minutes_ago(administrator, 6)
    url = reverse("admin:auth_user_password_change", args=[bridge_builder.pk])
    new = {"password1": "Et-helt-nyt-kodeord-2026", "password2": "Et-helt-nyt-kodeord-2026"}
    before = bridge_builder.password

    response = client.post(url, new)
    bridge_builder.refresh_from_db()

    assert sent_to_reauthenticate(response, url)
    assert bridge_builder.password == before
