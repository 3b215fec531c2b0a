"""Query counts of the directory pages do not grow with the number of offers, actors or
contacts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    AgreementFactory,
    AreaCriterionValueFactory,
    AreaFactory,
    AreaListStatusFactory,
    ContactPersonFactory,
    LocalContactFactory,
    SupportOfferFactory,
)


def add_offers(area, count):
    for _ in range(count):
        agreement = AgreementFactory()
        SupportOfferFactory(
            actor=agreement.actor,
            agreement=agreement,
            categories=["daycare", "school"],
            areas=[area, AreaFactory()],
        )
        ContactPersonFactory(actor=agreement.actor)


def add_area_data(area, count):
    for _ in range(count):
        LocalContactFactory(area=area)
        status = AreaListStatusFactory(area=area)
        for criterion in ("outside_work_education", "convictions_ratio", "income_ratio"):
            AreaCriterionValueFactory(area=area, year=status.year, criterion=criterion)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["bridge_builder", "manager"])
def test_directory_query_count_does_not_grow_with_offers(
    client, request, django_assert_max_num_queries, role
):
    client.force_login(request.getfixturevalue(role))
    area = AreaFactory(name="Odense Midtby")
    url = reverse("actors:directory")
    filtered = f"{url}?q=tilbud&need=daycare&area={area.pk}"
    add_offers(area, 2)
    small, small_filtered = count_queries(client, url), count_queries(client, filtered)
    add_offers(area, 30)
    with django_assert_max_num_queries(small):
        client.get(url)
    with django_assert_max_num_queries(small_filtered):
        client.get(filtered)
    assert small <= 15


def test_actor_list_query_count_does_not_grow_with_actors(
    client, bridge_builder, django_assert_max_num_queries
):
    client.force_login(bridge_builder)
    area = AreaFactory(name="Bolbro")
    url = reverse("actors:actor_list")
    add_offers(area, 2)
    small, small_search = count_queries(client, url), count_queries(client, f"{url}?q=Aktør")
    add_offers(area, 30)
    for _ in range(5):
        ActorFactory()
    with django_assert_max_num_queries(small):
        client.get(url)
    with django_assert_max_num_queries(small_search):
        client.get(f"{url}?q=Aktør")


def test_actor_page_query_count_does_not_grow_with_offers_and_contacts(
    client, bridge_builder, django_assert_max_num_queries
):
    client.force_login(bridge_builder)
    actor = ActorFactory()
    url = reverse("actors:actor_detail", args=[actor.pk])

    def grow(count):
        for _ in range(count):
            SupportOfferFactory(actor=actor, categories=["leisure"], areas=[AreaFactory()])
            ContactPersonFactory(actor=actor)
            AgreementFactory(actor=actor)

    grow(1)
    small = count_queries(client, url)
    grow(20)
    with django_assert_max_num_queries(small):
        client.get(url)


def test_area_page_query_count_does_not_grow_with_contacts_and_statistics(
    client, bridge_builder, django_assert_max_num_queries
):
    client.force_login(bridge_builder)
    area = AreaFactory(name="Hasle", municipality="Aarhus")
    url = reverse("actors:area_detail", args=[area.pk])
    add_area_data(area, 1)
    small = count_queries(client, url)
    add_area_data(area, 6)
    add_offers(area, 10)
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 15


def test_area_list_query_count_does_not_grow_with_areas(
    client, bridge_builder, django_assert_max_num_queries
):
    client.force_login(bridge_builder)
    url = reverse("actors:area_list")
    add_area_data(AreaFactory(), 2)
    small = count_queries(client, url)
    for _ in range(20):
        add_area_data(AreaFactory(), 2)
    with django_assert_max_num_queries(small):
        client.get(url)


def test_offer_page_query_count_does_not_grow_with_areas_and_needs(
    client, bridge_builder, django_assert_max_num_queries
):
    client.force_login(bridge_builder)
    offer = SupportOfferFactory(categories=["daycare"], areas=[AreaFactory()])
    url = reverse("actors:offer_detail", args=[offer.pk])
    small = count_queries(client, url)
    offer.areas.add(*[AreaFactory() for _ in range(10)])
    for category in ("school", "leisure", "economy", "digital"):
        offer.categories.create(category=category)
    with django_assert_max_num_queries(small):
        client.get(url)
