"""Each role's start page runs the same number of queries with few and with many items in
its queues (a page's cost must not grow with the data)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brobygning.core.roles import Role
from tests.start.conftest import fill_queues


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", list(Role))
def test_start_page_query_count_does_not_grow_with_the_queues(
    client,
    user_for_role,
    bridge_builder,
    rehousing_consultant,
    actor,
    django_assert_max_num_queries,
    role,
):
    client.force_login(user_for_role(role))
    fill = {
        "bridge_builder": bridge_builder,
        "rehousing_consultant": rehousing_consultant,
        "actor": actor,
    }
    fill_queues(2, **fill)
    small = count_queries(client)
    fill_queues(12, **fill)
    with django_assert_max_num_queries(small):
        client.get(reverse("home"))
    assert small <= 25
