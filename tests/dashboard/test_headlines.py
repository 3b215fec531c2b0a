"""The headline figures and overview charts: "are we OK?" on the first screen."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from brobygning.dashboard import selectors
from brobygning.dashboard.headlines import (
    Headline,
    _weighted_median,
    answered_within_deadline,
    headlines,
    previous_period,
)
from brobygning.dashboard.svg import ColumnChart, StackedBar, nice_ceiling
from tests.dashboard import datasets
from tests.dashboard.conftest import PERIOD, TODAY
from tests.dashboard.datasets import at
from tests.factories import HouseholdFactory, JournalEntryFactory, ReferralFactory


def test_the_previous_period_is_as_long_and_ends_the_day_before():
    before = previous_period(replace(PERIOD, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31)))

    assert (before.date_from, before.date_to) == (date(2025, 10, 3), date(2025, 12, 31))


def test_the_median_of_counted_values_is_the_middle_one():
    assert _weighted_median([(3, 2), (1, 1)]) == (3, 3)
    assert _weighted_median([(1, 1), (5, 1)]) == (3.0, 2)
    assert _weighted_median([]) == (None, 0)


def headline(**kw):
    fields = dict(
        key="k",
        title="T",
        value="",
        detail="",
        definition="",
        number=None,
        previous=None,
        previous_text="80,0 %",
    )
    return Headline(**{**fields, **kw})


def test_a_headline_says_whether_it_went_up_or_down_and_whether_that_is_better():
    with translation.override("en"):
        up = headline(number=87.5, previous=80.0)
        assert (up.change, up.better) == ("up", True)
        assert up.change_text == "Up from 80,0 % in the previous period"
        slower = headline(number=6.0, previous=4.0, higher_is_better=False)
        assert (slower.change, slower.better) == ("up", False)
        assert headline(number=4.0, previous=4.0).change == "same"
        assert headline(number=4.0).change == ""


def test_the_visit_headline_reads_42_of_48_with_the_cases_behind_it(bridge_builder):
    datasets.post_move_visits(bridge_builder)

    with translation.override("da"):
        items = {h.key: h for h in headlines(selectors.dashboard(PERIOD, TODAY), PERIOD, TODAY)}

    visit = items["visit"]
    assert (visit.value, visit.detail) == ("87,5 %", "42 af 48")
    assert "figure=post_move_visit" in visit.query
    assert list(items) == ["open", "visit", "first_contact", "answered", "bridges", "closures"]


def test_referrals_answered_within_three_working_days_count_as_in_time(bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    friday = at(date(2026, 3, 6))
    in_time = at(date(2026, 3, 11))  # Wednesday: the third working day
    late = at(date(2026, 3, 12))
    for answered_at in (in_time, in_time, late):
        ReferralFactory(
            household=household, status="accepted", sent_at=friday, answered_at=answered_at
        )
    ReferralFactory(sent_at=friday)  # not answered, past the deadline: late
    ReferralFactory(sent_at=at(date(2026, 3, 13)))  # not answered, deadline not passed

    share = answered_within_deadline(PERIOD, TODAY)

    assert (share.part, share.whole) == (2, 4)


def test_the_y_axis_has_whole_round_steps():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 13, 48, 151)] == [1, 1, 3, 8, 15, 50, 200]
    chart = ColumnChart(
        id="c",
        title="T",
        x_label="x",
        y_label="y",
        categories=["a", "b"],
        series_values=[("n", [7, 2])],
    )
    assert [label for _y, label in chart.ticks] == ["0", "2", "4", "6", "8"]
    assert chart.bars[0].height == pytest.approx(chart.plot_height * 7 / 8, abs=0.1)


def test_a_stacked_bar_labels_each_part_and_leaves_out_empty_ones():
    bar = StackedBar(
        id="s", title="T", x_label="x", parts=[("1. A", "1", 3), ("2. B", "2", 0), ("3. C", "3", 9)]
    )

    assert [(s.short, s.value) for s in bar.segments] == [("1", 3), ("3", 9)]
    assert bar.segments[1].x == bar.segments[0].width


@pytest.mark.parametrize("chart", ["chart-flow", "chart-delays", "chart-phase-stack"])
def test_the_overview_charts_are_on_the_page_with_title_summary_and_figures(
    client, manager, bridge_builder, chart
):
    datasets.post_move_visits(bridge_builder)
    client.force_login(manager)

    html = client.get(reverse("dashboard:index")).content.decode()

    figure = html.split(f'data-testid="{chart}"', 1)[1].split("</figure>", 1)[0]
    assert 'role="img"' in figure
    assert f'id="{chart}-summary"' in figure
    assert "style=" not in figure and "<script" not in figure
    assert 'data-testid="headline-visit"' in html


def test_the_headline_links_lead_to_the_cases_behind_them(client, manager, bridge_builder):
    datasets.post_move_visits(bridge_builder)
    client.force_login(manager)

    html = client.get(reverse("dashboard:index")).content.decode()

    visit = html.split('data-testid="headline-visit"', 1)[1].split("</article>", 1)[0]
    link = visit.split('data-testid="headline-link"', 1)[0].rsplit('href="', 1)[1].split('"')[0]
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    assert 'data-count="42"' in response.content.decode()


def test_working_days_counted_in_one_pass_agree_with_the_working_day_rule():
    from brobygning.core.workdays import working_days_between
    from brobygning.dashboard.headlines import working_day_counter

    days = [date(2026, 3, 27) + timedelta(days=n) for n in range(0, 30, 3)]  # over Easter
    count = working_day_counter(days)

    for start in days:
        for end in days:
            assert count(start, end) == working_days_between(start, end), (start, end)


def test_first_contact_in_working_days_splits_the_periods_at_local_midnight(bridge_builder):
    from brobygning.dashboard.headlines import working_days_to_first_contact

    start = PERIOD.date_from  # Tuesday 1 April 2025; sent the day before
    for answered_at, contact_on in [
        (at(start, hour=0), start + timedelta(days=2)),  # 00:00 local on the first day: now
        (at(start, hour=9), start + timedelta(days=3)),  # now
        (at(start - timedelta(days=1), hour=23), start + timedelta(days=1)),  # the day before
    ]:
        household = HouseholdFactory(bridge_builder=bridge_builder)
        ReferralFactory(
            household=household,
            status="accepted",
            sent_at=at(start - timedelta(days=1), hour=8),
            answered_at=answered_at,
        )
        JournalEntryFactory(household=household, kind="phone_call", occurred_on=contact_on)
        JournalEntryFactory(household=household, kind="other", occurred_on=start)  # not contact

    now, before = working_days_to_first_contact(PERIOD, previous_period(PERIOD))

    assert (now.value, now.n) == (3.5, 2)
    assert (before.value, before.n) == (2.0, 1)


def test_the_first_contact_index_covers_exactly_the_contact_kinds():
    from households.models import JournalEntry

    (index,) = [i for i in JournalEntry._meta.indexes if i.name == "journal_first_contact"]

    assert index.condition == Q(kind__in=list(JournalEntry.CONTACT_KINDS))


def _first_contact_from_dates(filters, before):
    """The headline as it was computed before the working days were kept per referral:
    every accepted referral's sending day and first contact read, counted in Python."""
    from collections import Counter

    from django.db.models import BooleanField, ExpressionWrapper

    from brobygning.core.suppression import Median
    from brobygning.dashboard.headlines import _span, working_day_counter
    from brobygning.dashboard.selectors.base import LocalDate

    accepted = (
        selectors.answered_referrals(_span(filters, before))
        .filter(status="accepted")
        .annotate(
            sent_on=LocalDate("sent_at"),
            in_period=ExpressionWrapper(
                Q(answered_at__gte=filters.start), output_field=BooleanField()
            ),
        )
        .values_list("sent_on", "contact_fact__after_sent", "in_period")
    )
    now, earlier = Counter(), Counter()
    for sent_on, contact_on, in_period in accepted:
        if contact_on is not None:
            (now if in_period else earlier)[(sent_on, contact_on)] += 1
    count = working_day_counter([day for pair in [*now, *earlier] for day in pair])
    now = [(count(*days), n) for days, n in now.items()]
    earlier = [(count(*days), n) for days, n in earlier.items()]
    return Median(*_weighted_median(now)), Median(*_weighted_median(earlier))


