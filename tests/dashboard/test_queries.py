"""The dashboard's query count does not grow with the data."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followups.models import FollowUp
from tests.dashboard.conftest import TODAY
from tests.dashboard.datasets import at, bridge
from tests.factories import (
    ActorFactory,
    AreaFactory,
    AreaListStatusFactory,
    ClosureFactory,
    FollowUpFactory,
    HouseholdFactory,
    HousingOfferFactory,
    JournalEntryFactory,
    MoveFactory,
    NeedFactory,
    PhaseChangeFactory,
    ReferralFactory,
    SupportOfferFactory,
    TeamFactory,
    UserFactory,
)

PAGES = [
    reverse("dashboard:index"),
    reverse("dashboard:index")
    + "?period_from=2025-01-01&origin_area={origin}&receiving_area={area}",
    *(
        reverse("dashboard:index") + f"?section={name}&period_from=2025-01-01"
        for name in ("caseload", "flow", "followups", "outcomes", "needs", "areas")
    ),
    reverse("dashboard:index") + "?section=needs&rows=all&receiving_area={area}",
    reverse("dashboard:cases") + "?figure=moved",
    reverse("dashboard:cases") + "?figure=open&phase=6_moving",
    reverse("dashboard:export_figures", args=["xlsx"]),
    reverse("dashboard:export_cases", args=["csv"]) + "?figure=post_move_visit",
    reverse("dashboard:cases") + "?figure=bridges_used&support_offer={offer}",
    reverse("dashboard:cases") + "?figure=pending_requests&actor={actor}&age=8",
    reverse("dashboard:export_cases", args=["xlsx"]) + "?figure=referrals_bridged",
]


def grow(count, start=0):
    """`count` more households touching every section: a bridge-builder of their own (in a
    team of their own), a referral, contacts, a move to an area of their own (on a list), the
    14-day call, an overdue follow-up, a need, an offer, a closure and a reopening; and an
    actor of their own with a support offer, a confirmed bridge and a pending request (of an
    age that moves through the buckets)."""
    moved_on = date(2026, 2, 1)
    for number in range(start, start + count):
        team = TeamFactory(name=f"Team {number}")
        builder = UserFactory(username=f"bb{number}", role="bridge_builder", team=team)
        area = AreaFactory(name=f"Modtager {number}", homes_count=100)
        AreaListStatusFactory(area=area, year=2025, status="vulnerable")
        household = HouseholdFactory(bridge_builder=builder, phase="6_moving", current_rent=4000)
        ReferralFactory(
            status="accepted",
            household=household,
            sent_at=at(date(2026, 1, 1)),
            answered_at=at(date(2026, 1, 3)),
        )
        JournalEntryFactory.create_batch(3, household=household, occurred_on=date(2026, 1, 5))
        offer = HousingOfferFactory(
            household=household, receiving_area=area, status="accepted", answered_on=moved_on
        )
        MoveFactory(household=household, offer=offer, receiving_area=area, moved_on=moved_on)
        FollowUpFactory(
            household=household,
            kind=FollowUp.Kind.POST_MOVE_VISIT,
            trigger_on=moved_on,
            due_on=moved_on + timedelta(days=14),
            status=FollowUp.Status.DONE,
            completed_at=at(moved_on + timedelta(days=10)),
            visit_offered=True,
            visit_answer="accepted",
            visit_on=moved_on + timedelta(days=12),
        )
        FollowUpFactory(household=household, due_on=date(2026, 3, 1))
        NeedFactory(household=household, category="economy", status="met")
        ClosureFactory(household=household, closed_on=date(2026, 1, 10))
        PhaseChangeFactory(household=household, changed_at=at(date(2026, 1, 12)))
        support = SupportOfferFactory(actor=ActorFactory(name=f"Aktør {number}"))
        bridge(household, support, "confirmed", at(date(2026, 1, 20)))
        bridge(household, support, "requested", at(TODAY - timedelta(days=number * 3 % 40)))


@pytest.fixture(autouse=True)
def uncached_figures(settings):
    """Count the queries that compute the figures, not a cache hit."""
    settings.BROBYGNING = {**settings.BROBYGNING, "DASHBOARD_CACHE_SECONDS": 0}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_dashboard_query_count_does_not_grow_with_the_data(
    client, manager, django_assert_max_num_queries, url
):
    client.force_login(manager)
    grow(3)
    # Real ids: on PostgreSQL, ids do not restart at 1 in each test.
    url = url.format(
        origin=HouseholdFactory._meta.model.objects.first().origin_area_id,
        area=AreaFactory._meta.model.objects.filter(name__startswith="Modtager").first().pk,
        offer=SupportOfferFactory._meta.model.objects.first().pk,
        actor=ActorFactory._meta.model.objects.first().pk,
    )
    small = count_queries(client, url)
    grow(25, start=3)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_dashboard_page_stays_within_its_query_budget(client, manager):
    client.force_login(manager)
    grow(5)
    # The first screen: the figures its headlines and three charts need and the headlines'
    # previous period and working-day figures; each section only its own (the whole page
    # in one request was 41).
    index = reverse("dashboard:index")
    assert count_queries(client, index) <= QUERIES["overview"]
    for name, budget in QUERIES.items():
        if name != "overview":
            assert count_queries(client, f"{index}?section={name}") <= budget, name


QUERIES = {
    "overview": 20,
    "caseload": 12,
    "flow": 17,
    "followups": 11,
    "outcomes": 12,
    "needs": 13,
    "areas": 13,
}
