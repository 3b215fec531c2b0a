"""The housing offer's § 86 size check and rent change: one function, shown while typing
(htmx), after saving and on the form."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from households.models import HousingOffer
from households.offer_checks import offer_checks, offer_warnings
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.test_offers_and_moves import offer_post

pytestmark = pytest.mark.django_db


def five_persons(household):
    MemberFactory.create_batch(5, household=household)
    return household


def test_five_persons_in_two_rooms_fails_the_size_check_in_danish(household):
    household.old_rooms = None
    offer = HousingOffer(household=household, rooms=2, net_rent=Decimal(5000))
    with translation.override("da"):
        [size, _rent] = offer_checks(offer, member_count=5)
    assert not size.ok
    assert "5 personer i 2 værelser" in size.message


def test_rent_change_is_given_against_the_old_rent_with_thousands_separator(household, settings):
    settings.BROBYGNING = {**settings.BROBYGNING, "RENT_INCREASE_WARNING_PERCENT": 10}
    household.current_rent = Decimal(5000)
    offer = HousingOffer(household=household, rooms=6, net_rent=Decimal(6200))
    with translation.override("da"):
        [_size, rent] = offer_checks(offer, member_count=2)
    assert not rent.ok
    assert "+1.200 kr. (+24,0 %)" in rent.message
    assert "5.000 kr." in rent.message


def test_only_failing_checks_are_warnings(household):
    offer = HousingOffer(household=household, rooms=6, net_rent=Decimal(5000))
    assert offer_warnings(offer, member_count=2) == []


def test_live_check_renders_the_same_warning_as_typed(client, bridge_builder):
    household = five_persons(HouseholdFactory(bridge_builder=bridge_builder, old_rooms=None))
    client.force_login(bridge_builder)
    response = client.post(
        reverse("households:offer_check", args=[household.pk]), {"rooms": "2", "net_rent": ""}
    )
    assert response.status_code == 200
    assert "5 personer i 2 værelser" in response.content.decode()
    assert b"<html" not in response.content  # a partial for htmx


def test_live_check_with_nonsense_input_shows_the_hint_not_an_error(client, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    client.force_login(bridge_builder)
    response = client.post(
        reverse("households:offer_check", args=[household.pk]), {"rooms": "x", "net_rent": "-"}
    )
    assert response.status_code == 200
    assert "Udfyld værelser og husleje" in response.content.decode()


def test_live_check_of_another_teams_case_is_not_found(client, other_bridge_builder, household):
    client.force_login(other_bridge_builder)
    response = client.post(reverse("households:offer_check", args=[household.pk]), {"rooms": 2})
    assert response.status_code == 404


def test_live_check_refuses_get(client, bridge_builder, household):
    client.force_login(bridge_builder)
    response = client.get(reverse("households:offer_check", args=[household.pk]))
    assert response.status_code == 405


def test_saving_a_too_small_offer_warns_with_the_same_message(client, bridge_builder):
    household = five_persons(HouseholdFactory(bridge_builder=bridge_builder, old_rooms=None))
    client.force_login(bridge_builder)
    response = client.post(
        reverse("households:offer_add", args=[household.pk]), offer_post(rooms="2"), follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("5 personer i 2 værelser" in m for m in shown)


def test_offer_form_shows_the_checks_of_the_offer_being_edited(client, bridge_builder):
    household = five_persons(HouseholdFactory(bridge_builder=bridge_builder, old_rooms=None))
    client.force_login(bridge_builder)
    client.post(reverse("households:offer_add", args=[household.pk]), offer_post(rooms="2"))
    offer = HousingOffer.objects.get()
    response = client.get(reverse("households:offer_edit", args=[household.pk, offer.pk]))
    check_url = reverse("households:offer_check", args=[household.pk])
    assert f'hx-post="{check_url}"' in response.content.decode()
    assert "5 personer i 2 værelser" in response.content.decode()


def test_live_check_runs_a_fixed_number_of_queries(
    client, bridge_builder, django_assert_max_num_queries
):
    household = five_persons(HouseholdFactory(bridge_builder=bridge_builder))
    client.force_login(bridge_builder)
    url = reverse("households:offer_check", args=[household.pk])
    with django_assert_max_num_queries(11):
        client.post(url, {"rooms": "2", "net_rent": "6000"})
    MemberFactory.create_batch(10, household=household)
    with django_assert_max_num_queries(11):
        client.post(url, {"rooms": "2", "net_rent": "6000"})