def _answered_in_time_per_referral(filters, today):
    """The referrals-answered-in-time headline counted one referral at a time."""
    from brobygning.core.suppression import Share
    from brobygning.core.workdays import add_working_days
    from brobygning.dashboard.selectors.rows import received_referrals

    within = whole = 0
    for referral in received_referrals(filters):
        sent_on = timezone.localdate(referral.sent_at)
        deadline = add_working_days(sent_on, 3)
        if referral.status in ("accepted", "declined") and referral.answered_at:
            whole += 1
            within += timezone.localdate(referral.answered_at) <= deadline
        elif today > deadline:
            whole += 1
    return Share(within, whole)


def astuple(share):
    return share.part, share.whole


def test_first_contact_from_the_kept_working_days_equals_counting_every_referral(
    bridge_builder,
):
    import random

    from brobygning.dashboard import summary
    from brobygning.dashboard.headlines import working_days_to_first_contact

    rng = random.Random(15)
    before = previous_period(PERIOD)
    first = before.date_from - timedelta(days=10)
    span = (PERIOD.date_to - first).days
    for _number in range(60):
        sent_on = first + timedelta(days=rng.randrange(span))
        household = HouseholdFactory(bridge_builder=bridge_builder)
        status = rng.choice(["accepted", "accepted", "accepted", "declined", "sent"])
        ReferralFactory(
            household=household,
            status=status,
            decline_reason="other" if status == "declined" else "",
            sent_at=at(sent_on, hour=rng.choice([0, 8, 23])),
            answered_at=(
                None
                if status == "sent"
                else at(sent_on + timedelta(days=rng.randrange(9)), hour=rng.choice([0, 9]))
            ),
        )
        for _contact in range(rng.randrange(3)):  # none, one or two; some before sending
            JournalEntryFactory(
                household=household,
                kind=rng.choice(["home_visit", "phone_call", "meeting", "other"]),
                occurred_on=sent_on + timedelta(days=rng.randrange(-3, 40)),
            )

    for filters in (PERIOD, replace(PERIOD, date_from=PERIOD.date_from + timedelta(days=45))):
        earlier = previous_period(filters)
        kept = working_days_to_first_contact(filters, earlier)
        assert kept == _first_contact_from_dates(filters, earlier)
        assert kept[0].n and kept[1].n  # both periods counted something
        in_time = answered_within_deadline(filters, TODAY, earlier)
        assert (in_time[0].part, in_time[0].whole) == astuple(
            _answered_in_time_per_referral(filters, TODAY)
        )
        assert (in_time[1].part, in_time[1].whole) == astuple(
            _answered_in_time_per_referral(earlier, TODAY)
        )
        assert 0 < in_time[0].part < in_time[0].whole
    summary.rebuild()
    assert working_days_to_first_contact(PERIOD, before) == _first_contact_from_dates(
        PERIOD, before
    )


