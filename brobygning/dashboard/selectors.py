"""Every figure of the manager dashboard, computed by aggregate queries in the database.

Each section runs a fixed number of queries whatever the number of households, referrals,
follow-ups or journal entries: counts, medians and groupings happen in SQL, and Python only
reshapes the few aggregate rows (one per month, phase, area or bridge-builder) into tables.

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

import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import NotSupportedError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Round, TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from actors.models import Area, AreaListStatus, ListStatus
from actors.needs import NeedCategory
from brobygning.core.models import User
from brobygning.core.roles import Role
from brobygning.core.suppression import Cell, Median, Share
from brobygning.dashboard.forms import (
    CLOSURE_CRITERIA,
    REQUEST_AGES,
    Figure,
    Filters,
    request_age,
)
from followups.models import FollowUp
from households.models import (
    OPEN_PHASES,
    Bridge,
    Closure,
    Household,
    HousingOffer,
    Move,
    Need,
    Phase,
    PhaseChange,
)
from referrals.models import Referral
from referrals.selectors import first_contact_after

# The receiving-area monitor marks an area taking more than this share of the period's moves
# (the waterbed effect); settings.BROBYGNING["RECEIVING_AREA_WARNING_PERCENT"] overrides it.
RECEIVING_AREA_WARNING_PERCENT = 25

# The bridge figures (`bridges(filters, today)`): the most-used support offers and actors,
# requests pending at actors by age, and the share of accepted referrals that led to at least
# one confirmed bridge.
MOST_USED = 10  # support offers and actors listed as the most used


# --- Building blocks ---------------------------------------------------------------------


def household_scope(filters: Filters, prefix: str = "", receiving: str | None = None) -> Q:
    """The team and area filters as a Q on households, or on rows reached by `prefix`
    (e.g. "household__"). `receiving` names the receiving-area column when the row has its
    own (a move, an offer), instead of the household's."""
    q = Q()
    if filters.team:
        q &= Q(**{f"{prefix}team": filters.team})
    if filters.origin_area:
        q &= Q(**{f"{prefix}origin_area": filters.origin_area})
    if filters.receiving_area:
        q &= Q(**{receiving or f"{prefix}receiving_area": filters.receiving_area})
    return q


def _on_days(column: str, filters: Filters) -> Q:
    return Q(**{f"{column}__gte": filters.date_from, f"{column}__lte": filters.date_to})


def _at_times(column: str, filters: Filters) -> Q:
    return Q(**{f"{column}__gte": filters.start, f"{column}__lt": filters.end})


