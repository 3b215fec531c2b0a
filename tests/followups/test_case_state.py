"""A follow-up knows whether its case is closed (`FollowUp.case_closed`), so "still relevant"
is read without joining the cases: closing and reopening keep it, in the same transaction."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from followups import selectors, services
from followups.models import FollowUp
from households import services as case_services
from households.models import Phase
from tests.factories import FollowUpFactory, close_case

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_closing_a_case_marks_the_follow_ups_it_keeps_open_as_no_longer_relevant(
    household, bridge_builder
):
    kept = FollowUpFactory(household=household, due_on=TODAY - timedelta(days=30))
    assert list(selectors.relevant()) == [kept]

    close_case(household, by=bridge_builder)

    kept.refresh_from_db()
    assert kept.status == FollowUp.Status.OPEN and kept.case_closed
    # Only the "does the bridge hold?" check that closing made is still relevant.
    assert [f.kind for f in selectors.relevant()] == [FollowUp.Kind.BRIDGE_HOLDS]
    assert list(selectors.past_escalation_limit(TODAY)) == []


def test_reopening_a_case_makes_its_follow_ups_relevant_again(household, bridge_builder):
    kept = FollowUpFactory(household=household, due_on=TODAY - timedelta(days=30))
    close_case(household, by=bridge_builder)

    case_services.household_reopen(
        household=household,
        to_phase=Phase.ONGOING,
        reason="Familien bad om hjælp igen",
        by=bridge_builder,
    )

    kept.refresh_from_db()
    assert not kept.case_closed
    assert list(selectors.past_escalation_limit(TODAY)) == [kept]
    assert not FollowUp.objects.filter(household=household, case_closed=True).exists()


def test_a_follow_up_made_on_a_closed_case_is_marked_closed(household, bridge_builder):
    close_case(household, by=bridge_builder)
    household.refresh_from_db()

    made = services.followup_create(
        household=household, kind="custom", assignee=bridge_builder, due_on=TODAY, title="Ring"
    )

    assert made.case_closed
    assert made not in selectors.relevant()


def test_a_close_that_is_refused_leaves_the_follow_ups_relevant(household, bridge_builder):
    open_followup = FollowUpFactory(household=household, due_on=TODAY)

    with pytest.raises(ValidationError):
        close_case(household, by=bridge_builder, local_contact=False, practical_in_order=False)

    open_followup.refresh_from_db()
    assert not open_followup.case_closed
    assert list(selectors.relevant()) == [open_followup]
