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
    assert all(f.source == f"move:{move.pk}" for f in followups.values())


def test_moving_the_move_date_moves_its_follow_ups(household, bridge_builder):
    move = register_move(household, bridge_builder, moved_on=TODAY)
    household_services.move_reschedule(
        move=move, moved_on=TODAY + timedelta(days=10), by=bridge_builder
    )
    visit = household.followups.get(rule="move_registered")
    assert visit.due_on == TODAY + timedelta(days=24)
    assert visit.trigger_on == TODAY + timedelta(days=10)


def test_closing_the_case_cancels_open_follow_ups_and_asks_if_the_bridge_holds(
    household, bridge_builder, settings
):
    settings.BROBYGNING = {**settings.BROBYGNING, "BRIDGE_HOLDS_WEEKS": 12}
    register_move(household, bridge_builder)
    give_local_contact(household)
    household_services.household_close(
        closure=Closure(
            household=household,
            practical_in_order=True,
            new_local_contact=True,
            no_longer_asks_for_help=True,
        ),
        by=bridge_builder,
    )
    open_followups = list(household.followups.filter(status="open"))
    assert [f.kind for f in open_followups] == [FollowUp.Kind.BRIDGE_HOLDS]
    assert open_followups[0].due_on == TODAY + timedelta(weeks=12)
    # The 14-day visit and the four move checklist items that apply to this household.
    assert household.followups.filter(status="cancelled").count() == 4


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
