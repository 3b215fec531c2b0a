"""The Django admin's change history shows no case content and cannot be searched by name
(#21 item 3); opening an entry of a case record is logged (#21 item 7)."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from brobygning.core.models import AccessLog
from tests.factories import AreaFactory, HouseholdFactory, JournalEntryFactory

NAME = "MRK-NAME Familien Sporsen"
NOTE = "MRK-JOURNAL fortrolig tekst"


@pytest.fixture
def case_history(administrator, bridge_builder):
    with set_actor(bridge_builder):
        household = HouseholdFactory(bridge_builder=bridge_builder, display_name=NAME)
        entry = JournalEntryFactory(household=household, note=NOTE)
    return household, LogEntry.objects.get_for_object(entry).get()


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_the_history_list_shows_no_case_content_and_has_no_search(admin_client, case_history):
    household, _entry = case_history
    changelist = reverse("admin:auditlog_logentry_changelist")
    for url in (changelist, changelist + "?q=Sporsen", changelist + "?q=" + household.reference):
        response = admin_client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "MRK-NAME" not in html and "MRK-JOURNAL" not in html
        assert 'id="searchbar"' not in html


def test_searching_the_history_by_name_finds_nothing_by_name(admin_client, case_history):
    """Without search fields the admin ignores the term: the list is the same with or
    without it, so a name cannot be used to find a family's history."""
    changelist = reverse("admin:auditlog_logentry_changelist")
    everything = admin_client.get(changelist).context["cl"].result_count
    assert admin_client.get(changelist + "?q=Sporsen").context["cl"].result_count == everything


@pytest.mark.parametrize("view", ["change", "history"])
def test_an_entry_of_a_case_record_shows_no_case_content(admin_client, case_history, view):
    _household, entry = case_history
    response = admin_client.get(reverse(f"admin:auditlog_logentry_{view}", args=[entry.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "MRK-NAME" not in html and "MRK-JOURNAL" not in html


def test_opening_an_entry_of_a_case_record_logs_one_read(admin_client, administrator, case_history):
    household, entry = case_history
    before = set(AccessLog.objects.values_list("pk", flat=True))
    admin_client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    row = AccessLog.objects.exclude(pk__in=before).get()
    assert (row.user, row.action, row.target_type, row.target_id) == (
        administrator,
        "view",
        "change_history",
        str(entry.pk),
    )
    assert row.household_reference == household.reference


def test_the_history_of_directory_data_is_shown_as_before(admin_client, administrator):
    with set_actor(administrator):
        area = AreaFactory(name="Hasle-MRK-AREA")
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(area),
        object_pk=str(area.pk),
        object_repr=str(area),
        action=LogEntry.Action.UPDATE,
        changes={"facilities": ["", "Bibliotek"]},
    )
    html = admin_client.get(
        reverse("admin:auditlog_logentry_change", args=[entry.pk])
    ).content.decode()
    assert "Hasle-MRK-AREA" in html and "Bibliotek" in html
    assert not AccessLog.objects.exists()
