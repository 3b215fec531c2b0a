import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from brobygning.core.roles import Role
from households import services
from households.models import Household, Phase
from tests.factories import PASSWORD, UserFactory

LOGIN = reverse("account_login")


def attempt(client, username, password):
    return client.post(LOGIN, {"login": username, "password": password})


def test_five_wrong_passwords_lock_the_account_with_a_clear_danish_message(client, bridge_builder):
    for _ in range(5):
        attempt(client, bridge_builder.username, "forkert")
    response = attempt(client, bridge_builder.username, PASSWORD)
    assert response.status_code == 429 or response.status_code == 403
    assert "låst" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_attempts_are_kept_as_one_row_per_account(client, bridge_builder):
    from axes.models import AccessAttempt

    for _ in range(3):
        attempt(client, bridge_builder.username, "forkert")
    assert AccessAttempt.objects.count() == 1
    assert AccessAttempt.objects.get().failures_since_start == 3


def test_a_successful_login_resets_the_failure_count(client, bridge_builder):
    from axes.models import AccessAttempt

    for _ in range(4):
        attempt(client, bridge_builder.username, "forkert")
    assert attempt(client, bridge_builder.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_session_ends_after_thirty_minutes_idle(client, bridge_builder, time_machine):
    time_machine.move_to("2026-11-02 09:00 +0100")
    client.force_login(bridge_builder)
    assert client.get(reverse("home")).status_code == 200
    time_machine.move_to("2026-11-02 09:29 +0100")
    assert client.get(reverse("home")).status_code == 200
    time_machine.move_to("2026-11-02 10:00 +0100")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_session_ends_twelve_hours_after_login_even_when_active(
    client, bridge_builder, time_machine
):
    time_machine.move_to("2026-11-02 07:00 +0100")
    client.force_login(bridge_builder)
    for hour in range(8, 19):
        time_machine.move_to(f"2026-11-02 {hour:02d}:00 +0100")
        client.get(reverse("home"))
        time_machine.move_to(f"2026-11-02 {hour:02d}:25 +0100")
        client.get(reverse("home"))
    time_machine.move_to("2026-11-02 19:05 +0100")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_roles_that_require_two_factor_authentication_must_set_it_up_first(
    client, manager, bridge_builder, settings
):
    settings.MFA_REQUIRED_ROLES = [Role.MANAGER]
    client.force_login(manager)
    response = client.get(reverse("households:caseload"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    client.force_login(bridge_builder)
    assert client.get(reverse("households:caseload")).status_code == 200


def test_the_admin_logs_in_through_the_same_login_flow(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_changes_to_a_case_keep_a_field_level_history(household, bridge_builder):
    services.household_update(
        household=household,
        expected_version=household.version,
        changes={"display_name": "Nyt navn"},
        by=bridge_builder,
    )
    services.phase_change(household=household, to_phase=Phase.OPTIONS, by=bridge_builder)
    entries = LogEntry.objects.get_for_object(Household.objects.get(pk=household.pk))
    changes = [entry.changes_dict for entry in entries]
    assert any(c.get("display_name", [None, None])[1] == "Nyt navn" for c in changes)
    assert any("phase" in c for c in changes)
    assert all(e.additional_data == {"household": household.reference} for e in entries)


def test_error_reports_hide_posted_values(rf):
    from brobygning.core.logsafety import NoPersonalDataReporterFilter

    request = rf.post("/x/", {"note": "MRK-HEALTH-7f3a depression"})
    params = NoPersonalDataReporterFilter().get_post_parameters(request)
    assert "MRK-HEALTH" not in str(params)
    assert "note" in params


@pytest.mark.parametrize("role", [Role.ACTOR_CONTACT, Role.REHOUSING_CONSULTANT])
def test_narrow_roles_need_no_second_factor_by_default_in_demo(client, role, settings, db):
    settings.MFA_REQUIRED_ROLES = []
    user = UserFactory(username=f"u-{role}", role=role)
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200


def test_logging_in_gives_a_new_session_key_so_a_planted_one_is_useless(client, bridge_builder):
    client.get(LOGIN)
    client.session.save()
    planted = client.cookies["sessionid"].value

    assert attempt(client, bridge_builder.username, PASSWORD).status_code == 302

    assert client.cookies["sessionid"].value != planted
    assert client.session.get("_auth_user_id") == str(bridge_builder.pk)


def test_the_old_session_cookie_after_logout_leads_to_the_login_page(client, bridge_builder):
    from django.test import Client

    attempt(client, bridge_builder.username, PASSWORD)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))

    replay = Client()
    replay.cookies["sessionid"] = stolen
    response = replay.get(reverse("households:caseload"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
