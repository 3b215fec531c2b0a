"""Exact counts on the manager's own screen; counts of 1–4 hidden — primary and secondary —
only where figures leave the team (the exports for sharing)."""

import csv
import io
from collections import ChainMap
from datetime import date
from urllib.parse import urlencode

import pytest
from django.template import engines
from django.urls import reverse

from brobygning.core.suppression import (
    THRESHOLD,
    Cell,
    Median,
    Share,
    is_suppressed,
    link_query,
    shared_text,
    suppress_cells,
    suppress_table,
)
from brobygning.dashboard.forms import Filters
from households.models import Phase
from tests.factories import HouseholdFactory


def test_the_threshold_is_five_households_and_zero_is_not_a_small_cell():
    assert THRESHOLD == 5
    assert [is_suppressed(n) for n in range(7)] == [False, True, True, True, True, False, False]
    assert [shared_text(n) for n in (0, 1, 4, 5)] == [0, "< 5", "< 5", 5]


def test_primary_suppression_hides_every_count_of_one_to_four():
    mask, total_hidden = suppress_cells([20, 3, 0, 4, 9], 36)

    assert mask == [False, True, False, True, False]  # 3 + 4 = 7: cannot be split back
    assert not total_hidden


def test_secondary_suppression_hides_the_next_smallest_cell_when_one_could_be_worked_out():
    # 42 of 48 accepted, 3 declined, 3 no answer shown would give 48 − 42 − … back.
    mask, total_hidden = suppress_cells([42, 3, 12], 57)

    assert mask == [False, True, True]  # 57 − 42 = 15 = hidden 3 + 12: neither is known
    assert not total_hidden


def test_secondary_suppression_goes_on_while_the_hidden_cells_sum_to_under_five():
    # 1 and 1 hidden with a total: the two hidden add up to 2, so each is 1.
    mask, _total = suppress_cells([1, 1, 20, 30])

    assert mask == [True, True, True, False]


def test_a_lone_small_cell_with_nothing_left_to_hide_hides_the_total():
    mask, total_hidden = suppress_cells([3, 0, 0], 3)

    assert mask == [True, False, False]
    assert total_hidden


def test_a_group_without_small_cells_is_shown_whole():
    assert suppress_cells([0, 5, 17]) == ([False, False, False], False)


def test_a_cross_table_is_protected_along_rows_and_columns():
    table = [
        [10, 2, 8],
        [7, 9, 6],
        [5, 11, 12],
    ]

    mask = suppress_table(table)

    assert mask[0][1]  # primary
    for r, row in enumerate(mask):  # no row nor column has a single hidden cell
        assert sum(row) != 1, r
    for c in range(3):
        assert sum(row[c] for row in mask) != 1, c


def test_the_managers_figures_are_exact():
    assert str(Cell(3)) == "3"
    assert Cell(3).value == 3
    assert Cell(3).small
    assert Share(3, 48).percent == 6.2
    assert Median(12.0, 4).shown == 12.0


def test_the_managers_page_shows_three_open_cases_as_three(client, manager, bridge_builder):
    HouseholdFactory.create_batch(3, bridge_builder=bridge_builder)
    client.force_login(manager)

    html = client.get(reverse("dashboard:index"), {"section": "caseload"}).content.decode()

    total = html.split('data-testid="caseload-total"', 1)[1].split("</td>", 1)[0]
    assert ">3<" in total
    assert "&lt; 5" not in total


def export_values(response):
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return {(row[1], row[2], row[3]): row[4] for row in rows[1:]}


def test_the_export_for_sharing_hides_three_open_cases_and_the_exact_export_does_not(
    client, manager, bridge_builder
):
    HouseholdFactory.create_batch(3, bridge_builder=bridge_builder)
    client.force_login(manager)

    shared = export_values(client.get(reverse("dashboard:export_shared_figures", args=["csv"])))
    exact = export_values(client.get(reverse("dashboard:export_figures", args=["csv"])))

    assert shared[("Åbne sager", "", "antal")] == "< 5"
    assert exact[("Åbne sager", "", "antal")] == "3"


def test_the_export_for_sharing_hides_a_second_phase_so_the_total_gives_nothing_back(
    client, manager, bridge_builder
):
    HouseholdFactory.create_batch(3, bridge_builder=bridge_builder, phase=Phase.FIRST_CONTACT)
    HouseholdFactory.create_batch(7, bridge_builder=bridge_builder, phase=Phase.MOVING)
    client.force_login(manager)

    shared = export_values(client.get(reverse("dashboard:export_shared_figures", args=["csv"])))

    phases = {key[1]: value for key, value in shared.items() if key[0] == "Åbne sager pr. fase"}
    assert sorted(phases.values()) == ["0"] * 6 + ["< 5", "< 5"]
    assert shared[("Åbne sager", "", "antal")] == "10"


@pytest.mark.parametrize("name", ["export_figures", "export_shared_figures"])
def test_the_dashboard_names_which_export_is_for_sharing(client, manager, name):
    client.force_login(manager)

    html = client.get(reverse("dashboard:index")).content.decode()

    assert reverse(f"dashboard:{name}", args=["csv"]) in html
    assert "Til deling uden for teamet" in html
    # A printout of the page is marked as not for sharing (the print stylesheet shows it).
    assert 'data-testid="print-notice"' in html


@pytest.mark.parametrize(
    "own",
    [
        {"figure": "needs", "category": "housing", "met": True},
        {"figure": "moved", "receiving_area": 9},  # a matrix cell names its own area
        {},
        # Pairs are encoded once and reused: 1 and True stay apart, text is quoted.
        {"figure": "open", "bridge_builder": 1, "unassigned": True, "phase": "møde & plan"},
        {"figure": "open", "bridge_builder": True, "unassigned": 1},
        {"figure": "open", "ids": [1, 2]},  # unhashable: encoded as urlencode does
    ],
)
def test_a_figure_link_encodes_as_the_whole_query_whether_the_filters_are_reused_or_not(own):
    filters = Filters(date(2025, 1, 1), date(2025, 12, 31))
    whole = {
        name: "on" if value is True else value
        for name, value in ChainMap(own, filters._query).items()
    }
    for _ in range(2):  # the second time from the filters' query encoded once
        assert link_query(filters.link(own)) == urlencode(whole)


def test_a_rows_linked_cells_render_as_the_loop_over_its_figures_does():
    filters = Filters(date(2025, 1, 1), date(2025, 12, 31))
    values = [
        Cell(3, filters.link({"figure": "open", "phase": "møde & plan", "bridge_builder": 7})),
        Cell(0, filters.link({"figure": "open", "unassigned": True})),
        Cell(12),  # no link: shown as text
        Share(1, 8, filters.link({"figure": "closed"})),
        Share(0, 0),
        None,  # an empty cell
    ]
    engine = engines["django"]
    loop = engine.from_string(
        '{% for value in values %}<td class="text-end">{{ value.linked }}</td>{% endfor %}'
    )
    tag = engine.from_string("{% load cells %}{% linked_cells values %}")
    for shown in (values, values[:1], []):
        assert tag.render({"values": shown}) == loop.render({"values": shown})
