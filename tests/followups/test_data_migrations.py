"""Data migrations of follow-ups, on real rows of the previous schema: 0005/0006 (what a
follow-up hangs on turns from text ("bridge:12") into a foreign key) and 0009 (the case's
state copied onto its follow-ups). Each test leaves the database at the latest migration."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from followups.models import FollowUp
from tests.factories import (
    BridgeFactory,
    ClosureFactory,
    HouseholdFactory,
    MoveFactory,
    ReferralFactory,
    SupportOfferFactory,
    UserFactory,
)

BEFORE = [("followups", "0004_system_outcomes_as_events")]
TODAY = timezone.localdate()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    yield
    _migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_text_sources_become_foreign_keys_to_the_rows_they_named():
    old_apps = _migrate(BEFORE)
    try:
        builder = UserFactory(username="brobygger")
        household = HouseholdFactory(bridge_builder=builder)
        referral = ReferralFactory(household=household)
        move = MoveFactory(household=household)
        closure = ClosureFactory(household=household)
        bridge = BridgeFactory(household=household, support_offer=SupportOfferFactory())
        OldFollowUp = old_apps.get_model("followups", "FollowUp")
        today = TODAY

        def old(rule, source, **fields):
            return OldFollowUp.objects.create(
                household_id=household.pk,
                assignee_id=builder.pk,
                due_on=today + timedelta(days=5),
                trigger_on=today,
                rule=rule,
                source=source,
                **fields,
            ).pk

        made = {
            "referral": old("referral_accepted", f"referral:{referral.pk}"),
            "move": old("move_registered", f"move:{move.pk}"),
            "checklist": old("move_checklist:address", f"move:{move.pk}"),
            "closure": old("case_closed", f"closure:{closure.pk}"),
            "bridge": old("bridge_requested", f"bridge:{bridge.pk}"),
            "gone": old("bridge_requested", "bridge:999999", status="cancelled"),
            "own": old("", "", title="Ring til familien"),
        }
    finally:
        _migrate_to_latest()

    rows = {name: FollowUp.objects.get(pk=pk) for name, pk in made.items()}
    assert rows["referral"].referral_id == referral.pk
    assert (rows["move"].move_id, rows["checklist"].move_id) == (move.pk, move.pk)
    assert rows["closure"].closure_id == closure.pk
    assert rows["bridge"].bridge_id == bridge.pk
    assert rows["checklist"].rule == FollowUp.Rule.MOVE_CHECKLIST_ADDRESS
    # A source naming no row keeps the follow-up, hanging on nothing.
    assert FollowUp.source_filter(None) == {}
    for name in ("gone", "own"):
        row = rows[name]
        assert (row.referral_id, row.move_id, row.closure_id, row.bridge_id) == (None,) * 4


@pytest.mark.django_db(transaction=True)
def test_follow_ups_of_cases_closed_before_the_column_existed_are_marked_closed():
    old_apps = _migrate([("followups", "0008_reminder_followup_index_is_the_unique_one")])
    try:
        builder = UserFactory(username="brobygger")
        open_case = HouseholdFactory(bridge_builder=builder)
        closed_case = HouseholdFactory(bridge_builder=builder, phase="closed", closed_on=TODAY)
        OldFollowUp = old_apps.get_model("followups", "FollowUp")

        def old(household):
            return OldFollowUp.objects.create(
                household_id=household.pk, assignee_id=builder.pk, due_on=TODAY, trigger_on=TODAY
            ).pk

        on_open, on_closed = old(open_case), old(closed_case)
    finally:
        _migrate_to_latest()

    assert not FollowUp.objects.get(pk=on_open).case_closed
    assert FollowUp.objects.get(pk=on_closed).case_closed
