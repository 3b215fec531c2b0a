import re

import pytest
from django.contrib import admin
from django.urls import reverse

from brobygning.core.models import AccessLog
from households import services


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("administrator", 200),
        ("bridge_builder", 403),
        ("rehousing_consultant", 403),
        ("actor_contact", 403),
    ],
)
def test_only_managers_and_administrators_see_the_audit_screens(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("audit:log")).status_code == status
    assert client.get(reverse("audit:spot_check")).status_code == status


def test_audit_search_by_household_shows_reads_and_the_change_history(
    client, manager, bridge_builder, household
):
    client.force_login(bridge_builder)
    client.get(reverse("households:detail", args=[household.pk]))
    services.household_update(
        household=household,
        expected_version=household.version,
        changes={"display_name": "MRK-NEW-NAME"},
        by=bridge_builder,
    )
    client.force_login(manager)
    response = client.post(
        reverse("audit:log"), {"household": household.reference.lower()}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert str(bridge_builder) in html
    assert "MRK-NEW-NAME" in html  # old → new in the change history
    ((url, status),) = response.redirect_chain
    assert status == 303 and household.reference.lower() not in url.lower()
    client.get(url)  # a reload (or another page of the result) is not a new search
    searches = AccessLog.objects.filter(target_type="audit_log", user=manager)
    assert searches.count() == 1  # searching the audit log is itself logged
    assert searches.get().detail == f"household={household.reference.lower()}"


def test_an_inverted_period_gives_a_clear_error(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("audit:log"), {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 400


def test_audit_data_cannot_be_changed_or_deleted_in_the_admin(rf, administrator):
    from auditlog.models import LogEntry

    request = rf.get("/admin/")
    request.user = administrator
    for model in (AccessLog, LogEntry):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_staff_accounts_are_deactivated_not_deleted_in_the_admin(client, administrator, manager):
    """A deleted user would orphan (or, on PostgreSQL, be refused by) the audit trail."""
    client.force_login(administrator)

    delete_page = client.get(reverse("admin:brobygning_user_delete", args=[manager.pk]))
    bulk_delete = client.post(
        reverse("admin:brobygning_user_changelist"),
        {"action": "delete_selected", "_selected_action": [manager.pk]},
    )

    assert delete_page.status_code == 403
    assert bulk_delete.status_code in (200, 302)
    assert type(manager).objects.filter(pk=manager.pk).exists()


def test_how_a_record_was_read_is_shown_in_words_not_codes(client, manager, household):
    for detail in ("html", "form", "pdf", "json"):
        AccessLog.objects.create(
            user=manager,
            action=AccessLog.Action.EXPORT,
            target_type="household_record",
            target_id=household.pk,
            household_reference=household.reference,
            detail=detail,
            path="/",
        )
    client.force_login(manager)
    html = client.get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    cells = set(re.findall(r"<td>([^<]*)</td>", html))
    assert {"Vist i browseren", "Redigeringsformular", "PDF", "JSON"} <= cells
    assert not {"html", "form", "pdf", "json"} & cells
