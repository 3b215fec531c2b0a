from datetime import date, timedelta

import pytest
from django.urls import reverse

from actors.models import AreaCriterionValue, AreaListStatus, CriterionThreshold
from households.monitor import monitor
from tests.factories import AreaFactory, HouseholdFactory, MemberFactory, MoveFactory

TODAY = date(2026, 11, 15)


@pytest.fixture
def area(db):
    return AreaFactory(name="Hasle", is_receiving_area=True, homes_count=100)


def arrive(area, count, moved_on, members=2):
    for _ in range(count):
        household = HouseholdFactory()
        for _member in range(members):
            MemberFactory(household=household)
        MoveFactory(household=household, receiving_area=area, moved_on=moved_on)


def row_for(area):
    _quarters, rows = monitor(today=TODAY, areas=[area])
    return rows[0]


def test_arrivals_are_counted_per_quarter_with_persons(area):
    arrive(area, 6, date(2026, 10, 5))
    arrive(area, 2, date(2026, 7, 1))
    row = row_for(area)
    assert row.quarters[date(2026, 10, 1)] == (6, 12)
    assert row.quarters[date(2026, 7, 1)] == (2, 4)
    assert row.last_year_households == 8


def test_inflow_above_the_local_policy_share_warns(area, settings):
    settings.BROBYGNING = {**settings.BROBYGNING, "MONITOR_INFLOW_SHARE_PERCENT": 5}
    arrive(area, 5, date(2026, 10, 5))
    assert row_for(area).warnings == []
    arrive(area, 1, date(2026, 10, 6))
    row = row_for(area)
    assert row.inflow_share == 6
    assert len(row.warnings) == 1


def test_an_area_on_a_list_that_receives_households_warns(area):
    AreaListStatus.objects.create(area=area, year=2025, status="prevention")
    assert row_for(area).warnings == []
    arrive(area, 1, date(2026, 9, 1))
    assert len(row_for(area).warnings) == 1


def test_a_criterion_within_the_margin_of_its_threshold_warns(area, settings):
    settings.BROBYGNING = {**settings.BROBYGNING, "MONITOR_MARGIN_PERCENT": 10}
    CriterionThreshold.objects.create(
        criterion="outside_work_education", list_status="vulnerable", value=40, valid_from=2021
    )
    CriterionThreshold.objects.create(
        criterion="income_ratio", list_status="vulnerable", value=55, valid_from=2021
    )
    AreaCriterionValue.objects.create(
        area=area, year=2025, criterion="outside_work_education", value=35
    )
    AreaCriterionValue.objects.create(area=area, year=2025, criterion="income_ratio", value=70)
    assert row_for(area).warnings == []
    AreaCriterionValue.objects.filter(criterion="outside_work_education").update(value=37)
    AreaCriterionValue.objects.filter(criterion="income_ratio").update(value=60)
    assert len(row_for(area).warnings) == 2


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("administrator", 200),
        ("bridge_builder", 403),
        ("actor_contact", 403),
        ("rehousing_consultant", 403),
    ],
)
def test_only_managers_see_the_monitor(client, request, role, status, area):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("monitor:receiving_areas")).status_code == status


def test_small_counts_are_suppressed_on_the_page(client, manager, area):
    arrive(area, 3, date.today() - timedelta(days=10))
    client.force_login(manager)
    html = client.get(reverse("monitor:receiving_areas")).content.decode()
    assert "&lt; 5" in html


def test_an_area_with_no_moves_shows_zero_not_a_small_cell(client, manager, area):
    client.force_login(manager)
    response = client.get(reverse("monitor:receiving_areas"))
    cells = [str(cell) for cell, _persons in response.context["table"][0]["quarters"]]
    assert cells == ["0"] * len(cells)
    assert str(response.context["table"][0]["last_year"]) == "0"
    assert "&lt; 5" not in response.content.decode().split("<table", 1)[1]