def test_the_first_screen_shows_the_same_headlines_and_charts_as_the_whole_page(
    bridge_builder, teammate, other_bridge_builder, frozen_today
):
    """The first screen computes only what its headlines and overview charts need
    (`selectors.overview`); they are those of every section computed (`selectors.dashboard`)."""
    from brobygning.dashboard.svg import overview_charts

    datasets.caseload(bridge_builder, teammate, other_bridge_builder)
    datasets.referrals(bridge_builder)
    datasets.post_move_visits(bridge_builder)
    datasets.closures(bridge_builder)
    datasets.bridges_used(bridge_builder)
    datasets.pending_requests(bridge_builder)

    whole = selectors.dashboard(PERIOD, TODAY)
    first = selectors.overview(PERIOD, TODAY)

    def shown(items):
        return [
            (h.key, h.value, h.detail, h.previous_text, h.change, h.query if h.link else "")
            for h in items
        ]

    with translation.override("da"):
        assert shown(headlines(first, PERIOD, TODAY)) == shown(headlines(whole, PERIOD, TODAY))
        charts_first, charts_whole = overview_charts(first), overview_charts(whole)
    for name in ("flow", "delays", "phases"):
        assert charts_first[name].summary == charts_whole[name].summary
        assert charts_first[name].rows == charts_whole[name].rows
    assert first["bridges"]["used"] == whole["bridges"]["used"]
    for name in ("total", "phase_totals"):
        assert first["caseload"][name] == whole["caseload"][name]
    assert first["caseload"]["total"].count > 13  # several bridge-builders' loads
