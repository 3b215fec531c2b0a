"""Art. 17: anonymising a household removes its data from every table and keeps the figures."""

import pytest
from django.core.exceptions import ValidationError

from brobygning.core.classification import anonymised_fields, personal_fields
from brobygning.core.models import AccessLog, Notification
from brobygning.privacy.erasure import REPLACED, REVOKED, anonymise_household
from brobygning.privacy.export import PARTS
from households.models import Member
from tests.privacy.conftest import dashboard_figures, tables_containing, text_fields

REASON = "The household asked for erasure in writing"


def test_replaced_and_revoked_fields_are_fields_the_anonymisation_touches():
    for label, fields in REPLACED.items():
        model = next(part.model for part in PARTS if part.label == label)
        assert set(fields) <= set(anonymised_fields(model)), label
    for label, fields in REVOKED.items():
        model = next(part.model for part in PARTS if part.label == label)
        for name in fields:
            model._meta.get_field(name)


def personal_data_holding_a_marker(case):
    """'label.field' of every field the registry classes as personal data (personal, special,
    cpr, free text) that still holds one of the case's markers, on any of its rows."""
    return {
        f"{part.label}.{name}"
        for part in PARTS
        for name in personal_fields(part.model)
        for value in part.rows_of(case.household.pk).values_list(name, flat=True)
        if any(marker in str(value) for marker in case.marker_values())
    }


def test_no_field_classified_as_personal_data_holds_a_marker_after_anonymising(case, manager):
    personal_text = {
        f"{part.label}.{f.name}"
        for part in PARTS
        for f in text_fields(part.model)
        if f.name in personal_fields(part.model)
    }
    assert personal_data_holding_a_marker(case) == personal_text  # each holds its own marker

    anonymise_household(household=case.household, by=manager, reason=REASON)

    assert personal_data_holding_a_marker(case) == set()


def test_anonymising_removes_every_marker_of_the_household_from_every_table(
    case, other_case, manager
):
    assert tables_containing("MRK-A-")  # the scan sees them before

    anonymise_household(household=case.household, by=manager, reason=REASON)

    assert tables_containing("MRK-A-") == []
    assert tables_containing(case.name) == []


def test_anonymising_leaves_other_households_untouched(case, other_case, manager):
    anonymise_household(household=case.household, by=manager, reason=REASON)

    for marker in other_case.marker_values():
        assert tables_containing(marker), marker
    other_case.household.refresh_from_db()
    assert other_case.household.anonymised_at is None


def test_anonymising_keeps_the_dashboard_figures(case, other_case, manager):
    before = dashboard_figures()

    anonymise_household(household=case.household, by=manager, reason=REASON)

    assert dashboard_figures() == before


def test_anonymised_household_keeps_reference_phase_and_members_for_statistics(case, manager):
    members_before = list(case.household.members.values_list("birth_year", "relation"))

    household = anonymise_household(household=case.household, by=manager, reason=REASON)

    assert household.display_name == household.reference
    assert household.anonymised_at is not None
    assert list(household.members.values_list("birth_year", "relation")) == members_before
    assert set(Member.objects.filter(household=household).values_list("first_name", flat=True)) == {
        "—"
    }


def test_anonymisation_is_recorded_with_its_reason_and_without_the_name(case, manager):
    anonymise_household(household=case.household, by=manager, reason=f"{case.name} asked")

    row = AccessLog.objects.get(action=AccessLog.Action.ERASURE)
    assert (row.user, row.household_reference, row.target_id) == (
        manager,
        case.household.reference,
        str(case.household.pk),
    )
    assert row.detail == f"{case.household.reference} asked"


def test_search_log_keeps_who_searched_but_not_the_name(case, manager):
    search = AccessLog.objects.get(
        action=AccessLog.Action.SEARCH, user=case.household.bridge_builder
    )

    anonymise_household(household=case.household, by=manager, reason=REASON)

    search.refresh_from_db()
    assert search.detail == case.household.reference
    assert case.household.reference in search.path


def test_referral_notification_names_the_reference_instead(case, manager):
    anonymise_household(household=case.household, by=manager, reason=REASON)

    notice = Notification.objects.get(user=case.household.bridge_builder)
    assert case.household.reference in notice.text


def test_legal_hold_refuses_anonymisation_and_changes_nothing(case, manager):
    case.household.legal_hold = True
    case.household.save(update_fields=["legal_hold"])
    before = tables_containing("MRK-A-")

    with pytest.raises(ValidationError) as error:
        anonymise_household(household=case.household, by=manager, reason=REASON)

    assert error.value.code == "legal_hold"
    assert tables_containing("MRK-A-") == before
    assert not AccessLog.objects.filter(action=AccessLog.Action.ERASURE).exists()


def test_anonymisation_needs_a_reason(case, manager):
    with pytest.raises(ValidationError) as error:
        anonymise_household(household=case.household, by=manager, reason="  ")

    assert error.value.code == "reason"
    case.household.refresh_from_db()
    assert case.household.anonymised_at is None


def test_anonymising_twice_removes_what_was_written_in_between(case, manager):
    anonymise_household(household=case.household, by=manager, reason=REASON)
    for entry in case.household.journal.all():
        entry.note = "MRK-LATER-1"
        entry.save(update_fields=["note"])

    anonymise_household(household=case.household, by=manager, reason=REASON)

    assert tables_containing("MRK-LATER-1") == []


def test_anonymising_bumps_the_version_so_open_edit_forms_go_stale(case, manager):
    case.household.refresh_from_db()
    member = Member.objects.filter(household=case.household).first()
    version, member_version = case.household.version, member.version

    household = anonymise_household(household=case.household, by=manager, reason=REASON)

    assert household.version == version + 1
    member.refresh_from_db()
    assert member.version == member_version + 1


def test_change_history_keeps_who_changed_what_and_when_but_not_the_values(case, manager):
    from auditlog.models import LogEntry

    case.household.phase = "2_options"
    case.household.save()
    before = list(LogEntry.objects.values_list("pk", "actor", "timestamp", "action"))

    anonymise_household(household=case.household, by=manager, reason=REASON)

    assert list(LogEntry.objects.values_list("pk", "actor", "timestamp", "action")) == before
    phase_change = LogEntry.objects.filter(changes__has_key="phase").latest("pk")
    assert phase_change.changes["phase"] == ["1_first_contact", "2_options"]
    name_change = LogEntry.objects.filter(
        object_pk=str(case.household.pk), changes__has_key="display_name"
    ).latest("pk")
    assert name_change.changes["display_name"][1] == case.household.reference
