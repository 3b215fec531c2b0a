"""The benchmark's signed-in floor (bench/urls.py) and the query budget of the last key page
without one, my tasks: the pages bench/pages.py compares and counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import FollowUpFactory, HouseholdFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


def test_the_floor_renders_the_signed_in_layout_and_nothing_else(
    bench_urls, client, bridge_builder
):
    client.force_login(bridge_builder)
    client.get("/bench/floor/")  # the session is written on the first request
    floor, response = count_queries(client, "/bench/floor/")
    html = response.content.decode()
    assert '<main id="main"' in html
    assert reverse("households:caseload") in html  # the navigation is there
    # What every signed-in page pays: session, user, role groups, unread notifications.
    home, _ = count_queries(client, reverse("home"))
    assert floor < home
    assert floor <= 6


def test_the_floor_is_not_an_app_page(client, bridge_builder):
    client.force_login(bridge_builder)
    assert client.get("/bench/floor/").status_code == 404


def test_my_tasks_query_count_does_not_grow_with_follow_ups(
    client, bridge_builder, django_assert_max_num_queries
):
    client.force_login(bridge_builder)
    url = reverse("followups:tasks")
    for _ in range(2):
        FollowUpFactory(household=HouseholdFactory(bridge_builder=bridge_builder))
    small, _ = count_queries(client, url)
    for _ in range(30):
        FollowUpFactory(household=HouseholdFactory(bridge_builder=bridge_builder))
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 11
