"""Art. 15 / 20: the record of one household holds every model linked to it."""

import json

import pytest
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder

from brobygning.core.classification import fields_of
from brobygning.core.models import AccessLog
from brobygning.privacy.export import ACCESS_LOG_KEY, PARTS, household_record
from households.models import Household
from tests.factories import HouseholdFactory, JournalEntryFactory


def models_linked_to_household():
    """Every model with a relation path (FK, one-to-one or many-to-many, followed forwards)
    to Household, found by walking the registry until nothing new is added."""
    linked = {Household}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in linked:
                continue
            relations = [*model._meta.concrete_fields, *model._meta.many_to_many]
            if any(f.is_relation and f.related_model in linked for f in relations):
                linked.add(model)
                changed = True
    return linked


def test_the_walk_finds_models_two_steps_from_the_household():
    labels = {model._meta.label for model in models_linked_to_household()}

    assert {
        "households.BridgeChange",
        "referrals.ReferralMessage",
        "followups.Reminder",
    } <= labels


def test_every_model_with_a_path_to_household_is_a_key_in_the_export(db, household):
    record = household_record(household)

    missing = sorted(
        model._meta.label
        for model in models_linked_to_household()
        if model._meta.label_lower not in record
    )
    assert missing == []


def test_the_export_lists_no_model_without_a_path_to_household():
    linked = {model._meta.label for model in models_linked_to_household()}

    assert {part.label for part in PARTS} == linked


def test_export_contains_every_marker_of_the_household(case):
    text = json.dumps(household_record(case.household), cls=DjangoJSONEncoder)

    secrets = {
        (part.label, name) for part in PARTS for name in part.exclude
    }  # e.g. the bridge's answer token: never exported
    expected = {marker for key, marker in case.markers.items() if key not in secrets}
    assert sorted(marker for marker in expected if marker not in text) == []
    assert all(case.markers[key] not in text for key in secrets if key in case.markers)


def test_each_exported_row_has_every_classified_field_of_its_model(case):
    record = household_record(case.household)

    missing = []
    for part in PARTS:
        fields = [part.model._meta.get_field(name) for name in fields_of(part.model)]
        expected = [
            f
            for f in fields
            if f.name not in part.exclude and not (f.is_relation and f.related_model is Household)
        ]
        for row in record[part.key]:
            # Links to other rows of the record are exported as their ids ("member_id").
            missing += [
                f"{part.label}.{f.name}" for f in expected if not {f.name, f.attname} & row.keys()
            ]
    assert missing == []


def test_export_has_one_row_per_linked_row(case):
    record = household_record(case.household)

    for part in PARTS:
        assert len(record[part.key]) == part.rows_of(case.household.pk).count(), part.label
        assert len(record[part.key]) >= 1, part.label


def test_export_holds_confidential_journal_entries(bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    JournalEntryFactory(household=household, confidentiality="confidential", note="MRK-JOURNAL-1")

    entries = household_record(household)["households.journalentry"]

    assert [(e["note"], e["confidentiality"]) for e in entries] == [
        ("MRK-JOURNAL-1", "confidential")
    ]


def test_export_contains_dates_users_and_purposes_of_accesses_to_the_household(case, manager):
    AccessLog.objects.create(
        user=manager,
        action=AccessLog.Action.VIEW,
        target_type="household",
        household_reference=case.household.reference,
        detail="MRK-PURPOSE-2",
        path="/",
    )

    rows = household_record(case.household)[ACCESS_LOG_KEY]

    assert {row["detail"] for row in rows} == {"Break-glass: MRK-purpose", "MRK-PURPOSE-2"}
    assert {row["user"] for row in rows} == {str(case.household.bridge_builder), str(manager)}
    assert all(row["at"] and row["action"] == "view" for row in rows)


def test_export_holds_nothing_of_another_household(case, other_case):
    text = json.dumps(household_record(case.household), cls=DjangoJSONEncoder)

    assert "MRK-B-" not in text


def test_export_is_valid_json_without_a_custom_encoder(case):
    assert json.loads(json.dumps(household_record(case.household)))


@pytest.mark.parametrize("entries", [1, 20])
def test_export_queries_do_not_grow_with_the_number_of_rows(
    case, entries, django_assert_max_num_queries
):
    for _ in range(entries):
        JournalEntryFactory(household=case.household)

    # One query per part, the consent's actors, the access log, the change history and its
    # content types: the same at both sizes.
    with django_assert_max_num_queries(len(PARTS) + 6):
        household_record(case.household)


def test_export_contains_the_change_history_of_the_households_records(case):
    entries = household_record(case.household)["auditlog.logentry"]

    member_changes = [e["changes"] for e in entries if e["record"] == "households.member"]
    first_name = case.markers[("households.Member", "first_name")]
    assert any(change.get("first_name", [None, None])[1] == first_name for change in member_changes)
    assert all(entry["at"] and entry["action"] for entry in entries)
