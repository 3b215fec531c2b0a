"""Every figure of the manager dashboard, computed by aggregate queries in the database.

Each section runs a fixed number of queries whatever the number of households, referrals,
follow-ups or journal entries: counts, medians and groupings happen in SQL, and Python only
reshapes the few aggregate rows (one per month, phase, area or bridge-builder) into tables.

One module per section (caseload, flow, followups, outcomes, needs_bridges, areas), all
taking the one `Filters` object (period, team, areas; brobygning.dashboard.forms); `base`
holds the SQL building blocks, `rows` the rows each figure counts (shared with the case
lists behind a figure, `cases`). The names below are the ones callers use.

Scope. The dashboard is for managers and administrators, who work for the whole
organisation (`Household.objects.visible_to` gives a manager every case), so the figures
count every case and the filters narrow them. The case lists behind a figure go through
`visible_to` like every other list of cases.

Counting. Figures about households count households (`Count("household", distinct=True)`),
so the number in a cell is the length of the case list it links to. Counts are exact here;
`suppression` hides small ones only where figures leave the team (the export for sharing).
(Overdue follow-ups are counted as follow-ups: they are a bridge-builder's to-do list, and
link to the households that have them.)
"""

from datetime import date

from django.utils import timezone

from brobygning.dashboard.forms import Filters
from brobygning.dashboard.selectors.areas import AreaRow, Matrix, receiving_areas
from brobygning.dashboard.selectors.base import (
    Days,
    Item,
    LocalDate,
    median,
    median_and_count,
    median_days,
    previous_period,
)
from brobygning.dashboard.selectors.caseload import CaseloadRow, caseload, open_cases
from brobygning.dashboard.selectors.cases import cases_behind
from brobygning.dashboard.selectors.flow import MonthRow, flow, referral_months
from brobygning.dashboard.selectors.followups import followup_quality, visits_and_holds
from brobygning.dashboard.selectors.needs_bridges import (
    MOST_USED,
    BridgeRow,
    NeedRow,
    PendingRow,
    bridge_usage,
    bridges,
    bridges_used,
    needs_found_and_met,
)
from brobygning.dashboard.selectors.now import computed_at, counting
from brobygning.dashboard.selectors.outcomes import closures_all_met, outcomes
from brobygning.dashboard.selectors.rows import (
    VISIT_ANSWERS,
    answered_referrals,
    closures,
    moves,
    post_move_visits,
    received_referrals,
    reopenings,
    used_bridges,
)

__all__ = [
    "MOST_USED",
    "VISIT_ANSWERS",
    "AreaRow",
    "BridgeRow",
    "CaseloadRow",
    "Days",
    "Item",
    "LocalDate",
    "Matrix",
    "SECTIONS",
    "MonthRow",
    "NeedRow",
    "PendingRow",
    "answered_referrals",
    "bridges",
    "caseload",
    "cases_behind",
    "closures",
    "dashboard",
    "flow",
    "followup_quality",
    "median",
    "median_and_count",
    "median_days",
    "overview",
    "section",
    "moves",
    "needs_found_and_met",
    "open_cases",
    "outcomes",
    "post_move_visits",
    "received_referrals",
    "receiving_areas",
    "reopenings",
    "used_bridges",
]


def dashboard(filters: Filters, today: date | None = None) -> dict:
    """Every section of the dashboard page (and of the figures export)."""
    today = today or timezone.localdate()
    with counting() as times:
        figures = {
            "caseload": caseload(filters, today),
            "flow": flow(filters),
            "followups": followup_quality(filters, today),
            "outcomes": outcomes(filters),
            "needs": needs_found_and_met(filters),
            "bridges": bridges(filters, today),
            "areas": receiving_areas(filters, today),
        }
    return {"filters": filters, "computed_at": computed_at(times), **figures}


# The page's sections after the first screen, each its own request (`?section=`), in the
# order of the page's navigation.
SECTIONS = ("caseload", "flow", "followups", "outcomes", "needs", "areas")


def overview(filters: Filters, today: date | None = None) -> dict:
    """What the first screen needs: the headlines' figures for the period and the three
    overview charts — not the sections' tables."""
    today = today or timezone.localdate()
    # The headlines compare with the previous period: its figures are counted by the same
    # queries as the period's (one scan over both periods' rows, a filter per period).
    before = previous_period(filters)
    with counting() as times:
        followups = visits_and_holds(filters, today, before)
        outcomes = closures_all_met(filters, before)
        bridges = bridges_used(filters, before)
        caseload = open_cases(filters, today)
        flow = referral_months(filters)
    return {
        "filters": filters,
        "computed_at": computed_at(times),
        "caseload": caseload,
        "flow": flow,
        "followups": followups,
        "outcomes": outcomes,
        "bridges": bridges,
        "previous": {
            "visit": followups["previous_visit"],
            "used": bridges["previous_used"],
            "all_criteria": outcomes["previous_all_criteria"],
        },
    }


def section(name: str, filters: Filters, today: date | None = None) -> dict:
    """The figures of one section of `SECTIONS` (the same as in `dashboard`)."""
    today = today or timezone.localdate()
    compute = {
        "caseload": lambda: {"caseload": caseload(filters, today)},
        "flow": lambda: {"flow": flow(filters)},
        "followups": lambda: {"followups": followup_quality(filters, today)},
        "outcomes": lambda: {"outcomes": outcomes(filters)},
        "needs": lambda: {
            "needs": needs_found_and_met(filters),
            "bridges": bridge_usage(filters, today),
        },
        "areas": lambda: {"areas": receiving_areas(filters, today)},
    }[name]
    with counting() as times:
        figures = compute()
    return {"filters": filters, "computed_at": computed_at(times), **figures}
