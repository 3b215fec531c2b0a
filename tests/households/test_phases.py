import pytest
from django.core.exceptions import ValidationError

from households import services
from households.models import HousingOffer, JournalEntry, Phase, PhaseChange
from households.phases import suggest_next_phase
from tests.factories import HousingOfferFactory, JournalEntryFactory


def test_moving_one_phase_forward_records_who_when_from_and_to(household, bridge_builder):
    services.phase_change(household=household, to_phase=Phase.OPTIONS, by=bridge_builder)

    household.refresh_from_db()
    change = PhaseChange.objects.get(household=household)
    assert household.phase == Phase.OPTIONS
    assert (change.from_phase, change.to_phase, change.changed_by) == (
        Phase.FIRST_CONTACT,
        Phase.OPTIONS,
        bridge_builder,
    )


@pytest.mark.parametrize(
    ("start", "target"),
    [(Phase.BRIDGING, Phase.OPTIONS), (Phase.FIRST_CONTACT, Phase.HOUSING_OFFER)],
    ids=["back", "skip"],
)
def test_going_back_or_skipping_phases_needs_a_reason(household, bridge_builder, start, target):
    household.phase = start
    household.save()

    with pytest.raises(ValidationError):
        services.phase_change(household=household, to_phase=target, by=bridge_builder, note=" ")
    household.refresh_from_db()
    assert household.phase == start
    assert not PhaseChange.objects.exists()

    services.phase_change(household=household, to_phase=target, by=bridge_builder, note="Aftalt")
    household.refresh_from_db()
    assert household.phase == target


def test_closing_is_not_a_plain_phase_change(household, bridge_builder):
    with pytest.raises(ValidationError):
        services.phase_change(household=household, to_phase=Phase.CLOSED, by=bridge_builder)


def test_a_phase_change_based_on_a_stale_page_is_refused(household, bridge_builder):
    services.phase_change(household=household, to_phase=Phase.OPTIONS, by=bridge_builder)
    with pytest.raises(ValidationError):
        services.phase_change(
            household=household,
            to_phase=Phase.TASKS,
            by=bridge_builder,
            expected_phase=Phase.FIRST_CONTACT,
        )


def test_next_phase_is_suggested_not_applied(household):
    assert suggest_next_phase(household) == Phase.OPTIONS
    household.refresh_from_db()
    assert household.phase == Phase.FIRST_CONTACT


def test_accepted_offer_suggests_registering_the_move_instead(household):
    household.phase = Phase.HOUSING_OFFER
    household.save()
    HousingOfferFactory(household=household, status=HousingOffer.Status.ACCEPTED)
    assert suggest_next_phase(household) is None


def test_follow_up_visit_after_move_suggests_ongoing_contact(household):
    household.phase = Phase.MOVING
    household.save()
    assert suggest_next_phase(household) == Phase.POST_MOVE_VISIT
    JournalEntryFactory(household=household, kind=JournalEntry.Kind.FOLLOW_UP_VISIT)
    assert suggest_next_phase(household) == Phase.ONGOING


def test_new_case_gets_a_readable_reference_and_starts_in_phase_one(bridge_builder):
    from households.models import Household
    from tests.factories import AreaFactory

    area = AreaFactory(name="Gellerup")
    first = services.household_create(
        household=Household(
            display_name="A", origin_area=area, origin_address="x", bridge_builder=bridge_builder
        ),
        by=bridge_builder,
    )
    second = services.household_create(
        household=Household(display_name="B", origin_area=area, origin_address="y"),
        by=bridge_builder,
    )
    year = first.opened_on.year
    assert first.reference == f"H-{year}-0001"
    assert second.reference == f"H-{year}-0002"
    assert first.phase == Phase.FIRST_CONTACT
    assert first.team == bridge_builder.team
    assert PhaseChange.objects.filter(household=first, to_phase=Phase.FIRST_CONTACT).exists()
