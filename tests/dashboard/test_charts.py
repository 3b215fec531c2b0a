"""Charts are server-rendered SVG that pass a strict CSP: no scripts, no inline styles."""

import re

import pytest
from django.urls import reverse

from brobygning.core.suppression import Cell, Share
from brobygning.dashboard import selectors
from brobygning.dashboard.charts import VALUE_ROOM, WIDTH, BarChart
from tests.dashboard import datasets


def test_bars_scale_to_the_largest_value_and_small_counts_are_drawn_exactly():
    chart = BarChart(
        id="chart-test",
        title="Test",
        categories=["a", "b", "c", "d"],
        series=[("n", [Cell(40), Cell(20), Cell(3), Cell(0)])],
    )

    bars = [group.bars[0] for group in chart.groups]

    full = WIDTH - VALUE_ROOM
    assert [bar.width for bar in bars] == [full, full / 2, full * 3 / 40, 0]
    assert [bar.text for bar in bars] == ["40", "20", "3", "0"]
    assert not chart.has_suppressed
    assert chart.rows == [("a", [Cell(40)]), ("b", [Cell(20)]), ("c", [Cell(3)]), ("d", [Cell(0)])]


def test_a_chart_of_only_zeros_is_empty_but_one_with_a_small_value_is_not():
    def chart(*values):
        return BarChart(id="c", title="T", categories=list("ab"), series=[("n", list(values))])

    assert chart(Cell(0), Cell(0)).is_empty
    assert not chart(Cell(0), Cell(2)).is_empty
    assert not chart(Cell(0), Cell(7)).is_empty


def test_long_labels_are_shortened_in_the_picture_but_not_in_the_table():
    label = "A very long category label that would run out of the picture on a phone"
    chart = BarChart(id="c", title="T", categories=[label], series=[("n", [Cell(9)])])

    assert chart.groups[0].label.endswith("…") and len(chart.groups[0].label) <= 52
    assert chart.rows[0][0] == label


def test_a_percentage_chart_is_drawn_against_a_hundred_with_a_legend_for_two_series():
    chart = BarChart(
        id="chart-test",
        title="Test",
        categories=["x"],
        series=[("one", [Share(5, 10)]), ("two", [Share(10, 10)])],
        maximum=100,
    )

    first, second = chart.groups[0].bars
    assert (first.width, second.width) == ((WIDTH - VALUE_ROOM) / 2, WIDTH - VALUE_ROOM)
    assert [item["label"] for item in chart.legend] == ["one", "two"]
    assert first.fill != second.fill
    assert chart.height > chart.top > 0


def test_series_differ_by_pattern_not_by_colour_alone():
    from django.template.loader import render_to_string

    chart = BarChart(
        id="chart-test",
        title="Test",
        categories=["x"],
        series=[("one", [Cell(3)]), ("two", [Cell(4)]), ("three", [Cell(5)])],
    )

    fills = [bar.fill for bar in chart.groups[0].bars]
    assert fills[0].startswith("#")  # solid
    assert fills[1:] == ["url(#chart-test-p1)", "url(#chart-test-p2)"]  # hatched, dotted
    assert [item["fill"] for item in chart.legend] == fills  # the legend shows the patterns
    svg = render_to_string("dashboard/_bar_chart.html", {"chart": chart})
    assert 'id="chart-test-p1"' in svg and 'id="chart-test-p2"' in svg


@pytest.fixture
def dashboard_html(client, manager, bridge_builder):
    datasets.post_move_visits(bridge_builder)
    datasets.receiving_areas(bridge_builder)
    datasets.needs(bridge_builder)
    datasets.referrals(bridge_builder)
    datasets.closures(bridge_builder)
    datasets.bridges_used(bridge_builder)
    datasets.pending_requests(bridge_builder)
    client.force_login(manager)
    pages = [client.get(reverse("dashboard:index"))] + [
        client.get(reverse("dashboard:index"), {"section": name}) for name in selectors.SECTIONS
    ]
    assert all(page.status_code == 200 for page in pages)
    return pages


def test_the_page_has_no_inline_style_or_script_that_the_csp_would_block(dashboard_html):
    for page in dashboard_html:  # the first screen and each section
        html = page.content.decode()
        csp = page["Content-Security-Policy"]

        assert "style-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert " style=" not in html
        assert "<style" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_every_chart_is_a_labelled_image_with_a_data_table(dashboard_html):
    svgs = 0
    for page in dashboard_html:  # each chart's label and table on its own page
        html = page.content.decode()
        for svg in re.findall(r"<svg[^>]*>", html):
            svgs += 1
            assert 'role="img"' in svg
            labelled = re.search(r'aria-labelledby="([\w-]+)"', svg).group(1)
            described = re.search(r'aria-describedby="([\w-]+)"', svg).group(1)
            assert f'id="{labelled}"' in html
            assert re.search(rf'<table[^>]*id="{described}"', html), described

    assert svgs == 14  # 11 in the sections, 3 in the overview on the first screen


def test_svg_numbers_are_not_localised_in_danish(dashboard_html):
    html = "".join(page.content.decode() for page in dashboard_html)
    for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S):
        for attribute in re.findall(r'\b(?:x|y|width|height)="([^"]*)"', svg):
            if attribute != "100%":
                float(attribute)


def test_the_caseload_chart_draws_the_cases_nobody_is_assigned_to(
    bridge_builder, teammate, other_bridge_builder
):
    from django.utils import translation

    from brobygning.dashboard import charts, selectors
    from tests.dashboard.conftest import PERIOD

    datasets.caseload(bridge_builder, teammate, other_bridge_builder)
    with translation.override("en"):
        chart = charts.dashboard_charts(selectors.dashboard(PERIOD))["caseload"]

    assert "Not assigned" in [str(category) for category in chart.categories]
