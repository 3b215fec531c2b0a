from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from households import services
from households.events import move_registered
from households.models import HousingOffer, Move, Phase
from tests.factories import AreaFactory, HousingOfferFactory, MemberFactory

TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("old", "new", "flagged"),
    [(5000, 5500, False), (5000, 5501, True), (5000, 4000, False)],
)
def test_rent_increase_above_the_threshold_is_flagged(household, settings, old, new, flagged):
    settings.BROBYGNING = {**settings.BROBYGNING, "RENT_INCREASE_WARNING_PERCENT": 10}
    household.current_rent = Decimal(old)
    offer = HousingOfferFactory(household=household, net_rent=Decimal(new))
    assert offer.rent_change == Decimal(new - old)
    assert offer.rent_increase_flagged is flagged


def test_size_rule_accepts_one_room_more_than_members_or_as_many_as_before(household):
    household.old_rooms = 3
    offer = HousingOfferFactory.build(household=household, rooms=3)
    assert offer.size_suitable(member_count=4)  # same rooms as the old home
    offer.rooms = 2
    assert not offer.size_suitable(member_count=4)
    assert offer.size_suitable(member_count=1)  # one room more than members


def offer_post(**overrides):
    area = AreaFactory(name="Odense Midtby")
    data = {
        "address": "Kongensgade 1",
        "receiving_area": area.pk,
        "housing_organisation": area.housing_organisation.pk,
        "rooms": 3,
        "net_rent": "5000",
        "offered_on": TODAY.isoformat(),
        "answer_deadline": (TODAY + timedelta(days=14)).isoformat(),
        "status": "offered",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("net_rent", "-100"),
        ("answer_deadline", (TODAY - timedelta(days=1)).isoformat()),
        ("rooms", "0"),
    ],
)
def test_offer_form_rejects_bad_input_and_saves_nothing(
    client, household, bridge_builder, field, value
):
    client.force_login(bridge_builder)
    response = client.post(
        reverse("households:offer_add", args=[household.pk]), offer_post(**{field: value})
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not HousingOffer.objects.exists()


def test_warning_when_the_last_offer_allowed_by_local_policy_is_made(
    client, household, bridge_builder
):
    area = AreaFactory(name="Odense Midtby")
    area.housing_organisation.max_offers = 2
    area.housing_organisation.save()
    HousingOfferFactory(household=household, receiving_area=area)
    client.force_login(bridge_builder)
    response = client.post(
        reverse("households:offer_add", args=[household.pk]), offer_post(rooms="0")
    )
    assert response.context["last_offer_warning"] is True


def test_move_before_the_offer_was_accepted_is_rejected(household, bridge_builder):
    offer = HousingOfferFactory(household=household, offered_on=TODAY - timedelta(days=10))
    offer = services.offer_answer(
        offer=offer, status="accepted", answered_on=TODAY - timedelta(days=5), by=bridge_builder
    )
    move = Move(
        household=household,
        offer=offer,
        moved_on=TODAY - timedelta(days=6),
        new_address=offer.address,
        receiving_area=offer.receiving_area,
    )
    with pytest.raises(ValidationError):
        services.move_register(move=move, by=bridge_builder)
    assert not Move.objects.exists()


def test_registering_a_move_moves_the_case_on_and_announces_it(household, bridge_builder):
    received = []

    def receiver(sender, move, **kwargs):
        received.append(move)

    move_registered.connect(receiver)
    try:
        move = services.move_register(
            move=Move(
                household=household,
                moved_on=TODAY,
                new_address="Ny vej 1",
                receiving_area=AreaFactory(name="Bolbro"),
            ),
            by=bridge_builder,
        )
    finally:
        move_registered.disconnect(receiver)
    household.refresh_from_db()
    assert household.phase == Phase.MOVING
    assert household.receiving_area == move.receiving_area
    assert received == [move]


def test_declining_an_offer_needs_a_coded_reason(household, bridge_builder):
    offer = HousingOfferFactory(household=household)
    with pytest.raises(ValidationError):
        services.offer_answer(offer=offer, status="declined", answered_on=TODAY, by=bridge_builder)
    services.offer_answer(
        offer=offer, status="declined", answered_on=TODAY, decline_reason="rent", by=bridge_builder
    )
    offer.refresh_from_db()
    assert offer.status == "declined"


def test_future_birth_year_and_child_interpreter_are_rejected(client, household, bridge_builder):
    client.force_login(bridge_builder)
    url = reverse("households:member_add", args=[household.pk])
    future = client.post(
        url,
        {
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-first_name": "A",
            "members-0-birth_year": TODAY.year + 1,
            "members-0-relation": "child",
        },
    )
    assert "birth_year" in future.context["form"].rows.forms[0].errors
    assert not household.members.exists()
    child = MemberFactory(household=household, birth_year=TODAY.year - 15, relation="child")
    child_interpreter = client.post(
        reverse("households:member_edit", args=[household.pk, child.pk]),
        {
            "first_name": "B",
            "birth_year": TODAY.year - 15,
            "relation": "child",
            "is_interpreter": "on",
            "version": child.version,
        },
    )
    assert "is_interpreter" in child_interpreter.context["form"].errors
    assert (
        "under 18" in str(child_interpreter.context["form"].errors)
        or "under 18" in child_interpreter.content.decode()
    )
    child.refresh_from_db()
    assert not child.is_interpreter


def test_editing_a_case_someone_else_changed_meanwhile_does_not_overwrite(
    client, household, bridge_builder, teammate
):
    url = reverse("households:edit", args=[household.pk])
    data = {
        "display_name": "Mit navn",
        "origin_area": household.origin_area_id,
        "origin_address": household.origin_address,
        "rehousing_kind": "permanent",
        "rehousing_scope": "external",
        "preferred_language": "dansk",
        "version": household.version,
    }
    client.force_login(teammate)
    assert client.post(url, {**data, "display_name": "Kollegaens navn"}).status_code == 302
    client.force_login(bridge_builder)
    response = client.post(url, data)
    assert response.status_code == 400
    household.refresh_from_db()
    assert household.display_name == "Kollegaens navn"