def test_monitor_query_count_does_not_grow_with_moves(
    client, manager, area, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager)
    arrive(area, 2, date.today() - timedelta(days=5), members=1)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("monitor:receiving_areas"))
    other = AreaFactory(name="Trige", is_receiving_area=True)
    arrive(area, 10, date.today() - timedelta(days=40), members=1)
    arrive(other, 10, date.today() - timedelta(days=100), members=1)
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("monitor:receiving_areas"))


def test_a_bridge_builder_registering_a_move_into_a_flagged_area_is_warned(
    client, bridge_builder, household, area
):
    AreaListStatus.objects.create(area=area, year=2025, status="vulnerable")
    arrive(area, 1, date.today() - timedelta(days=30))
    client.force_login(bridge_builder)
    response = client.post(
        reverse("households:move", args=[household.pk]),
        {
            "moved_on": date.today().isoformat(),
            "new_address": "Ny vej 2",
            "receiving_area": area.pk,
        },
        follow=True,
    )
    assert any(m.level_tag == "warning" for m in response.context["messages"])


# --- The one receiving-area rule (households.monitor.receiving_warning) ------------------


@pytest.mark.parametrize(
    ("households", "homes", "status", "days", "warns"),
    [
        (0, 100, "vulnerable", 365, False),  # nobody moved in: nothing to warn about
        (3, 100, "", 365, False),  # exactly the 3 % limit is not above it
        (4, 100, "", 365, True),  # 4 % of the homes in a year
        (4, None, "", 365, False),  # homes not recorded: only the list can mark it
        (1, 1000, "prevention", 365, True),  # listed and receiving
        (1, 1000, "none", 365, False),  # "not on a list" is not listed
        (2, 100, "", 182, True),  # 2 in half a year is 4 % a year
        (2, 100, "", 365, False),
    ],
)
def test_one_rule_marks_a_receiving_area(settings, households, homes, status, days, warns):
    from households.monitor import receiving_warning

    settings.BROBYGNING = {**settings.BROBYGNING, "MONITOR_INFLOW_SHARE_PERCENT": 3}
    assert receiving_warning(households, homes, status, days) is warns


def test_zero_arrivals_is_a_share_of_zero_not_a_hidden_cell(client, manager, area):
    assert row_for(area).inflow_share == 0
    client.force_login(manager)
    item = client.get(reverse("monitor:receiving_areas")).context["table"][0]
    assert item["inflow_share"] == 0
    assert item["warnings"] == []


def test_a_hidden_count_hides_the_share_and_the_share_in_the_warning(client, manager, db):
    small = AreaFactory(name="Gellerup", is_receiving_area=True, homes_count=50)
    arrive(small, 2, date.today() - timedelta(days=10))  # 4 % of 50 homes, but only 2
    assert monitor(areas=[small])[1][0].inflow_share == 4
    client.force_login(manager)
    item = client.get(reverse("monitor:receiving_areas")).context["table"][0]
    assert item["inflow_share"] is None
    assert len(item["warnings"]) == 1
    assert "4.0" not in item["warnings"][0] and "4,0" not in item["warnings"][0]


def test_the_dashboard_marks_areas_by_the_monitors_rule(manager, settings, area):
    from brobygning.dashboard import selectors
    from brobygning.dashboard.forms import Filters

    settings.BROBYGNING = {**settings.BROBYGNING, "MONITOR_INFLOW_SHARE_PERCENT": 3}
    arrive(area, 3, date(2026, 10, 5))
    period = Filters(date_from=date(2025, 11, 16), date_to=TODAY)
    rows = selectors.receiving_areas(period, TODAY)["rows"]
    assert [row.warning for row in rows if row.area == area] == [False]  # 3 % of 100 homes
    arrive(area, 1, date(2026, 10, 6))
    rows = selectors.receiving_areas(period, TODAY)["rows"]
    assert [row.warning for row in rows if row.area == area] == [True]
    assert row_for(area).warnings  # and the monitor says the same
