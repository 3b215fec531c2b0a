"""Query counts of the case-file pages do not grow with the number of households or entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    AccessLogFactory,
    ActorFactory,
    BridgeFactory,
    ClosureFactory,
    ConsentFactory,
    FollowUpFactory,
    HouseholdFactory,
    HousingOfferFactory,
    JournalEntryFactory,
    LocalContactFactory,
    MemberFactory,
    MoveFactory,
    NeedFactory,
    PhaseChangeFactory,
    SupportOfferFactory,
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
    # The first request of a session also saves the session (three queries more): count a
    # later one, or a query per row could hide in that margin.
    client.get(url)
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
    assert small <= 17  # a fixed budget: one query per section of the page


def add_every_kind_of_record(household, count):
    """Each section of the case page with rows of every shape it shows: the page loads only
    the columns it shows, so a field it reads and did not load would cost a query per row."""
    for _ in range(count):
        member = MemberFactory(household=household, birth_year=2016)
        NeedFactory(household=household, member=member, note="")
        JournalEntryFactory(
            household=household,
            event="referral_accepted",
            event_data={"sender": "Rådgiver", "sections": [["reason", "Flytter"]]},
        )
        JournalEntryFactory(
            household=household, what_changed="Mere ro", next_step="Ring igen", note="Noter"
        )
        PhaseChangeFactory(household=household, event="move_registered")
        PhaseChangeFactory(household=household, note="Tilbage igen")
        ClosureFactory(household=household, assessment="Godt i gang")
        offer = HousingOfferFactory(household=household, decline_reason="rent")
        MoveFactory(household=household, offer=offer)
        support = SupportOfferFactory()
        BridgeFactory(household=household, member=member, support_offer=support)
        BridgeFactory(
            household=household,
            support_offer=support,
            status="requested",
            answer="Vi ringer",
            consent_override="Akut",
        )
        BridgeFactory(household=household, support_offer=support, status="no_contact")
        BridgeFactory(household=household, local_contact=LocalContactFactory(), status="confirmed")
        consent = ConsentFactory(household=household, covers_all_actors=False)
        consent.actors.set([ActorFactory(), ActorFactory(municipality="")])
        FollowUpFactory(household=household, title="", rule="bridge_requested")
        AccessLogFactory(
            action="break_glass",
            household_reference=household.reference,
            detail="Akut opkald",
        )


@pytest.mark.parametrize("role", ["bridge_builder", "manager"])
def test_case_page_query_count_does_not_grow_with_any_kind_of_record(
    client, request, household, django_assert_max_num_queries, role
):
    client.force_login(request.getfixturevalue(role))
    url = reverse("households:detail", args=[household.pk])
    add_every_kind_of_record(household, 1)
    small = count_queries(client, url)
    add_every_kind_of_record(household, 8)
    with django_assert_max_num_queries(small):
        client.get(url)


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


def test_the_case_page_shows_a_closure_and_an_opening_outside_access_only_when_there_are_some(
    client, bridge_builder, household
):
    client.force_login(bridge_builder)
    url = reverse("households:detail", args=[household.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="break-glass"' not in html and "Godt i gang" not in html

    ClosureFactory(household=household, assessment="Godt i gang")
    AccessLogFactory(
        action="break_glass", household_reference=household.reference, detail="Klage fra borger"
    )
    html = client.get(url).content.decode()
    assert "Godt i gang" in html
    assert 'data-testid="break-glass"' in html and "Klage fra borger" in html


def test_the_case_page_lists_each_consent_with_the_actors_it_names(
    client, bridge_builder, household
):
    from datetime import date

    named = ConsentFactory(household=household, covers_all_actors=False, given_on=date(2026, 3, 1))
    named.actors.set([ActorFactory(name="Jobcentret"), ActorFactory(name="Bydelsmødre")])
    ConsentFactory(household=household, given_on=date(2026, 5, 1))
    client.force_login(bridge_builder)

    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()

    every, listed = (
        html.index("1. maj 2026 (skriftligt): alle aktører"),
        html.index("1. marts 2026"),
    )
    assert every < listed  # newest first
    assert "Bydelsmødre (Odense), Jobcentret (Odense)" in html[listed:]
