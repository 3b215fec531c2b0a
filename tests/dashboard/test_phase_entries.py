"""Households entering each phase per month: a household counts once per phase and month
however often it enters, within the period only, counted from the phase changes' kept
earlier entry (`households.phase_months`) rather than a distinct count."""

from datetime import date, datetime, timedelta
from random import Random
from zoneinfo import ZoneInfo

import pytest

from brobygning.dashboard import selectors, summary
from brobygning.dashboard.forms import Filters
from households import phase_months
from households.models import Phase, PhaseChange
from tests.dashboard.datasets import at
from tests.factories import HouseholdFactory, PhaseChangeFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
PHASES = list(Phase)


def entries(filters: Filters) -> dict[tuple[date, str], int]:
    """The figure as {(month, phase): households}, without the zeros."""
    return {
        (month, phase): cell.count
        for month, cells in selectors.flow(filters)["phase_entries"]
        for phase, cell in zip(PHASES, cells, strict=True)
        if cell.count
    }


def counted_by_hand(filters: Filters) -> dict[tuple[date, str], int]:
    """The same figure from its definition: the distinct households per local month and
    phase entered, over the changes in the period."""
    seen = set()
    for household, phase, changed_at in PhaseChange.objects.values_list(
        "household_id", "to_phase", "changed_at"
    ):
        day = changed_at.astimezone(COPENHAGEN).date()
        if filters.date_from <= day <= filters.date_to:
            seen.add((date(day.year, day.month, 1), phase, household))
    counts = {}
    for month, phase, _household in seen:
        counts[(month, phase)] = counts.get((month, phase), 0) + 1
    return counts


def enter(household, day, phase=Phase.ONGOING, hour=10):
    return PhaseChangeFactory(household=household, to_phase=phase, changed_at=at(day, hour))


def test_a_household_entering_a_phase_twice_in_a_month_counts_once(bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    enter(household, date(2026, 2, 3))
    enter(household, date(2026, 2, 20))
    enter(household, date(2026, 3, 2))

    figure = entries(Filters(date_from=date(2026, 1, 1), date_to=date(2026, 3, 31)))

    assert figure == {(date(2026, 2, 1), Phase.ONGOING): 1, (date(2026, 3, 1), Phase.ONGOING): 1}


@pytest.mark.parametrize(
    ("date_from", "date_to", "counted"),
    [
        (date(2026, 2, 1), date(2026, 2, 28), 1),  # both entries in the period
        (date(2026, 2, 10), date(2026, 2, 28), 1),  # the first before it: the second counts
        (date(2026, 2, 1), date(2026, 2, 10), 1),  # the second after it: the first counts
        (date(2026, 2, 4), date(2026, 2, 19), 0),  # between the two: neither
        (date(2026, 2, 21), date(2026, 3, 31), 0),  # after both
    ],
)
def test_only_entries_within_the_period_count_when_it_starts_or_ends_mid_month(
    bridge_builder, date_from, date_to, counted
):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    enter(household, date(2026, 2, 3))
    enter(household, date(2026, 2, 20))

    figure = entries(Filters(date_from=date_from, date_to=date_to))

    assert figure.get((date(2026, 2, 1), Phase.ONGOING), 0) == counted


def test_the_month_of_an_entry_is_its_local_month_at_midnight(bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    # 31 January 23:30 and 1 February 00:30 in Copenhagen: 22:30 and 23:30 UTC on the 31st.
    PhaseChangeFactory(
        household=household, changed_at=datetime(2026, 1, 31, 23, 30, tzinfo=COPENHAGEN)
    )
    later = PhaseChangeFactory(
        household=household, changed_at=datetime(2026, 2, 1, 0, 30, tzinfo=COPENHAGEN)
    )

    assert PhaseChange.objects.get(pk=later.pk).earlier_in_month is None
    figure = entries(Filters(date_from=date(2026, 1, 1), date_to=date(2026, 2, 28)))
    assert figure == {(date(2026, 1, 1), Phase.ONGOING): 1, (date(2026, 2, 1), Phase.ONGOING): 1}


def test_a_change_saved_out_of_order_or_deleted_keeps_each_months_first_entry(bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    late = enter(household, date(2026, 2, 20))
    early = enter(household, date(2026, 2, 3))  # saved after a later one the same month

    assert PhaseChange.objects.get(pk=early.pk).earlier_in_month is None
    assert PhaseChange.objects.get(pk=late.pk).earlier_in_month == early.changed_at

    early.delete()

    assert PhaseChange.objects.get(pk=late.pk).earlier_in_month is None
    figure = entries(Filters(date_from=date(2026, 2, 10), date_to=date(2026, 2, 28)))
    assert figure == {(date(2026, 2, 1), Phase.ONGOING): 1}


def test_the_figure_equals_the_distinct_households_for_any_period(bridge_builder):
    rng = Random(16)
    households = HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)
    start = datetime(2025, 11, 1, tzinfo=COPENHAGEN)
    for _ in range(60):
        PhaseChangeFactory(
            household=rng.choice(households),
            to_phase=rng.choice(PHASES[:3]),
            changed_at=start + timedelta(hours=rng.randint(0, 24 * 120)),
        )
    assert PhaseChange.objects.exclude(earlier_in_month=None).exists()  # re-entries exist

    for _ in range(12):
        first = date(2025, 11, 1) + timedelta(days=rng.randint(0, 110))
        filters = Filters(date_from=first, date_to=first + timedelta(days=rng.randint(0, 60)))
        assert entries(filters) == counted_by_hand(filters), filters


def test_the_nightly_rebuild_puts_right_what_bypassed_the_signals(bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    first = enter(household, date(2026, 2, 3))
    second = enter(household, date(2026, 2, 20))
    kept = sorted(PhaseChange.objects.values_list("pk", "earlier_in_month"))
    # A bulk update (as the demo programme's) moves the first change into March.
    PhaseChange.objects.filter(pk=first.pk).update(changed_at=at(date(2026, 3, 3)))
    assert PhaseChange.objects.get(pk=second.pk).earlier_in_month is not None  # stale

    summary.rebuild()

    assert PhaseChange.objects.get(pk=second.pk).earlier_in_month is None
    PhaseChange.objects.filter(pk=first.pk).update(changed_at=at(date(2026, 2, 3)))
    assert phase_months.refresh() == 1
    assert sorted(PhaseChange.objects.values_list("pk", "earlier_in_month")) == kept
