from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from followups import services
from followups.models import FollowUp
from households import services as household_services
from households.models import Closure, JournalEntry, Move
from referrals import services as referral_services
from tests.factories import (
    AreaFactory,
    FollowUpFactory,
    MemberFactory,
    ReferralFactory,
    give_local_contact,
)

TODAY = timezone.localdate()


def register_move(household, by, moved_on=TODAY):
    return household_services.move_register(
        move=Move(
            household=household,
            moved_on=moved_on,
            new_address="Ny vej 1",
            receiving_area=AreaFactory(name="Bolbro"),
        ),
        by=by,
    )


def test_accepted_referral_creates_first_contact_due_in_five_working_days(
    rehousing_consultant, bridge_builder, time_machine
):
    time_machine.move_to(date(2026, 12, 21))  # Monday before Christmas
    referral = ReferralFactory(sender=rehousing_consultant)
    household = referral_services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=bridge_builder
    )
    followup = FollowUp.objects.get(household=household)
    assert followup.kind == FollowUp.Kind.FIRST_CONTACT
    assert followup.assignee == bridge_builder
    assert followup.rule == "referral_accepted"
    # 25th and 26th December and the weekend are public holidays or weekend days.
    assert followup.due_on == date(2026, 12, 29)
    assert "5" in services.rule_label(followup.rule)


def test_logging_a_home_visit_completes_the_first_contact(rehousing_consultant, bridge_builder):
    referral = ReferralFactory(sender=rehousing_consultant)
    household = referral_services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=bridge_builder
    )
    household_services.journal_entry_add(
        entry=JournalEntry(household=household, kind="home_visit", note="Besøg"), by=bridge_builder
    )
    followup = FollowUp.objects.get(household=household)
    assert followup.status == FollowUp.Status.DONE
    assert followup.completed_by == bridge_builder


def test_registered_move_creates_the_14_day_visit_and_the_checklist(household, bridge_builder):
    MemberFactory(
        household=household, birth_year=TODAY.year - 4, relation="child", needs_daycare=True
    )
    move = register_move(household, bridge_builder, moved_on=TODAY)
    followups = {f.rule: f for f in household.followups.all()}
    assert followups["move_registered"].due_on == TODAY + timedelta(days=14)
    assert followups["move_registered"].kind == FollowUp.Kind.POST_MOVE_VISIT
    assert followups["move_checklist:address"].due_on == TODAY + timedelta(days=5)
    assert followups["move_checklist:housing_benefit"].due_on == TODAY + timedelta(days=30)
    assert "move_checklist:daycare" in followups
    assert "move_checklist:school" not in followups  # nobody needs a school change
    assert all(f.move == move for f in followups.values())


def test_moving_the_move_date_moves_its_follow_ups(household, bridge_builder):
    move = register_move(household, bridge_builder, moved_on=TODAY)
    household_services.move_reschedule(
        move=move, moved_on=TODAY + timedelta(days=10), by=bridge_builder
    )
    visit = household.followups.get(rule="move_registered")
    assert visit.due_on == TODAY + timedelta(days=24)
    assert visit.trigger_on == TODAY + timedelta(days=10)


def close_case(household, by, cancel=None):
    give_local_contact(household)
    return household_services.household_close(
        closure=Closure(
            household=household,
            practical_in_order=True,
            new_local_contact=True,
            no_longer_asks_for_help=True,
        ),
        by=by,
        cancel=cancel,
    )


def test_closing_the_case_cancels_only_the_follow_ups_chosen_and_asks_if_the_bridge_holds(
    household, bridge_builder, settings
):
    settings.BROBYGNING = {**settings.BROBYGNING, "BRIDGE_HOLDS_WEEKS": 12}
    register_move(household, bridge_builder)
    benefit = household.followups.get(rule="move_checklist:housing_benefit")
    visit = household.followups.get(rule="move_registered")

    close_case(household, bridge_builder, cancel={f"followup-{visit.pk}": "Familien takkede nej"})

    visit.refresh_from_db()
    assert visit.status == "cancelled" and visit.outcome_note == "Familien takkede nej"
    benefit.refresh_from_db()
    assert benefit.status == "open"  # "Boligstøtte søgt" was kept: nothing silently cancelled
    holds = household.followups.get(rule="case_closed")
    assert holds.status == "open" and holds.due_on == TODAY + timedelta(weeks=12)
    # The 14-day visit is the only one cancelled; the move checklist items stay open.
    assert household.followups.filter(status="cancelled").count() == 1


def test_reopening_restores_the_follow_ups_closing_cancelled_and_drops_the_holds_check(
    household, bridge_builder
):
    register_move(household, bridge_builder)
    visit = household.followups.get(rule="move_registered")
    close_case(household, bridge_builder, cancel={f"followup-{visit.pk}": "Ikke relevant"})

    reopened = household_services.household_reopen(
        household=household, to_phase="8_ongoing", reason="Ny henvendelse", by=bridge_builder
    )

    assert reopened.restored_items == 1
    visit.refresh_from_db()
    assert visit.status == "open" and visit.outcome_note == ""
    assert household.followups.get(rule="case_closed").status == "cancelled"
    # Reopening again after a second closing restores nothing twice.
    close_case(household, bridge_builder)
    again = household_services.household_reopen(
        household=household, to_phase="8_ongoing", reason="Igen", by=bridge_builder
    )
    assert again.restored_items == 0


def test_a_retried_event_does_not_duplicate_its_follow_up(household, bridge_builder):
    move = register_move(household, bridge_builder)
    services.on_move_registered(move=move)
    assert household.followups.filter(rule="move_registered").count() == 1


def test_due_date_before_its_trigger_is_refused(household, bridge_builder):
    with pytest.raises(ValidationError):
        services.followup_create(
            household=household,
            kind="custom",
            title="x",
            assignee=bridge_builder,
            trigger_on=TODAY,
            due_on=TODAY - timedelta(days=1),
        )


def test_completing_twice_is_refused(household, bridge_builder):
    followup = FollowUpFactory(household=household)
    services.followup_complete(followup=followup, by=bridge_builder)
    with pytest.raises(ValidationError):
        services.followup_complete(followup=followup, by=bridge_builder)


def test_14_day_visit_needs_offer_answer_and_visit_date(household, bridge_builder):
    followup = FollowUpFactory(household=household, kind=FollowUp.Kind.POST_MOVE_VISIT)
    with pytest.raises(ValidationError):
        services.followup_complete(followup=followup, by=bridge_builder)
    with pytest.raises(ValidationError):
        services.followup_complete(
            followup=followup, by=bridge_builder, visit_offered=True, visit_answer="accepted"
        )
    services.followup_complete(
        followup=followup,
        by=bridge_builder,
        visit_offered=True,
        visit_answer="accepted",
        visit_on=TODAY + timedelta(days=3),
    )
    followup.refresh_from_db()
    assert followup.visit_answer == "accepted" and followup.status == "done"
