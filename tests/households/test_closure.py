import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from households import services
from households.models import Closure, Need, Phase
from tests.factories import MemberFactory, NeedFactory, give_local_contact

CHILD_YEAR = 2018


def close(household, by, local_contact=True, **criteria):
    if local_contact:
        give_local_contact(household)
    values = dict(practical_in_order=True, no_longer_asks_for_help=True)
    values.update(criteria)
    return services.household_close(closure=Closure(household=household, **values), by=by)


def test_household_without_children_meets_the_children_criterion(household):
    MemberFactory(household=household, birth_year=1980)
    assert services.children_enrolled(household)


def test_child_without_a_school_or_daycare_need_fails_the_children_criterion(household):
    MemberFactory(household=household, birth_year=CHILD_YEAR, relation="child")
    assert not services.children_enrolled(household)


@pytest.mark.parametrize(
    ("status", "enrolled"),
    [("met", True), ("not_needed", True), ("bridging", False), ("identified", False)],
)
def test_children_criterion_follows_the_status_of_the_childs_school_need(
    household, status, enrolled
):
    child = MemberFactory(household=household, birth_year=CHILD_YEAR, relation="child")
    NeedFactory(household=household, member=child, category="school", status=status)
    assert services.children_enrolled(household) is enrolled


def test_closing_with_all_criteria_met_needs_no_justification(household, bridge_builder):
    close(household, bridge_builder)
    household.refresh_from_db()
    assert household.phase == Phase.CLOSED
    assert household.closed_on is not None


def test_closing_with_an_unmet_criterion_needs_a_justification(household, bridge_builder):
    with pytest.raises(ValidationError):
        close(household, bridge_builder, no_longer_asks_for_help=False)
    household.refresh_from_db()
    assert household.phase == Phase.FIRST_CONTACT

    close(household, bridge_builder, no_longer_asks_for_help=False, justification="Flyttet væk")
    household.refresh_from_db()
    assert household.is_closed


def test_derived_children_criterion_cannot_be_ticked_by_hand(household, bridge_builder):
    child = MemberFactory(household=household, birth_year=CHILD_YEAR, relation="child")
    NeedFactory(household=household, member=child, category="daycare", status=Need.Status.BRIDGING)
    with pytest.raises(ValidationError):
        services.household_close(
            closure=Closure(
                household=household,
                practical_in_order=True,
                children_enrolled=True,
                new_local_contact=True,
                no_longer_asks_for_help=True,
            ),
            by=bridge_builder,
        )


def test_closed_case_is_read_only_until_reopened_with_a_reason(client, household, bridge_builder):
    close(household, bridge_builder)
    client.force_login(bridge_builder)

    response = client.post(
        reverse("households:journal_add", args=[household.pk]), {"kind": "home_visit", "note": "x"}
    )
    assert response.status_code == 403

    response = client.post(
        reverse("households:reopen", args=[household.pk]), {"to_phase": Phase.ONGOING, "reason": ""}
    )
    assert response.status_code == 400
    household.refresh_from_db()
    assert household.is_closed

    response = client.post(
        reverse("households:reopen", args=[household.pk]),
        {"to_phase": Phase.ONGOING, "reason": "Familien har brug for hjælp igen"},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.phase == Phase.ONGOING
    assert household.closed_on is None