class Days(Func):
    """Days from `start` to `end` (dates, or datetimes) as a float, in native SQL.

    Django's date subtraction runs a Python function per row on SQLite; julianday() there,
    and interval arithmetic on PostgreSQL, keep a dashboard over 10,000 cases fast.
    """

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def _parts(self, compiler):
        (end_sql, end_params), (start_sql, start_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return end_sql, start_sql, (*end_params, *start_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start, params = self._parts(compiler)
        return f"(julianday({end}) - julianday({start}))", params

    def as_postgresql(self, compiler, connection, **extra_context):
        end, start, params = self._parts(compiler)
        if isinstance(self.get_source_expressions()[0].output_field, DateTimeField):
            return f"(EXTRACT(EPOCH FROM ({end}) - ({start})) / 86400.0)", params
        return f"CAST(({end}) - ({start}) AS double precision)", params

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("Days() is written for SQLite and PostgreSQL only.")


class LocalDate(TruncDate):
    """The local calendar date of a datetime, like TruncDate (and `__date`).

    On SQLite, TruncDate calls a Python function per row; SQLite's own date(…, 'localtime')
    gives the same answer without it, because Django points the process's TZ at TIME_ZONE
    (and calls tzset) at start-up. Where that does not hold (another active time zone, or a
    platform without TZ) it falls back to TruncDate.
    """

    def as_sqlite(self, compiler, connection, **extra_context):
        if os.environ.get("TZ") == settings.TIME_ZONE == timezone.get_current_timezone_name():
            sql, params = compiler.compile(self.lhs)
            return f"date({sql}, 'localtime')", params
        return super().as_sqlite(compiler, connection, **extra_context)


def median(queryset, expression, step=0.1) -> tuple[float | None, int]:
    """(median, n) of `expression` over the rows of `queryset` where it is not null, to the
    nearest `step`.

    One query on any database: the database rounds each value to a multiple of `step` and
    counts the rows sharing it, and the median is read off that histogram. Each row's value
    is computed once, and the answer has one row per distinct rounded value — bounded by the
    range of the values over `step` (days, percent), not by the number of rows.
    """
    value, n, _count = median_and_count(queryset, expression, step=step)
    return value, n


def median_and_count(queryset, expression, *, step=0.1, where=None):
    """(median, n, how many rows meet `where`) in the one query of `median`: `where` is a
    second grouping key, so a threshold is checked on the exact value, not the rounded one."""
    flag = (
        Case(When(where, then=Value(True)), default=Value(False), output_field=BooleanField())
        if where is not None
        else Value(False)
    )
    histogram = (
        queryset.order_by()
        .annotate(_value=Round(Cast(expression, FloatField()) / Value(float(step)), 0), _flag=flag)
        .values("_value", "_flag")
        .annotate(_rows=Count("pk"))
        .values_list("_value", "_flag", "_rows")
    )
    counts, matching = {}, 0
    for value, flagged, rows in histogram:
        if value is None:
            continue
        counts[float(value)] = counts.get(float(value), 0) + rows
        matching += rows if flagged else 0
    total = sum(counts.values())
    if not total:
        return None, 0, 0
    ordered = sorted(counts.items())

    def nth(index):  # the index-th smallest value, from 0
        seen = 0
        for value, rows in ordered:
            seen += rows
            if index < seen:
                return value

    middle = (nth((total - 1) // 2) + nth(total // 2)) / 2
    return round(middle * step, 6), total, matching


def month_index(column: str, filters: Filters, months: list[date]):
    """Which month of the period a row's `column` falls in (0, 1, 2…), by plain comparisons
    with the months' local-time boundaries: no per-row date function, so an index can serve
    it and SQLite calls no Python. Rows must already lie within the period."""
    whens = []
    for index, month in enumerate(months):
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        boundary = timezone.make_aware(datetime.combine(following, time.min))
        whens.append(When(**{f"{column}__lt": boundary}, then=Value(index)))
    return Case(*whens, default=Value(None), output_field=IntegerField())


def months_in(filters: Filters) -> list[date]:
    month, months = date(filters.date_from.year, filters.date_from.month, 1), []
    while month <= filters.date_to:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _name(first, last, username) -> str:
    return f"{first} {last}".strip() or username


# --- The rows each figure counts (shared by the figures and the case lists behind them) ---


def open_households(filters: Filters):
    return Household.objects.open().filter(household_scope(filters))


def overdue_followups(filters: Filters, today: date):
    return (
        FollowUp.objects.open()
        .filter(due_on__lt=today)
        .filter(household_scope(filters, "household__"))
    )


def received_referrals(filters: Filters):
    return Referral.objects.exclude(status=Referral.Status.DRAFT).filter(
        _at_times("sent_at", filters), _referral_scope(filters)
    )


def answered_referrals(filters: Filters):
    return Referral.objects.filter(
        _at_times("answered_at", filters),
        _referral_scope(filters),
        status__in=[Referral.Status.ACCEPTED, Referral.Status.DECLINED],
    )


def _referral_scope(filters: Filters) -> Q:
    """A referral belongs to the team of its case, or (declined, no case) of whoever answered."""
    q = Q()
    if filters.team:
        q &= Q(household__team=filters.team) | Q(
            household__isnull=True, answered_by__team=filters.team
        )
    if filters.origin_area:
        q &= Q(origin_area=filters.origin_area)
    if filters.receiving_area:
        q &= Q(household__receiving_area=filters.receiving_area)
    return q


def closures(filters: Filters):
    return Closure.objects.filter(
        _on_days("closed_on", filters), household_scope(filters, "household__")
    )


def reopenings(filters: Filters):
    """A phase change out of "closed" is a reopened case."""
    return (
        PhaseChange.objects.filter(from_phase=Phase.CLOSED)
        .exclude(to_phase=Phase.CLOSED)
        .filter(_at_times("changed_at", filters), household_scope(filters, "household__"))
    )


def moves(filters: Filters):
    return Move.objects.filter(
        _on_days("moved_on", filters),
        household_scope(filters, "household__", receiving="receiving_area"),
    )


def post_move_visits(filters: Filters):
    """The 14-day follow-ups (one per move) due in the period; cancelled ones (a move called
    off) are not counted."""
    return (
        FollowUp.objects.filter(kind=FollowUp.Kind.POST_MOVE_VISIT)
        .exclude(status=FollowUp.Status.CANCELLED)
        .filter(_on_days("due_on", filters), household_scope(filters, "household__"))
    )


# A visit counts as offered on time when the follow-up was completed, with a visit offered,
# on or before its due date (the move date + 14).
OFFERED_ON_TIME = Q(
    LessThanOrEqual(LocalDate("completed_at"), F("due_on")),
    status=FollowUp.Status.DONE,
    visit_offered=True,
)
VISIT_ANSWERS = {
    "accepted": Q(visit_offered=True, visit_answer=FollowUp.VisitAnswer.ACCEPTED),
    "declined": Q(visit_offered=True, visit_answer=FollowUp.VisitAnswer.DECLINED),
    "no_answer": Q(visit_offered=True, visit_answer=FollowUp.VisitAnswer.NO_ANSWER),
    "on_time": OFFERED_ON_TIME,
    "offered": Q(visit_offered=True),
}


def needs(filters: Filters):
    return Need.objects.filter(
        _at_times("created_at", filters), household_scope(filters, "household__")
    )


# A need counts as found unless it was marked not needed, and as met when met.
NEED_FOUND = ~Q(status=Need.Status.NOT_NEEDED)
NEED_MET = Q(status=Need.Status.MET)


# A bridge to a support offer is used from its request on: every status but "proposed" (a
# proposal dropped before it was sent ends without `requested_at`; a declined one proposed
# again is back to "proposed"). It counts in the period it was requested.
USED_STATUSES = [status for status in Bridge.Status if status != Bridge.Status.PROPOSED]


def _used(filters: Filters) -> Q:
    return Q(_at_times("requested_at", filters), status__in=USED_STATUSES)


# A request pending at an actor: sent to a support offer and not answered yet (now, whatever
# the period, like the caseload).
PENDING = Q(status=Bridge.Status.REQUESTED, requested_at__isnull=False)


def _offer_bridges(filters: Filters):
    """Bridges to support offers (so to actors) of the households within the filters."""
    return Bridge.objects.filter(
        household_scope(filters, "household__"), support_offer__isnull=False
    )


def used_bridges(filters: Filters):
    return _offer_bridges(filters).filter(_used(filters))


def pending_requests(filters: Filters):
    return _offer_bridges(filters).filter(PENDING)


def requested_days_ago(low: int, high: int | None, today: date) -> Q:
    """Requests sent `low` to `high` whole days before `today` (local calendar days), by
    plain comparisons with local midnights, so no per-row date function."""

    def midnight(day):
        return timezone.make_aware(datetime.combine(day, time.min))

    q = Q()
    if high is not None:
        q &= Q(requested_at__gte=midnight(today - timedelta(days=high)))
    if low:
        q &= Q(requested_at__lt=midnight(today - timedelta(days=low - 1)))
    return q


def holding_bridges(household=None):
    """Confirmed or active bridges (to an offer or a local contact) of `household` (by
    default the outer row's household)."""
    household = OuterRef("household") if household is None else household
    return Bridge.objects.filter(household=household, status__in=Bridge.HOLDING)


# --- Sections ----------------------------------------------------------------------------


@dataclass
class Item:
    """One labelled figure of a list: `key` is the stable code (a choice value), `label` what
    the reader sees."""

    key: str
    label: str
    value: object


@dataclass
class NeedRow:
    key: str
    label: str
    found: Cell
    met: Cell


@dataclass
class CaseloadRow:
    name: str
    team: str
    cells: list[Cell]
    total: Cell
    overdue: Cell


def caseload(filters: Filters, today: date) -> dict:
    """Open cases per bridge-builder and phase (now), with each one's overdue follow-ups.
    Every active bridge-builder is listed, so an empty caseload shows as well as a full one."""
    counts = (
        open_households(filters)
        .values("bridge_builder", "phase")
        .annotate(n=Count("pk"))
        .order_by()
    )
    overdue = (
        overdue_followups(filters, today).values("assignee").annotate(n=Count("pk")).order_by()
    )
    by_builder: dict = {}
    for row in counts:
        by_builder.setdefault(row["bridge_builder"], {})[row["phase"]] = row["n"]
    overdue_by = {row["assignee"]: row["n"] for row in overdue}
    builders = User.objects.filter(groups__name=Role.BRIDGE_BUILDER, is_active=True)
    if filters.team:
        builders = builders.filter(team=filters.team)
    users = User.objects.filter(
        Q(pk__in=builders.values("pk"))
        | Q(pk__in=[pk for pk in [*by_builder, *overdue_by] if pk is not None])
    ).values_list("pk", "first_name", "last_name", "username", "team__name")

    def row(pk, name, team):
        phases = by_builder.get(pk, {})
        person = {"bridge_builder": pk} if pk else {"unassigned": True}
        return CaseloadRow(
            name=name,
            team=team or "",
            cells=[
                Cell(
                    phases.get(p, 0),
                    filters.link({"figure": Figure.OPEN, "phase": p, **person}),
                )
                for p in OPEN_PHASES
            ],
            total=Cell(sum(phases.values()), filters.link({"figure": Figure.OPEN, **person})),
            overdue=Cell(
                overdue_by.get(pk, 0),
                filters.link({"figure": Figure.OVERDUE_FOLLOWUPS, **person}),
            ),
        )

    rows = [
        row(pk, _name(first, last, username), team) for pk, first, last, username, team in users
    ]
    rows.sort(key=lambda r: (-r.total.count, r.name))
    phase_totals = {p: sum(b.get(p, 0) for b in by_builder.values()) for p in OPEN_PHASES}
    return {
        "phases": [Phase(p) for p in OPEN_PHASES],
        "rows": rows,
        # Open cases nobody is assigned to, shown apart so a long table never hides them.
        "unassigned": row(None, "", "") if None in by_builder else None,
        "phase_totals": [
            Cell(phase_totals[p], filters.link({"figure": Figure.OPEN, "phase": p}))
            for p in OPEN_PHASES
        ],
        "total": Cell(sum(phase_totals.values()), filters.link({"figure": Figure.OPEN})),
        "overdue_total": Cell(
            sum(overdue_by.values()), filters.link({"figure": Figure.OVERDUE_FOLLOWUPS})
        ),
    }


@dataclass
class MonthRow:
    month: date
    received: Cell
    accepted: Cell
    declined: Cell


def flow(filters: Filters) -> dict:
    """Referrals per month, the answers and how long they take; phases over time, case
    duration and reopened cases."""
    periods = months_in(filters)
    received = (
        received_referrals(filters)
        .annotate(month=month_index("sent_at", filters, periods))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answered = (
        answered_referrals(filters)
        .annotate(month=month_index("answered_at", filters, periods))
        .values("month", "status", "decline_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    received_by = {row["month"]: row["n"] for row in received}
    accepted_by, declined_by, reasons = {}, {}, {}
    for row in answered:
        month = row["month"]
        if row["status"] == Referral.Status.ACCEPTED:
            accepted_by[month] = accepted_by.get(month, 0) + row["n"]
        else:
            declined_by[month] = declined_by.get(month, 0) + row["n"]
            reasons[row["decline_reason"]] = reasons.get(row["decline_reason"], 0) + row["n"]
    months = [
        MonthRow(
            month,
            Cell(received_by.get(index, 0)),
            Cell(accepted_by.get(index, 0)),
            Cell(declined_by.get(index, 0)),
        )
        for index, month in enumerate(periods)
    ]
    accepted, declined = sum(accepted_by.values()), sum(declined_by.values())

    accepted_referrals = answered_referrals(filters).filter(status=Referral.Status.ACCEPTED)
    to_accept, n_accept = median(accepted_referrals, Days("answered_at", "sent_at"))
    first_contact = first_contact_after(OuterRef("answered_on"))
    to_contact, n_contact = median(
        accepted_referrals.annotate(answered_on=LocalDate("answered_at")),
        Days(Subquery(first_contact, output_field=DateField()), F("answered_on")),
        step=1,
    )

    changes = (
        PhaseChange.objects.filter(
            _at_times("changed_at", filters), household_scope(filters, "household__")
        )
        .annotate(month=month_index("changed_at", filters, periods))
        .values("month", "to_phase")
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )
    entries = {(row["month"], row["to_phase"]): row["n"] for row in changes}
    duration, n_closed = median(
        Household.objects.filter(
            _on_days("closed_on", filters), household_scope(filters), phase=Phase.CLOSED
        ),
        Days("closed_on", "opened_on"),
        step=1,
    )
    reopened = reopenings(filters).aggregate(n=Count("household", distinct=True))["n"]
    return {
        "months": months,
        "received": Cell(sum(received_by.values())),
        "accepted": Cell(accepted, filters.link({"figure": Figure.REFERRALS_ACCEPTED})),
        "declined": Cell(declined),
        "share_accepted": Share(
            accepted,
            accepted + declined,
            filters.link({"figure": Figure.REFERRALS_ACCEPTED}),
        ),
        "decline_reasons": [
            Item(value, label, Cell(reasons.get(value, 0)))
            for value, label in Referral.DeclineReason.choices
        ],
        "median_days_to_accept": Median(to_accept, n_accept),
        "median_days_to_first_contact": Median(to_contact, n_contact),
        "phase_entries": [
            (month, [Cell(entries.get((index, p), 0)) for p in Phase])
            for index, month in enumerate(periods)
        ],
        "all_phases": list(Phase),
        "median_case_days": Median(duration, n_closed, decimals=0),
        "reopened": Cell(reopened, filters.link({"figure": Figure.REOPENED})),
    }


def followup_quality(filters: Filters, today: date) -> dict:
    """The 14-day visits (the Esbjerg figure), overdue follow-ups by age, and the
    "does the bridge hold?" checks."""

    def households(condition=None):
        return Count("household", distinct=True, filter=condition)

    visits = post_move_visits(filters).aggregate(
        total=households(),
        **{name: households(condition) for name, condition in VISIT_ANSWERS.items()},
    )
    link = {"figure": Figure.POST_MOVE_VISIT}

    ages = [(1, 7), (8, 14), (15, 30), (31, None)]
    overdue = overdue_followups(filters, today).aggregate(
        **{
            f"age_{low}": Count(
                "pk",
                filter=Q(due_on__lte=today - timedelta(days=low))
                & (Q(due_on__gte=today - timedelta(days=high)) if high else Q()),
            )
            for low, high in ages
        }
    )
    holds = (
        FollowUp.objects.filter(kind=FollowUp.Kind.BRIDGE_HOLDS)
        .exclude(status=FollowUp.Status.CANCELLED)
        .filter(_on_days("due_on", filters), household_scope(filters, "household__"))
        .aggregate(
            total=households(),
            done=households(Q(status=FollowUp.Status.DONE)),
            on_time=households(
                Q(
                    LessThanOrEqual(LocalDate("completed_at"), F("due_on")),
                    status=FollowUp.Status.DONE,
                )
            ),
            overdue=households(Q(status=FollowUp.Status.OPEN, due_on__lt=today)),
        )
    )
    return {
        "visits_due": Cell(visits["total"], filters.link(link)),
        "offered": Share(
            visits["offered"], visits["total"], filters.link({**link, "answer": "offered"})
        ),
        "offered_on_time": Share(
            visits["on_time"], visits["total"], filters.link({**link, "answer": "on_time"})
        ),
        "answers": [
            Item(
                value,
                label,
                Share(visits[value], visits["offered"], filters.link({**link, "answer": value})),
            )
            for value, label in FollowUp.VisitAnswer.choices
        ],
        "overdue_by_age": [(low, high, Cell(overdue[f"age_{low}"])) for low, high in ages],
        "overdue_total": Cell(
            sum(overdue.values()), filters.link({"figure": Figure.OVERDUE_FOLLOWUPS})
        ),
        "holds_due": Cell(holds["total"]),
        "holds_done": Share(holds["done"], holds["total"]),
        "holds_on_time": Share(holds["on_time"], holds["total"]),
        "holds_overdue": Cell(holds["overdue"]),
    }


def outcomes(filters: Filters) -> dict:
    """Closure criteria met, housing offers answered, and the rent after moving."""
    criteria = closures(filters).aggregate(
        total=Count("household", distinct=True),
        all_met=Count(
            "household",
            distinct=True,
            filter=Q(**{name: True for name, _ in CLOSURE_CRITERIA}),
        ),
        **{
            name: Count("household", distinct=True, filter=Q(**{name: True}))
            for name, _ in CLOSURE_CRITERIA
        },
    )
    closed_link = {"figure": Figure.CLOSED}

    # Offers are placed by their own receiving area: "offers in Bolbro, accepted or not".
    offers = (
        HousingOffer.objects.filter(
            _on_days("answered_on", filters),
            household_scope(filters, "household__", receiving="receiving_area"),
            status__in=[HousingOffer.Status.ACCEPTED, HousingOffer.Status.DECLINED],
        )
        .values("status", "decline_reason")
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )
    offer_counts, offer_reasons = {}, {}
    for row in offers:
        offer_counts[row["status"]] = offer_counts.get(row["status"], 0) + row["n"]
        if row["decline_reason"]:
            offer_reasons[row["decline_reason"]] = row["n"]
    accepted_offers = offer_counts.get(HousingOffer.Status.ACCEPTED, 0)
    declined_offers = offer_counts.get(HousingOffer.Status.DECLINED, 0)

    # Rent after moving: the accepted offer's rent against the rent of the home left, for
    # households that moved in the period and whose old rent is known.
    moved = moves(filters).filter(household=OuterRef("household"))
    rented = HousingOffer.objects.filter(
        Exists(moved), status=HousingOffer.Status.ACCEPTED, household__current_rent__gt=0
    )
    # (The move carries the filters: team and transformation area through its household,
    # the receiving area through the move itself.)
    percent = (
        Cast(F("net_rent") - F("household__current_rent"), FloatField())
        * Value(100.0)
        / Cast(F("household__current_rent"), FloatField())
    )
    # Above the warning when more than the limit higher, as HousingOffer.rent_increase_flagged.
    limit = settings.BROBYGNING["RENT_INCREASE_WARNING_PERCENT"]
    median_percent, n_rent, above = median_and_count(
        rented,
        percent,
        step=0.5,
        where=Q(net_rent__gt=F("household__current_rent") * Value(Decimal(100 + limit) / 100)),
    )
    return {
        "closed": Cell(criteria["total"], filters.link(closed_link)),
        "criteria": [
            Item(
                name,
                label,
                Share(
                    criteria[name],
                    criteria["total"],
                    filters.link({**closed_link, "criterion": name}),
                ),
            )
            for name, label in CLOSURE_CRITERIA
        ],
        "all_criteria": Share(criteria["all_met"], criteria["total"]),
        "offers_accepted": Cell(accepted_offers),
        "offers_declined": Cell(declined_offers),
        "offers_share_accepted": Share(accepted_offers, accepted_offers + declined_offers),
        "offer_decline_reasons": [
            Item(value, label, Cell(offer_reasons.get(value, 0)))
            for value, label in HousingOffer.DeclineReason.choices
        ],
        "rent_households": Cell(n_rent),
        "rent_median_percent": Median(median_percent, n_rent),
        "rent_above_limit": Share(above, n_rent),
        "rent_limit_percent": limit,
    }


def needs_found_and_met(filters: Filters) -> list[NeedRow]:
    """Per need category: households where it was found, and where it was met."""
    rows = (
        needs(filters)
        .values("category")
        .annotate(
            found=Count("household", distinct=True, filter=NEED_FOUND),
            met=Count("household", distinct=True, filter=NEED_MET),
        )
        .order_by()
    )
    counts = {row["category"]: row for row in rows}
    return [
        NeedRow(
            value,
            label,
            Cell(
                counts[value]["found"],
                filters.link({"figure": Figure.NEEDS, "category": value}),
            ),
            Cell(
                counts[value]["met"],
                filters.link({"figure": Figure.NEEDS, "category": value, "met": True}),
            ),
        )
        for value, label in NeedCategory.choices
        if value in counts and counts[value]["found"]
    ]


@dataclass
class BridgeRow:
    """A support offer (with its actor's name) or an actor, and its households."""

    key: int
    name: str
    actor: str
    households: Cell

    @property
    def label(self) -> str:
        return f"{self.name} – {self.actor}" if self.actor else self.name


@dataclass
class PendingRow:
    key: int
    name: str
    ages: list[Cell]
    total: Cell


def _actor_name(name: str, municipality: str) -> str:
    """As Actor.__str__: two actors may share a name in different municipalities."""
    return f"{name} ({municipality})" if municipality else name


def bridges(filters: Filters, today: date) -> dict:
    """The most-used support offers and actors (households with a bridge requested in the
    period), requests pending at actors now by days since the request, and the share of
    accepted referrals whose household has at least one confirmed bridge."""

    def households(condition=None):
        return Count("household", distinct=True, filter=condition)

    actor = (
        "support_offer__actor",
        "support_offer__actor__name",
        "support_offer__actor__municipality",
    )
    used = used_bridges(filters)
    offers = (
        used.values("support_offer", "support_offer__name", *actor)
        .annotate(n=households())
        .order_by("-n", "support_offer__name", "support_offer")[:MOST_USED]
    )
    actors = (
        used.values(*actor)
        .annotate(n=households())
        .order_by("-n", "support_offer__actor__name", "support_offer__actor")[:MOST_USED]
    )
    ages = {f"age_{low}": requested_days_ago(low, high, today) for low, high in REQUEST_AGES}
    per_actor = (
        pending_requests(filters)
        .values(*actor)
        .annotate(total=households(), **{name: households(q) for name, q in ages.items()})
        .order_by()
    )
    # The totals in one query: a household counts once however many offers and actors.
    totals = (
        _offer_bridges(filters)
        .filter(_used(filters) | PENDING)
        .aggregate(
            used=households(_used(filters)),
            pending=households(PENDING),
            **{name: households(PENDING & q) for name, q in ages.items()},
        )
    )
    referrals = (
        answered_referrals(filters)
        .filter(status=Referral.Status.ACCEPTED)
        .aggregate(total=households(), bridged=households(Exists(holding_bridges())))
    )

    used_link = {"figure": Figure.BRIDGES_USED}
    pending_link = {"figure": Figure.PENDING_REQUESTS}
    pending = [
        PendingRow(
            key=row["support_offer__actor"],
            name=_actor_name(
                row["support_offer__actor__name"], row["support_offer__actor__municipality"]
            ),
            ages=[
                Cell(
                    row[f"age_{low}"],
                    filters.link(
                        {**pending_link, "actor": row["support_offer__actor"], "age": low}
                    ),
                )
                for low, _high in REQUEST_AGES
            ],
            total=Cell(
                row["total"],
                filters.link({**pending_link, "actor": row["support_offer__actor"]}),
            ),
        )
        for row in per_actor
    ]
    pending.sort(key=lambda row: (-row.total.count, row.name))
    return {
        "offers": [
            BridgeRow(
                key=row["support_offer"],
                name=row["support_offer__name"],
                actor=_actor_name(
                    row["support_offer__actor__name"], row["support_offer__actor__municipality"]
                ),
                households=Cell(
                    row["n"], filters.link({**used_link, "support_offer": row["support_offer"]})
                ),
            )
            for row in offers
        ],
        "actors": [
            BridgeRow(
                key=row["support_offer__actor"],
                name=_actor_name(
                    row["support_offer__actor__name"], row["support_offer__actor__municipality"]
                ),
                actor="",
                households=Cell(
                    row["n"], filters.link({**used_link, "actor": row["support_offer__actor"]})
                ),
            )
            for row in actors
        ],
        "most_used": MOST_USED,
        "used": Cell(totals["used"], filters.link(used_link)),
        "pending": pending,
        "pending_by_age": [
            (low, high, Cell(totals[f"age_{low}"], filters.link({**pending_link, "age": low})))
            for low, high in REQUEST_AGES
        ],
        "pending_total": Cell(totals["pending"], filters.link(pending_link)),
        "referrals_accepted": Cell(
            referrals["total"], filters.link({"figure": Figure.REFERRALS_ACCEPTED})
        ),
        "referrals_bridged": Share(
            referrals["bridged"],
            referrals["total"],
            filters.link({"figure": Figure.REFERRALS_BRIDGED}),
        ),
    }


@dataclass
class AreaRow:
    area: object
    households: Cell
    internal: Cell
    external: Cell
    share: Share
    homes_share: Share | None
    list_status: str = ""  # the ListStatus code on the newest list, "" when not listed
    list_label: str = ""
    listed: bool = False
    warning: bool = False


@dataclass
class Matrix:
    origins: list = field(default_factory=list)
    destinations: list = field(default_factory=list)
    rows: list = field(default_factory=list)


def receiving_areas(filters: Filters, today: date) -> dict:
    """The receiving-area monitor: households moved into each area in the period, their share
    of all moves and of the area's homes, list status, and warnings (the waterbed effect); and
    the origin → destination matrix, internal and external."""
    area_moves = moves(filters)
    per_area = (
        area_moves.values("receiving_area")
        .annotate(
            households=Count("household", distinct=True),
            internal=Count(
                "household",
                distinct=True,
                filter=Q(household__rehousing_scope=Household.RehousingScope.INTERNAL),
            ),
            external=Count(
                "household",
                distinct=True,
                filter=Q(household__rehousing_scope=Household.RehousingScope.EXTERNAL),
            ),
        )
        .order_by()
    )
    counts = {row["receiving_area"]: row for row in per_area}
    total = area_moves.aggregate(n=Count("household", distinct=True))["n"]
    newest_list = AreaListStatus.objects.aggregate(year=Max("year"))["year"]
    latest = AreaListStatus.objects.filter(area=OuterRef("pk")).order_by("-year")
    areas = Area.objects.filter(Q(is_receiving_area=True) | Q(pk__in=list(counts))).annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_year=Subquery(latest.values("year")[:1]),
    )
    if filters.receiving_area:
        areas = areas.filter(pk=filters.receiving_area.pk)
    warn_percent = settings.BROBYGNING.get(
        "RECEIVING_AREA_WARNING_PERCENT", RECEIVING_AREA_WARNING_PERCENT
    )
    labels = dict(ListStatus.choices)
    rows = []
    for area in areas.order_by("name"):
        row = counts.get(area.pk, {"households": 0, "internal": 0, "external": 0})
        link = {"figure": Figure.MOVED, "receiving_area": area.pk}
        share = Share(row["households"], total)
        listed = bool(area.latest_status and area.latest_year == newest_list)
        rows.append(
            AreaRow(
                area=area,
                households=Cell(row["households"], filters.link(link)),
                internal=Cell(row["internal"], filters.link({**link, "scope": "internal"})),
                external=Cell(row["external"], filters.link({**link, "scope": "external"})),
                share=share,
                homes_share=Share(row["households"], area.homes_count)
                if area.homes_count
                else None,
                list_status=area.latest_status if listed else "",
                list_label=labels.get(area.latest_status, "") if listed else "",
                listed=listed,
                warning=bool(
                    (share.percent is not None and share.percent > warn_percent)
                    or (listed and row["households"])
                ),
            )
        )
    rows.sort(key=lambda r: (-r.households.count, r.area.name))
    into_listed = sum(r.households.count for r in rows if r.listed)

    cells = (
        area_moves.values(
            "household__origin_area",
            "household__origin_area__name",
            "receiving_area",
            "receiving_area__name",
            "household__rehousing_scope",
        )
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )
    origins, destinations, grid, scopes = {}, {}, {}, {}
    for cell in cells:
        origin, destination = cell["household__origin_area"], cell["receiving_area"]
        origins[origin] = cell["household__origin_area__name"]
        destinations[destination] = cell["receiving_area__name"]
        grid[origin, destination] = grid.get((origin, destination), 0) + cell["n"]
        key = (origin, cell["household__rehousing_scope"])
        scopes[key] = scopes.get(key, 0) + cell["n"]
    matrix = Matrix(
        origins=sorted(origins.items(), key=lambda item: item[1]),
        destinations=sorted(destinations.items(), key=lambda item: item[1]),
    )
    for origin, _name_ in matrix.origins:
        link = {"figure": Figure.MOVED, "origin_area": origin}
        matrix.rows.append(
            (
                _name_,
                [
                    Cell(grid.get((origin, d), 0), filters.link({**link, "receiving_area": d}))
                    for d, _ in matrix.destinations
                ],
                Cell(
                    scopes.get((origin, "internal"), 0), filters.link({**link, "scope": "internal"})
                ),
                Cell(
                    scopes.get((origin, "external"), 0), filters.link({**link, "scope": "external"})
                ),
            )
        )
    return {
        "rows": rows,
        "total": Cell(total, filters.link({"figure": Figure.MOVED})),
        "into_listed": Cell(into_listed),
        "warn_percent": warn_percent,
        "matrix": matrix,
    }


def dashboard(filters: Filters, today: date | None = None) -> dict:
    """Every section of the dashboard page (and of the figures export)."""
    today = today or timezone.localdate()
    return {
        "filters": filters,
        "computed_at": timezone.now(),
        "caseload": caseload(filters, today),
        "flow": flow(filters),
        "followups": followup_quality(filters, today),
        "outcomes": outcomes(filters),
        "needs": needs_found_and_met(filters),
        "bridges": bridges(filters, today),
        "areas": receiving_areas(filters, today),
    }


# --- The cases behind a figure (managers only) -------------------------------------------


def cases_behind(user, cell: dict, filters: Filters, today: date | None = None):
    """The households counted in one cell of a figure, among those the user may see.

    `cell` is the figure key with its cell parameters (CaseListForm.cell); each figure reuses
    the rows its count was made of, so the list is as long as the (unsuppressed) number.
    """
    today = today or timezone.localdate()
    figure = cell["figure"]
    households = Household.objects.visible_to(user).for_caseload()
    here = OuterRef("pk")
    if figure == Figure.OPEN:
        households = households.open().filter(household_scope(filters))
        if cell.get("phase"):
            households = households.filter(phase=cell["phase"])
        if cell.get("bridge_builder"):
            households = households.filter(bridge_builder=cell["bridge_builder"])
        if cell.get("unassigned"):
            households = households.filter(bridge_builder__isnull=True)
    elif figure == Figure.OVERDUE_FOLLOWUPS:
        rows = overdue_followups(filters, today).filter(household=here)
        if cell.get("bridge_builder"):
            rows = rows.filter(assignee=cell["bridge_builder"])
        households = households.filter(Exists(rows))
    elif figure == Figure.REFERRALS_ACCEPTED:
        rows = answered_referrals(filters).filter(status=Referral.Status.ACCEPTED, household=here)
        households = households.filter(Exists(rows))
    elif figure == Figure.CLOSED:
        rows = closures(filters).filter(household=here)
        if cell.get("criterion"):
            rows = rows.filter(**{cell["criterion"]: True})
        households = households.filter(Exists(rows))
    elif figure == Figure.REOPENED:
        households = households.filter(Exists(reopenings(filters).filter(household=here)))
    elif figure == Figure.MOVED:
        households = households.filter(Exists(moves(filters).filter(household=here)))
        if cell.get("scope"):
            households = households.filter(rehousing_scope=cell["scope"])
    elif figure == Figure.POST_MOVE_VISIT:
        rows = post_move_visits(filters).filter(household=here)
        if cell.get("answer"):
            rows = rows.filter(VISIT_ANSWERS[cell["answer"]])
        households = households.filter(Exists(rows))
    elif figure == Figure.NEEDS:
        rows = needs(filters).filter(household=here)
        if cell.get("category"):
            rows = rows.filter(category=cell["category"])
        rows = rows.filter(NEED_MET if cell.get("met") else NEED_FOUND)
        households = households.filter(Exists(rows))
    elif figure == Figure.BRIDGES_USED:
        rows = used_bridges(filters).filter(household=here)
        if cell.get("support_offer"):
            rows = rows.filter(support_offer=cell["support_offer"])
        if cell.get("actor"):
            rows = rows.filter(support_offer__actor=cell["actor"])
        households = households.filter(Exists(rows))
    elif figure == Figure.PENDING_REQUESTS:
        rows = pending_requests(filters).filter(household=here)
        if cell.get("actor"):
            rows = rows.filter(support_offer__actor=cell["actor"])
        if cell.get("age"):
            rows = rows.filter(requested_days_ago(*request_age(cell["age"]), today))
        households = households.filter(Exists(rows))
    elif figure == Figure.REFERRALS_BRIDGED:
        rows = answered_referrals(filters).filter(status=Referral.Status.ACCEPTED, household=here)
        households = households.filter(Exists(rows), Exists(holding_bridges(here)))
    else:  # the form only lets known figures through
        return households.none()
    return households.order_by("reference")
