"""Caseload: open cases per bridge-builder and phase, and overdue follow-ups."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from brobygning.core.models import User
from brobygning.core.roles import Role
from brobygning.core.suppression import Cell
from brobygning.dashboard.forms import Figure, Filters
from brobygning.dashboard.selectors.base import person_name
from brobygning.dashboard.selectors.rows import open_households, overdue_followups
from households.models import OPEN_PHASES, Phase


@dataclass
class CaseloadRow:
    name: str
    team: str
    cells: list[Cell]
    total: Cell
    overdue: Cell


def _open_counts(filters: Filters) -> dict:
    """{bridge-builder pk or None: {phase: open cases}}: one query."""
    counts = (
        open_households(filters)
        .values("bridge_builder", "phase")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_builder: dict = {}
    for row in counts:
        by_builder.setdefault(row["bridge_builder"], {})[row["phase"]] = row["n"]
    return by_builder


def _open_totals(filters: Filters, by_builder: dict) -> dict:
    phase_totals = {p: sum(b.get(p, 0) for b in by_builder.values()) for p in OPEN_PHASES}
    loads = [sum(phases.values()) for pk, phases in by_builder.items() if pk is not None]
    return {
        "phases": [Phase(p) for p in OPEN_PHASES],
        "phase_totals": [
            Cell(phase_totals[p], filters.link({"figure": Figure.OPEN, "phase": p}))
            for p in OPEN_PHASES
        ],
        "total": Cell(sum(phase_totals.values()), filters.link({"figure": Figure.OPEN})),
        # Open cases per bridge-builder who has any (the headline's average and largest).
        "loads": [load for load in loads if load],
    }


def open_cases(filters: Filters) -> dict:
    """Open cases now per phase, in all, and per bridge-builder as bare counts (the first
    screen's part of `caseload`): one query."""
    return _open_totals(filters, _open_counts(filters))


def caseload(filters: Filters, today: date) -> dict:
    """Open cases per bridge-builder and phase (now), with each one's overdue follow-ups.
    Every active bridge-builder is listed, so an empty caseload shows as well as a full one."""
    by_builder = _open_counts(filters)
    overdue = (
        overdue_followups(filters, today).values("assignee").annotate(n=Count("pk")).order_by()
    )
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
        row(pk, person_name(first, last, username), team)
        for pk, first, last, username, team in users
    ]
    rows.sort(key=lambda r: (-r.total.count, r.name))
    return {
        **_open_totals(filters, by_builder),
        "rows": rows,
        # Open cases nobody is assigned to, shown apart so a long table never hides them.
        "unassigned": row(None, "", "") if None in by_builder else None,
        "overdue_total": Cell(
            sum(overdue_by.values()), filters.link({"figure": Figure.OVERDUE_FOLLOWUPS})
        ),
    }
