"""Caseload: open cases per bridge-builder and phase, and overdue follow-ups."""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Count, Q

from brobygning.core.models import User
from brobygning.core.roles import Role
from brobygning.core.suppression import Cell
from brobygning.dashboard.forms import Figure, Filters
from brobygning.dashboard.selectors.base import person_name, plain_rows
from brobygning.dashboard.selectors.now import status_now
from brobygning.dashboard.selectors.rows import open_households, overdue_followups
from households.models import OPEN_PHASES, Phase

_PHASE_INDEX = {phase.value: index for index, phase in enumerate(OPEN_PHASES)}


@dataclass
class CaseloadRow:
    """A bridge-builder's open cases per phase (or the unassigned cases') and overdue
    follow-ups, as bare counts. The linked cells are built when read: the table shows the
    largest caseloads, not all of them, so most rows never need their links."""

    name: str
    team: str
    counts: list[int]  # open cases per phase, in the order of OPEN_PHASES
    overdue_count: int
    filters: Filters
    person: dict  # the case list's parameters for this row: a bridge-builder, or unassigned
    open: int = field(init=False)  # open cases in all

    def __post_init__(self):
        self.open = sum(self.counts)

    @cached_property
    def cells(self) -> list[Cell]:
        link, person = self.filters.link, self.person
        return [
            Cell(count, link({"figure": Figure.OPEN, "phase": phase, **person}))
            for phase, count in zip(OPEN_PHASES, self.counts, strict=True)
        ]

    @cached_property
    def total(self) -> Cell:
        return Cell(self.open, self.filters.link({"figure": Figure.OPEN, **self.person}))

    @cached_property
    def overdue(self) -> Cell:
        return Cell(
            self.overdue_count,
            self.filters.link({"figure": Figure.OVERDUE_FOLLOWUPS, **self.person}),
        )


def _open_counts(filters: Filters, today: date) -> dict:
    """{bridge-builder pk or None: [open cases per phase of OPEN_PHASES]}: one query, or
    none while the count for these filters today is fresh (`now.status_now`)."""
    return status_now("open", filters, today, lambda: _count_open(filters))


def _count_open(filters: Filters) -> dict:
    """`_open_counts`, counted.

    Counting `phase` (never null) rather than the primary key lets PostgreSQL answer from
    the (bridge_builder, phase) index alone, and tuples skip building a dict per row."""
    counts = (
        open_households(filters)
        .values_list("bridge_builder", "phase")
        .annotate(n=Count("phase"))
        .order_by()
    )
    by_builder: dict = {}
    empty = [0] * len(OPEN_PHASES)
    for builder, phase, n in plain_rows(counts):  # integers and a phase code
        phases = by_builder.get(builder)
        if phases is None:
            phases = by_builder[builder] = empty.copy()
        phases[_PHASE_INDEX[phase]] = n
    return by_builder


def _open_totals(filters: Filters, by_builder: dict) -> dict:
    columns = by_builder.values()
    phase_totals = [sum(phases[index] for phases in columns) for index in range(len(OPEN_PHASES))]
    return {
        "phases": [Phase(p) for p in OPEN_PHASES],
        "phase_totals": [
            Cell(total, filters.link({"figure": Figure.OPEN, "phase": p}))
            for p, total in zip(OPEN_PHASES, phase_totals, strict=True)
        ],
        "total": Cell(sum(phase_totals), filters.link({"figure": Figure.OPEN})),
        # Open cases per bridge-builder who has any (the headline's average and largest).
        "loads": [
            load for pk, phases in by_builder.items() if pk is not None and (load := sum(phases))
        ],
    }


def open_cases(filters: Filters, today: date) -> dict:
    """Open cases now per phase, in all, and per bridge-builder as bare counts (the first
    screen's part of `caseload`): one query at most."""
    return _open_totals(filters, _open_counts(filters, today))


def caseload(filters: Filters, today: date) -> dict:
    """Open cases per bridge-builder and phase (now), with each one's overdue follow-ups.
    Every active bridge-builder is listed, so an empty caseload shows as well as a full one.
    Rows come largest caseload first."""
    by_builder = _open_counts(filters, today)
    overdue_by = dict(
        overdue_followups(filters, today).values_list("assignee").annotate(n=Count("*")).order_by()
    )
    builders = User.objects.filter(groups__name=Role.BRIDGE_BUILDER, is_active=True)
    if filters.team:
        builders = builders.filter(team=filters.team)
    users = User.objects.filter(
        Q(pk__in=builders.values("pk"))
        | Q(pk__in=[pk for pk in [*by_builder, *overdue_by] if pk is not None])
    ).values_list("pk", "first_name", "last_name", "username", "team__name")

    empty = [0] * len(OPEN_PHASES)
    rows = [
        CaseloadRow(
            name=person_name(first, last, username),
            team=team or "",
            counts=by_builder.get(pk, empty),
            overdue_count=overdue_by.get(pk, 0),
            filters=filters,
            person={"bridge_builder": pk},
        )
        for pk, first, last, username, team in users
    ]
    rows.sort(key=lambda r: (-r.open, r.name))
    unassigned = None
    if None in by_builder:
        unassigned = CaseloadRow(
            name="",
            team="",
            counts=by_builder[None],
            overdue_count=overdue_by.get(None, 0),
            filters=filters,
            person={"unassigned": True},
        )
    return {
        **_open_totals(filters, by_builder),
        "rows": rows,
        # Open cases nobody is assigned to, shown apart so a long table never hides them.
        "unassigned": unassigned,
        "overdue_total": Cell(
            sum(overdue_by.values()), filters.link({"figure": Figure.OVERDUE_FOLLOWUPS})
        ),
    }
