"""The directory of support offers: search, need and area filters, bad filter input."""

import pytest
from django.urls import reverse

from tests.factories import ActorFactory, AgreementFactory, AreaFactory, SupportOfferFactory


@pytest.fixture
def odense(db):
    return {
        "midtby": AreaFactory(name="Odense Midtby", municipality="Odense"),
        "bolbro": AreaFactory(name="Bolbro", municipality="Odense"),
        "hasle": AreaFactory(name="Hasle", municipality="Aarhus"),
    }


def listed(client, **params):
    """The offers the directory lists after its filter form is submitted (a POST that
    redirects to the list, see brobygning.core.search)."""
    response = client.post(reverse("actors:directory"), params, follow=True)
    assert response.status_code == 200
    names = [offer.name for offer in response.context["page"].object_list]
    assert len(names) == len(set(names)) == response.context["page"].paginator.count
    return set(names)


def test_search_matches_offer_name_description_target_group_and_actor(client, bridge_builder):
    client.force_login(bridge_builder)
    SupportOfferFactory(name="Lektiecafé", actor=ActorFactory(name="Røde Kors Odense"))
    SupportOfferFactory(name="Mentor", description="Hjælp til JOBsøgning")
    SupportOfferFactory(name="Klub", target_group="Unge 13-17 år")
    SupportOfferFactory(name="Gældsrådgivning")

    assert listed(client, q="lektie") == {"Lektiecafé"}
    assert listed(client, q="røde kors") == {"Lektiecafé"}
    assert listed(client, q="jobsøgning") == {"Mentor"}
    assert listed(client, q="13-17") == {"Klub"}
    assert len(listed(client)) == 4


def test_need_filter_returns_only_offers_meeting_that_need(client, bridge_builder):
    client.force_login(bridge_builder)
    SupportOfferFactory(name="Pladsanvisning", categories=["daycare"])
    SupportOfferFactory(name="Støtte til pc og møbler", categories=["digital", "furniture"])
    SupportOfferFactory(name="Lektiecafé", categories=["school"])

    assert listed(client, need="daycare") == {"Pladsanvisning"}
    assert listed(client, need="furniture") == {"Støtte til pc og møbler"}
    assert listed(client, need="health") == set()


def test_area_filter_includes_offers_naming_the_area_or_covering_its_municipality(
    client, bridge_builder, odense
):
    client.force_login(bridge_builder)
    odense_actor = ActorFactory(municipality="Odense")
    SupportOfferFactory(name="Midtby-klub", actor=odense_actor, areas=[odense["midtby"]])
    SupportOfferFactory(name="Bolbro-klub", actor=odense_actor, areas=[odense["bolbro"]])
    SupportOfferFactory(name="Hele Odense", actor=odense_actor)
    SupportOfferFactory(name="Hele landet", actor=ActorFactory(municipality=""))
    SupportOfferFactory(name="Hele Aarhus", actor=ActorFactory(municipality="Aarhus"))
    SupportOfferFactory(
        name="Midtby og Bolbro", actor=odense_actor, areas=[odense["midtby"], odense["bolbro"]]
    )

    assert listed(client, area=odense["midtby"].pk) == {
        "Midtby-klub",
        "Hele Odense",
        "Hele landet",
        "Midtby og Bolbro",
    }
    assert listed(client, area=odense["hasle"].pk) == {"Hele landet", "Hele Aarhus"}


def test_need_area_and_text_filters_combine(client, bridge_builder, odense):
    client.force_login(bridge_builder)
    actor = ActorFactory(municipality="Odense")
    SupportOfferFactory(
        name="Fritidsvejleder", actor=actor, categories=["leisure"], areas=[odense["midtby"]]
    )
    SupportOfferFactory(
        name="Fritidsjob", actor=actor, categories=["employment"], areas=[odense["midtby"]]
    )
    SupportOfferFactory(name="Fritid i Bolbro", categories=["leisure"], areas=[odense["bolbro"]])

    assert listed(client, q="fritid", need="leisure", area=odense["midtby"].pk) == {
        "Fritidsvejleder"
    }


def test_inactive_offers_and_offers_of_inactive_actors_are_not_listed(client, bridge_builder):
    client.force_login(bridge_builder)
    SupportOfferFactory(name="Aktivt")
    SupportOfferFactory(name="Lukket", is_active=False)
    SupportOfferFactory(name="Nedlagt aktør", actor=ActorFactory(is_active=False))

    assert listed(client) == {"Aktivt"}


def test_an_offer_with_an_agreement_carries_the_agreement_badge(client, bridge_builder):
    client.force_login(bridge_builder)
    agreement = AgreementFactory(title="Hurtig pladsanvisning til genhusede børn")
    with_agreement = SupportOfferFactory(actor=agreement.actor, agreement=agreement)
    without = SupportOfferFactory()

    html = client.get(reverse("actors:directory")).content.decode()
    item_with = html.split(f'data-testid="offer-{with_agreement.pk}"')[1].split("</li>")[0]
    item_without = html.split(f'data-testid="offer-{without.pk}"')[1].split("</li>")[0]
    assert 'data-testid="agreement-badge"' in item_with
    assert 'data-testid="agreement-badge"' not in item_without


def test_directory_is_paginated_by_25(client, bridge_builder):
    client.force_login(bridge_builder)
    for _ in range(30):
        SupportOfferFactory()
    first = client.get(reverse("actors:directory"))
    second = client.get(reverse("actors:directory"), {"side": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize(
    ("params", "bad_field"),
    [
        ({"area": "abc"}, "area"),
        ({"area": "999999"}, "area"),
        ({"area": "1 OR 1=1"}, "area"),
        ({"need": "not-a-need"}, "need"),
        ({"need": ["daycare", "school"]}, None),  # repeated: the last value is used
        ({"q": "x" * 500}, "q"),
    ],
)
def test_garbage_filter_values_give_400_with_errors_not_a_crash(
    client, bridge_builder, params, bad_field
):
    client.force_login(bridge_builder)
    SupportOfferFactory(name="Lektiecafé", categories=["school"])
    response = client.post(reverse("actors:directory"), params, follow=True)
    if bad_field is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert bad_field in response.context["form"].errors


def test_valid_filters_still_apply_next_to_a_bad_one(client, bridge_builder):
    client.force_login(bridge_builder)
    SupportOfferFactory(name="Lektiecafé", categories=["school"])
    SupportOfferFactory(name="Pladsanvisning", categories=["daycare"])
    response = client.get(reverse("actors:directory"), {"need": "school", "area": "abc"})
    assert response.status_code == 400
    assert [o.name for o in response.context["page"].object_list] == ["Lektiecafé"]


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5"])
def test_a_garbage_page_number_shows_a_page_rather_than_an_error(client, bridge_builder, page):
    client.force_login(bridge_builder)
    SupportOfferFactory()
    assert client.get(reverse("actors:directory"), {"side": page}).status_code == 200
