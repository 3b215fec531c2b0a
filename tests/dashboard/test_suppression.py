"""Counts of 1–4 households are never shown: on the page, in charts or in exports."""

import csv
import io

import pytest
from django.urls import reverse

from brobygning.dashboard.suppression import THRESHOLD, Cell, Median, Share, is_suppressed
from tests.factories import HouseholdFactory


@pytest.mark.parametrize(
    ("count", "shown", "value"),
    [(0, "0", 0), (1, "< 5", None), (4, "< 5", None), (5, "5", 5), (48, "48", 48)],
)
def test_a_count_under_five_is_shown_as_less_than_five(count, shown, value):
    cell = Cell(count)
    assert str(cell) == shown
    assert cell.value == value
    assert cell.suppressed is (value is None)


def test_the_threshold_is_five_households():
    assert THRESHOLD == 5
    assert [is_suppressed(n) for n in range(7)] == [False, True, True, True, True, False, False]


@pytest.mark.parametrize(
    ("part", "whole", "percent"),
    [(42, 48, 87.5), (3, 48, None), (48, 3, None), (0, 48, 0.0), (0, 0, None), (5, 5, 100.0)],
)
def test_a_share_built_on_a_suppressed_count_is_suppressed_too(part, whole, percent):
    share = Share(part, whole)
    assert share.percent == percent
    if share.suppressed:
        assert str(share) == "< 5"
    assert str(Share(0, 0)) == "–"


def test_a_median_of_fewer_than_five_households_is_not_shown():
    assert Median(12.0, 4).shown is None
    assert Median(12.0, 5).shown == 12.0
    assert str(Median(None, 0)) == "–"
    assert "12" not in str(Median(12.0, 4))


def test_the_page_shows_three_open_cases_as_less_than_five(client, manager, bridge_builder):
    HouseholdFactory.create_batch(3, bridge_builder=bridge_builder)
    client.force_login(manager)

    html = client.get(reverse("dashboard:index")).content.decode()

    total = html.split('data-testid="caseload-total"', 1)[1].split("</td>", 1)[0]
    assert "&lt; 5" in total
    assert ">3<" not in total


def test_the_figures_export_shows_three_open_cases_as_less_than_five(
    client, manager, bridge_builder
):
    HouseholdFactory.create_batch(3, bridge_builder=bridge_builder)
    client.force_login(manager)

    response = client.get(reverse("dashboard:export_figures", args=["csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    values = [row[4] for row in rows[1:]]
    assert "< 5" in values
    assert "3" not in values
