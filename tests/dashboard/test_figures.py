"""Each figure against a hand-built dataset with known answers (tests/dashboard/datasets.py)."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone, translation

from brobygning.dashboard import selectors
from followups.models import FollowUp
from households.models import Household, Phase
from tests.dashboard import datasets
from tests.dashboard.conftest import PERIOD, TODAY
from tests.factories import (
    AreaFactory,
    FollowUpFactory,
    HouseholdFactory,
    JournalEntryFactory,
    ReferralFactory,
    SupportOfferFactory,
)

pytestmark = pytest.mark.django_db


def shown(cells):
    return [str(cell) for cell in cells]


# --- Caseload ------------------------------------------------------------------------------


def test_caseload_counts_open_cases_per_bridge_builder_and_phase_with_overdue_follow_ups(
    bridge_builder, teammate, other_bridge_builder
):
    datasets.caseload(bridge_builder, teammate, other_bridge_builder)

    data = selectors.caseload(PERIOD, TODAY)

    names = [row.name for row in data["rows"]]
    assert names == [str(bridge_builder), str(teammate), str(other_bridge_builder)]
    own, mate, other = data["rows"]
    unassigned = data["unassigned"]
    assert [cell.count for cell in own.cells] == [6, 0, 0, 2, 0, 0, 0, 0]
    assert shown(own.cells) == ["6", "0", "0", "2", "0", "0", "0", "0"]  # exact for managers
    assert (own.total.count, own.overdue.count) == (8, 7)
    assert own.team == "Team Nord"
    assert [cell.count for cell in mate.cells] == [0, 5, 0, 0, 0, 0, 0, 0]
    assert (mate.total.count, mate.overdue.count) == (5, 0)
    assert (other.total.count, other.overdue.count) == (0, 0)
    assert (unassigned.total.count, str(unassigned.total)) == (1, "1")
    assert [cell.count for cell in data["phase_totals"]] == [7, 5, 0, 2, 0, 0, 0, 0]
    assert (data["total"].count, data["overdue_total"].count) == (14, 7)


def test_caseload_filtered_by_team_lists_only_that_teams_bridge_builders_and_cases(
    bridge_builder, teammate, other_bridge_builder, other_team
):
    datasets.caseload(bridge_builder, teammate, other_bridge_builder)
    datasets.caseload(other_bridge_builder, other_bridge_builder, other_bridge_builder)

    data = selectors.caseload(replace(PERIOD, team=other_team), TODAY)

    assert [row.name for row in data["rows"]] == [str(other_bridge_builder)]
    assert data["rows"][0].total.count == 14 - 1  # the unassigned case has no team
    assert data["total"].count == 13


# --- Flow ----------------------------------------------------------------------------------


def test_referrals_are_counted_per_month_with_answers_and_decline_reasons(bridge_builder):
    datasets.referrals(bridge_builder)

    data = selectors.flow(PERIOD)

    months = {row.month: row for row in data["months"]}
    assert len(months) == 12 and min(months) == date(2025, 4, 1)
    january, february, march = (months[date(2026, m, 1)] for m in (1, 2, 3))
    assert (january.received.count, february.received.count, march.received.count) == (3, 4, 5)
    assert (february.accepted.count, march.declined.count) == (5, 5)
    assert (data["received"].count, data["accepted"].count, data["declined"].count) == (12, 5, 5)
    assert data["share_accepted"].percent == 50.0
    reasons = {item.key: item.value for item in data["decline_reasons"]}
    assert {key: cell.count for key, cell in reasons.items()} == {
        "not_target_group": 3,
        "supported_elsewhere": 0,
        "household_refuses": 0,
        "other": 2,
    }
    assert [str(cell) for cell in reasons.values()] == ["3", "0", "0", "2"]


def test_median_days_to_acceptance_and_to_first_contact(bridge_builder):
    datasets.referrals(bridge_builder)

    data = selectors.flow(PERIOD)

    assert (data["median_days_to_accept"].value, data["median_days_to_accept"].n) == (3.0, 5)
    assert str(data["median_days_to_accept"]) in ("3.0", "3,0")
    assert (data["median_days_to_first_contact"].value, data["median_days_to_first_contact"].n) == (
        2.0,
        5,
    )


def test_the_median_of_an_even_number_of_values_is_the_mean_of_the_middle_two(bridge_builder):
    for days in [40, 10, 30, 20]:
        datasets.closed(
            bridge_builder=bridge_builder,
            opened_on=date(2026, 3, 1) - timedelta(days=days),
            closed_on=date(2026, 3, 1),
        )

    median, n = selectors.median(Household.objects.all(), selectors.Days("closed_on", "opened_on"))

    assert (median, n) == (25.0, 4)


def test_the_median_counts_repeated_values_once_per_row(bridge_builder):
    for days in [10, 10, 10, 11, 90]:
        datasets.closed(
            bridge_builder=bridge_builder,
            opened_on=date(2026, 3, 1) - timedelta(days=days),
            closed_on=date(2026, 3, 1),
        )

    median, n = selectors.median(Household.objects.all(), selectors.Days("closed_on", "opened_on"))

    assert (median, n) == (10.0, 5)


def test_the_median_of_nothing_is_none(db):
    assert selectors.median(Household.objects.all(), F("current_rent")) == (None, 0)


def test_phases_give_reopened_cases_median_duration_and_monthly_entries(bridge_builder):
    datasets.phases(bridge_builder)

    data = selectors.flow(PERIOD)

    assert (data["reopened"].count, str(data["reopened"])) == (2, "2")
    assert (data["median_case_days"].value, data["median_case_days"].n) == (30.0, 5)
    entries = dict(data["phase_entries"])
    phases = data["all_phases"]
    february = dict(zip(phases, entries[date(2026, 2, 1)], strict=True))
    assert february[Phase.ONGOING].count == 2
    assert february[Phase.POST_MOVE_VISIT].count == 1
    october = dict(zip(phases, entries[date(2025, 10, 1)], strict=True))
    assert october[Phase.ONGOING].count == 1


# --- Follow-up quality ---------------------------------------------------------------------


def test_esbjerg_figure_42_of_48_households_accepted_the_visit(bridge_builder):
    datasets.post_move_visits(bridge_builder)

    data = selectors.followup_quality(PERIOD, TODAY)

    answers = {item.key: item.value for item in data["answers"]}
    accepted = answers["accepted"]
    assert (accepted.part, accepted.whole) == (42, 48)
    assert accepted.percent == 87.5
    assert (answers["declined"].part, answers["declined"].small) == (4, True)
    assert (answers["no_answer"].part, answers["no_answer"].small) == (2, True)
    with translation.override("en"):
        assert accepted.detail == "42 of 48"
        assert answers["declined"].detail == "4 of 48"
    assert data["visits_due"].count == 51
    assert (data["offered"].part, data["offered"].whole) == (48, 51)
    assert (data["offered_on_time"].part, data["offered_on_time"].whole) == (46, 51)
    assert data["offered_on_time"].percent == 90.2


def test_overdue_follow_ups_are_grouped_by_days_overdue(bridge_builder):
    datasets.overdue_ages(bridge_builder)

    data = selectors.followup_quality(PERIOD, TODAY)

    assert [(low, high, cell.count) for low, high, cell in data["overdue_by_age"]] == [
        (1, 7, 2),
        (8, 14, 2),
        (15, 30, 2),
        (31, None, 2),
    ]
    assert data["overdue_total"].count == 8


def test_bridge_holds_checks_count_done_on_time_and_overdue(bridge_builder):
    datasets.bridge_holds(bridge_builder)

    data = selectors.followup_quality(PERIOD, TODAY)

    assert data["holds_due"].count == 9
    assert (data["holds_done"].part, data["holds_done"].percent) == (7, 77.8)
    assert data["holds_on_time"].part == 6
    assert (data["holds_overdue"].count, str(data["holds_overdue"])) == (2, "2")


# --- Outcomes ------------------------------------------------------------------------------


def test_share_of_closures_meeting_each_criterion(bridge_builder):
    datasets.closures(bridge_builder)

    data = selectors.outcomes(PERIOD)

    assert data["closed"].count == 10
    assert [(item.key, item.value.part, item.value.percent) for item in data["criteria"]] == [
        ("practical_in_order", 10, 100.0),
        ("children_enrolled", 6, 60.0),
        ("new_local_contact", 8, 80.0),
        ("no_longer_asks_for_help", 5, 50.0),
    ]
    assert data["all_criteria"].percent == 50.0


def test_housing_offers_accepted_against_declined_with_reasons(bridge_builder):
    datasets.housing_offers(bridge_builder)

    data = selectors.outcomes(PERIOD)

    assert (data["offers_accepted"].count, data["offers_declined"].count) == (6, 7)
    assert data["offers_share_accepted"].percent == 46.2
    reasons = {item.key: item.value for item in data["offer_decline_reasons"]}
    assert (reasons["rent"].count, str(reasons["rent"])) == (5, "5")
    assert (reasons["size"].count, str(reasons["size"])) == (2, "2")
    assert reasons["location"].count == 0


def test_rent_change_after_moving_gives_median_and_count_above_the_threshold(
    bridge_builder, settings
):
    datasets.rents(bridge_builder)

    data = selectors.outcomes(PERIOD)

    assert data["rent_households"].count == 5
    assert data["rent_median_percent"].value == pytest.approx(10.0)
    assert (data["rent_above_limit"].part, data["rent_above_limit"].whole) == (2, 5)
    assert data["rent_above_limit"].small

    settings.BROBYGNING = {**settings.BROBYGNING, "RENT_INCREASE_WARNING_PERCENT": 4}
    assert selectors.outcomes(PERIOD)["rent_above_limit"].part == 4


@pytest.mark.parametrize(
    ("old_rent", "new_rent", "median"),
    [
        # 0.25 % higher lies halfway between two half percents: it rounds away from zero.
        ("8000", "8020", 0.5),
        ("8000", "7980", -0.5),
        # 1/3 % higher: the nearest half percent, however the division's last digit falls.
        ("6000", "6020", 0.5),
        # 0.25 % again, from rents in kroner and øre.
        ("9100", "9122.75", 0.5),
    ],
)
def test_rent_change_is_rounded_to_the_nearest_half_percent_from_the_exact_rents(
    bridge_builder, old_rent, new_rent, median
):
    datasets.moved_to_new_rent(bridge_builder, Decimal(old_rent), Decimal(new_rent))

    assert selectors.outcomes(PERIOD)["rent_median_percent"].value == median


# --- Needs ---------------------------------------------------------------------------------


def test_needs_by_category_found_against_met_count_households(bridge_builder):
    datasets.needs(bridge_builder)

    rows = {row.key: row for row in selectors.needs_found_and_met(PERIOD)}

    assert list(rows) == ["school", "economy"]  # in the order of the categories
    assert (rows["economy"].found.count, rows["economy"].met.count) == (6, 5)
    school = rows["school"]
    assert (school.found.count, school.met.count, str(school.found)) == (2, 0, "2")


# --- Bridges -------------------------------------------------------------------------------


def test_most_used_support_offers_and_actors_count_households_with_a_requested_bridge(
    bridge_builder,
):
    places = datasets.bridges_used(bridge_builder)

    data = selectors.bridges(PERIOD, TODAY)

    assert [(row.key, row.households.count) for row in data["offers"]] == [
        (places["daycare"].pk, 7),
        (places["mentor"].pk, 5),
        (places["homework"].pk, 3),
    ]
    assert shown(row.households for row in data["offers"]) == ["7", "5", "3"]
    assert [row.actor for row in data["offers"]] == [
        str(places["kommune"]),
        str(places["kommune"]),
        str(places["ngo"]),
    ]
    assert [(row.key, row.households.count) for row in data["actors"]] == [
        (places["kommune"].pk, 10),
        (places["ngo"].pk, 3),
    ]
    assert [row.name for row in data["actors"]] == [str(places["kommune"]), str(places["ngo"])]
    assert data["used"].count == 12


def test_only_the_ten_most_used_offers_and_actors_are_listed_largest_first(bridge_builder):
    requested = datasets.at(date(2026, 1, 15))
    for number in range(12):
        offer = SupportOfferFactory(name=f"Tilbud {number:02d}")
        for household in HouseholdFactory.create_batch(number + 1, bridge_builder=bridge_builder):
            datasets.bridge(household, offer, "confirmed", requested)

    data = selectors.bridges(PERIOD, TODAY)

    expected = [(f"Tilbud {number:02d}", number + 1) for number in range(11, 1, -1)]
    assert [(row.name, row.households.count) for row in data["offers"]] == expected
    assert [row.households.count for row in data["actors"]] == [n for _name, n in expected]
    assert data["used"].count == sum(range(1, 13))


def test_offers_and_actors_tied_at_the_tenth_place_are_listed_by_name(bridge_builder):
    # Twelve offers (each of its own actor) with two households each: the ten first by name.
    requested = datasets.at(date(2026, 1, 15))
    names = [f"Tilbud {letter}" for letter in "LCKADJBIFHGE"]
    for name in names:
        offer = SupportOfferFactory(name=name, actor__name=f"Aktør {name[-1]}")
        for household in HouseholdFactory.create_batch(2, bridge_builder=bridge_builder):
            datasets.bridge(household, offer, "confirmed", requested)
    largest = SupportOfferFactory(name="Tilbud Z", actor__name="Aktør Z")
    for household in HouseholdFactory.create_batch(3, bridge_builder=bridge_builder):
        datasets.bridge(household, largest, "confirmed", requested)

    data = selectors.bridges(PERIOD, TODAY)

    expected = ["Tilbud Z", *sorted(names)[:9]]
    assert [row.name for row in data["offers"]] == expected
    assert [row.households.count for row in data["offers"]] == [3] + [2] * 9
    assert [row.name for row in data["actors"]] == [
        f"Aktør {name[-1]} (Odense)" for name in expected
    ]


def test_bridge_figures_follow_the_team_area_and_period_filters(
    bridge_builder, other_bridge_builder, other_team
):
    places = datasets.bridges_used(bridge_builder)
    datasets.pending_requests(bridge_builder)
    elsewhere = AreaFactory(name="Tarup", is_receiving_area=False)
    for household in HouseholdFactory.create_batch(
        6, bridge_builder=other_bridge_builder, origin_area=elsewhere
    ):
        datasets.bridge(household, places["homework"], "requested", datasets.at(date(2026, 3, 2)))

    everyone = selectors.bridges(PERIOD, TODAY)
    other = selectors.bridges(replace(PERIOD, team=other_team), TODAY)
    by_origin = selectors.bridges(replace(PERIOD, origin_area=elsewhere), TODAY)
    earlier = selectors.bridges(
        replace(PERIOD, date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)), TODAY
    )

    used = {row.key: row.households.count for row in everyone["offers"]}
    assert used[places["homework"].pk] == 3 + 2 + 6  # used, pending, the other team's
    for data in (other, by_origin):
        assert [(row.key, row.households.count) for row in data["offers"]] == [
            (places["homework"].pk, 6)
        ]
        assert [(row.key, row.total.count) for row in data["pending"]] == [(places["ngo"].pk, 6)]
        assert [cell.count for _low, _high, cell in data["pending_by_age"]] == [0, 6, 0, 0]
    assert [(row.key, row.households.count) for row in earlier["offers"]] == [
        (places["mentor"].pk, 1)
    ]
    assert earlier["pending_total"].count == everyone["pending_total"].count  # now, always


def test_requests_pending_at_actors_are_grouped_by_days_since_the_request(bridge_builder):
    places = datasets.pending_requests(bridge_builder)

    data = selectors.bridges(PERIOD, TODAY)

    rows = {row.key: row for row in data["pending"]}
    assert list(rows) == [places["kommune"].pk, places["ngo"].pk]
    kommune, ngo = rows[places["kommune"].pk], rows[places["ngo"].pk]
    assert [cell.count for cell in kommune.ages] == [6, 2, 1, 1]
    assert shown(kommune.ages) == ["6", "2", "1", "1"]
    assert kommune.total.count == 9
    assert ([cell.count for cell in ngo.ages], ngo.total.count) == ([0, 0, 0, 2], 2)
    assert [(low, high, cell.count) for low, high, cell in data["pending_by_age"]] == [
        (0, 7, 6),
        (8, 14, 2),
        (15, 30, 1),
        (31, None, 3),
    ]
    assert data["pending_total"].count == 11


def test_share_of_accepted_referrals_that_led_to_a_confirmed_bridge(bridge_builder):
    datasets.referral_bridges(bridge_builder)

    data = selectors.bridges(PERIOD, TODAY)

    share = data["referrals_bridged"]
    assert (share.part, share.whole, share.percent) == (5, 8, 62.5)
    assert data["referrals_accepted"].count == 8


def test_referrals_bridged_are_counted_within_the_filters(bridge_builder, other_team):
    datasets.referral_bridges(bridge_builder)

    other = selectors.bridges(replace(PERIOD, team=other_team), TODAY)["referrals_bridged"]
    earlier = selectors.bridges(
        replace(PERIOD, date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)), TODAY
    )["referrals_bridged"]

    assert (other.part, other.whole) == (0, 0)
    assert (earlier.part, earlier.whole, earlier.small) == (1, 1, True)


# --- Receiving areas -----------------------------------------------------------------------


def test_receiving_area_monitor_counts_households_shares_and_warnings(bridge_builder):
    areas = datasets.receiving_areas(bridge_builder)

    data = selectors.receiving_areas(PERIOD, TODAY)

    assert data["total"].count == 20
    rows = {row.area.name: row for row in data["rows"]}
    assert [row.area.name for row in data["rows"]][:2] == ["Odense Midtby", "Bolbro"]
    midtby, bolbro, klemens = rows["Odense Midtby"], rows["Bolbro"], rows["Skt. Klemens"]
    assert (midtby.households.count, midtby.share.percent, midtby.warning) == (12, 60.0, True)
    assert (midtby.internal.count, midtby.external.count, midtby.listed) == (0, 12, False)
    assert midtby.homes_share.percent == 1.2
    assert (bolbro.households.count, bolbro.share.percent) == (8, 40.0)
    assert (bolbro.internal.count, bolbro.external.count) == (3, 5)
    assert (bolbro.listed, bolbro.warning, bolbro.list_status) == (True, True, "vulnerable")
    assert bolbro.homes_share.percent == 8.0
    assert (klemens.households.count, klemens.warning) == (0, False)
    assert data["into_listed"].count == 8
    assert areas["vollsmose"].name not in rows  # a transformation area only


def test_origin_destination_matrix_splits_internal_and_external_rehousing(bridge_builder):
    datasets.receiving_areas(bridge_builder)

    matrix = selectors.receiving_areas(PERIOD, TODAY)["matrix"]

    assert [name for _pk, name in matrix.destinations] == ["Bolbro", "Odense Midtby"]
    table = {
        origin: ([cell.count for cell in cells], internal.count, external.count)
        for origin, cells, internal, external in matrix.rows
    }
    assert table == {"Korsløkken": ([2, 0], 2, 0), "Vollsmose": ([6, 12], 1, 17)}


def test_filters_by_transformation_and_receiving_area_narrow_the_moves(bridge_builder):
    areas = datasets.receiving_areas(bridge_builder)

    by_origin = selectors.receiving_areas(replace(PERIOD, origin_area=areas["korsloekken"]), TODAY)
    by_destination = selectors.receiving_areas(
        replace(PERIOD, receiving_area=areas["bolbro"]), TODAY
    )
    earlier = selectors.receiving_areas(
        replace(PERIOD, date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)), TODAY
    )

    assert by_origin["total"].count == 2
    assert [row.area.name for row in by_destination["rows"]] == ["Bolbro"]
    assert by_destination["total"].count == 8
    assert earlier["total"].count == 1


# --- All sections at once ------------------------------------------------------------------


def test_the_whole_dashboard_on_an_empty_database_shows_zeros_and_dashes(db):
    data = selectors.dashboard(PERIOD, TODAY)

    assert data["caseload"]["total"].count == 0
    assert str(data["flow"]["median_days_to_accept"]) == "–"
    assert str(data["flow"]["share_accepted"]) == "–"
    assert data["areas"]["matrix"].rows == []
    assert data["needs"] == []
    bridges = data["bridges"]
    assert (bridges["offers"], bridges["actors"], bridges["pending"]) == ([], [], [])
    assert (bridges["used"].count, bridges["pending_total"].count) == (0, 0)
    assert str(bridges["referrals_bridged"]) == "–"


# --- Local dates -----------------------------------------------------------------------------


UTC = ZoneInfo("UTC")


def test_on_time_means_by_the_due_date_in_copenhagen_not_in_utc(bridge_builder):
    due = date(2026, 2, 15)
    for completed in [
        datetime(2026, 2, 15, 22, 30, tzinfo=UTC),  # 23:30 on the 15th in Copenhagen
        datetime(2026, 2, 15, 23, 30, tzinfo=UTC),  # 00:30 on the 16th: a day late
    ]:
        FollowUpFactory(
            household=HouseholdFactory(bridge_builder=bridge_builder),
            kind=FollowUp.Kind.POST_MOVE_VISIT,
            trigger_on=due - timedelta(days=14),
            due_on=due,
            status=FollowUp.Status.DONE,
            completed_at=completed,
            visit_offered=True,
            visit_answer="declined",
        )

    data = selectors.followup_quality(PERIOD, TODAY)

    assert (data["offered_on_time"].part, data["offered"].part) == (1, 2)


def test_first_contact_counts_from_the_local_day_of_acceptance(bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    ReferralFactory(
        status="accepted",
        household=household,
        sent_at=datetime(2026, 2, 1, 9, tzinfo=UTC),
        answered_at=datetime(2026, 2, 10, 23, 30, tzinfo=UTC),  # 00:30 on 11 Feb locally
    )
    JournalEntryFactory(household=household, occurred_on=date(2026, 2, 10))  # before: not it
    JournalEntryFactory(household=household, occurred_on=date(2026, 2, 13))

    data = selectors.flow(PERIOD)

    assert (data["median_days_to_first_contact"].value, data["median_days_to_first_contact"].n) == (
        2.0,
        1,
    )


def test_local_date_uses_sqlites_own_function_when_the_process_runs_on_local_time(db):
    query = str(FollowUp.objects.annotate(day=selectors.LocalDate("completed_at")).query)
    with timezone.override("UTC"):
        fallback = str(FollowUp.objects.annotate(day=selectors.LocalDate("completed_at")).query)

    if connection.vendor == "sqlite":
        assert "localtime" in query
        assert "localtime" not in fallback


def test_a_median_is_given_to_the_nearest_step(bridge_builder):
    for rent in [5010, 5020, 5040]:
        HouseholdFactory(bridge_builder=bridge_builder, current_rent=rent)

    assert selectors.median(Household.objects.all(), F("current_rent"), step=10) == (5020.0, 3)
    assert selectors.median(Household.objects.all(), F("current_rent"), step=100) == (5000.0, 3)


def test_the_month_of_a_row_is_its_local_calendar_month_at_every_boundary(bridge_builder):
    """MonthIndex (SQL written directly) places each row in the same month as the local
    date does, on either side of each month's local midnight (summer and winter time)."""
    from random import Random

    from brobygning.dashboard.selectors.base import month_index, months_in
    from households.models import PhaseChange
    from tests.factories import HouseholdFactory, PhaseChangeFactory

    filters = replace(PERIOD, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    months = months_in(filters)
    local, rng = ZoneInfo("Europe/Copenhagen"), Random(7)
    household = HouseholdFactory(bridge_builder=bridge_builder)
    for month in months:
        start = datetime(month.year, month.month, 1, tzinfo=local)
        for offset in (timedelta(0), timedelta(seconds=1), timedelta(days=rng.randint(1, 27))):
            PhaseChangeFactory(household=household, changed_at=start + offset)
        if month.month > 1:
            PhaseChangeFactory(household=household, changed_at=start - timedelta(seconds=1))
    rows = PhaseChange.objects.annotate(month=month_index("changed_at", filters, months))
    assert rows.count() == 47
    for changed_at, index in rows.values_list("changed_at", "month"):
        local_day = changed_at.astimezone(local).date()
        assert months[index] == date(local_day.year, local_day.month, 1)
