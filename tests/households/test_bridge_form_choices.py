"""The bridge form knows the case: the receiving area's offers and contacts first, those
meeting the household's open needs at the top, each naming its actor and area."""

import pytest
from django.urls import reverse

from households.models import Bridge
from tests.factories import (
    ActorFactory,
    AreaFactory,
    HouseholdFactory,
    LocalContactFactory,
    NeedFactory,
    SupportOfferFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(bridge_builder):
    area = AreaFactory(name="Odense Midtby")
    elsewhere = AreaFactory(name="Aarhus Gellerup", municipality="Aarhus")
    household = HouseholdFactory(bridge_builder=bridge_builder, receiving_area=area)
    need = NeedFactory(household=household, category="school")
    actor = ActorFactory(name="Odense Kommune, Skoleafdelingen")
    return {
        "household": household,
        "need": need,
        "school": SupportOfferFactory(
            actor=actor, name="Skoleindskrivning", categories=["school"], areas=[area]
        ),
        "club": SupportOfferFactory(actor=actor, name="Fritidsklub", areas=[area]),
        "far": SupportOfferFactory(name="Lektiecafé Gellerup", areas=[elsewhere]),
        "caretaker": LocalContactFactory(area=area, name="Vicevært Per"),
        "far_contact": LocalContactFactory(area=elsewhere, name="Vicevært Aarhus"),
    }


def choices(response, field):
    return response.context["form"].fields[field].choices


def test_offers_in_the_receiving_area_come_first_and_those_meeting_needs_at_the_top(
    client, bridge_builder, case
):
    client.force_login(bridge_builder)
    response = client.get(reverse("households:bridge_add", args=[case["household"].pk]))
    groups = choices(response, "support_offer")[1:]
    assert [[pk for pk, _label in items] for _group, items in groups] == [
        [case["school"].pk],
        [case["club"].pk],
    ]
    label = groups[0][1][0][1]
    assert "Odense Kommune, Skoleafdelingen" in label and "Odense Midtby" in label
    contacts = [pk for pk, _label in choices(response, "local_contact")[1:]]
    assert contacts == [case["caretaker"].pk]
    assert "Vis alle" in response.content.decode()


def test_show_all_adds_offers_and_contacts_outside_the_area(client, bridge_builder, case):
    client.force_login(bridge_builder)
    url = reverse("households:bridge_add", args=[case["household"].pk]) + "?alle=1"
    response = client.get(url)
    last_group = choices(response, "support_offer")[-1]
    assert [pk for pk, _label in last_group[1]] == [case["far"].pk]
    contacts = {pk for pk, _label in choices(response, "local_contact")[1:]}
    assert contacts == {case["caretaker"].pk, case["far_contact"].pk}


def test_the_households_only_open_need_is_preselected(client, bridge_builder, case):
    client.force_login(bridge_builder)
    response = client.get(reverse("households:bridge_add", args=[case["household"].pk]))
    assert response.context["form"]["need"].value() == case["need"].pk


def test_an_offer_outside_the_area_can_still_be_chosen(client, bridge_builder, case):
    client.force_login(bridge_builder)
    client.post(
        reverse("households:bridge_add", args=[case["household"].pk]),
        {"support_offer": case["far"].pk, "legal_basis": ""},
    )
    assert Bridge.objects.get().support_offer == case["far"]


def test_bridge_form_runs_a_fixed_number_of_queries(
    client, bridge_builder, case, django_assert_max_num_queries
):
    for _ in range(5):
        SupportOfferFactory(categories=["school"])
    client.force_login(bridge_builder)
    with django_assert_max_num_queries(30):
        client.get(reverse("households:bridge_add", args=[case["household"].pk]))
