"""Query counts of the case-file pages do not grow with the number of households or entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    HouseholdFactory,
    HousingOfferFactory,
    JournalEntryFactory,
    MemberFactory,
    NeedFactory,
)


def add_cases(bridge_builder, count):
    for _ in range(count):
        household = HouseholdFactory(bridge_builder=bridge_builder, next_contact_on="2026-01-01")
        MemberFactory(household=household)


def add_history(household, count):
    for _ in range(count):
        JournalEntryFactory(household=household)
        NeedFactory(household=household, member=MemberFactory(household=household))
        HousingOfferFactory(household=household)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["bridge_builder", "manager"])
def test_caseload_query_count_does_not_grow_with_households(
    client, request, bridge_builder, django_assert_max_num_queries, role
):
    client.force_login(request.getfixturevalue(role))
    url = reverse("households:caseload")
    add_cases(bridge_builder, 3)
    search = client.post(url, {"q": "Familien", "overdue": "on"})["Location"]
    small, small_search = count_queries(client, url), count_queries(client, search)
    add_cases(bridge_builder, 30)
    with django_assert_max_num_queries(small):
        client.get(url)
    with django_assert_max_num_queries(small_search):
        client.get(search)


def test_case_page_query_count_does_not_grow_with_history(
    client, bridge_builder, household, django_assert_max_num_queries
):
    client.force_login(bridge_builder)
    url = reverse("households:detail", args=[household.pk])
    add_history(household, 2)
    small = count_queries(client, url)
    add_history(household, 40)
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 22  # a fixed budget: one query per section of the page


def test_whole_timeline_query_count_does_not_grow_with_history(
    client, bridge_builder, household, django_assert_max_num_queries
):
    client.force_login(bridge_builder)
    url = reverse("households:timeline", args=[household.pk])
    add_history(household, 2)
    small = count_queries(client, url)
    add_history(household, 20)
    with django_assert_max_num_queries(small):
        client.get(url)
