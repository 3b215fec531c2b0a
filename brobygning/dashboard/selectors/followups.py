"""Follow-up quality: the 14-day visits, overdue follow-ups by age, "does the bridge hold?"."""

from datetime import date, timedelta

from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    Q,
)
from django.db.models.lookups import LessThanOrEqual

from brobygning.core.suppression import Cell, Share
from brobygning.dashboard.forms import Figure, Filters
from brobygning.dashboard.selectors.base import (
    Item,
    LocalDate,
    count_rows,
    flag,
    household_scope,
    on_days,
    span,
)
from brobygning.dashboard.selectors.now import status_now
from brobygning.dashboard.selectors.rows import VISIT_ANSWERS, overdue_followups
from followups.models import FollowUp


def followup_quality(filters: Filters, today: date) -> dict:
    """The 14-day visits (the Esbjerg figure), overdue follow-ups by age, and the
    "does the bridge hold?" checks: two queries. (The first screen shows a few of these,
    with the previous period's: `visits_and_holds`.)"""

    def households(condition=None):
        return Count("household", distinct=True, filter=condition)

    # The visits and the "does the bridge hold?" checks due in the period are one scan of
    # those two kinds of follow-up, each figure with its own filter.
    visit = Q(kind=FollowUp.Kind.POST_MOVE_VISIT)
    hold = Q(kind=FollowUp.Kind.BRIDGE_HOLDS)
    counts = (
        FollowUp.objects.filter(
            kind__in=[FollowUp.Kind.POST_MOVE_VISIT, FollowUp.Kind.BRIDGE_HOLDS]
        )
        .exclude(status=FollowUp.Status.CANCELLED)
        .filter(on_days("due_on", filters), household_scope(filters, "household__"))
        .aggregate(
            total=households(visit),
            **{name: households(visit & condition) for name, condition in VISIT_ANSWERS.items()},
            holds_total=households(hold),
            holds_done=households(hold & Q(status=FollowUp.Status.DONE)),
            holds_on_time=households(
                hold
                & Q(
                    LessThanOrEqual(LocalDate("completed_at"), F("due_on")),
                    status=FollowUp.Status.DONE,
                )
            ),
            holds_overdue=households(hold & Q(status=FollowUp.Status.OPEN, due_on__lt=today)),
        )
    )
    visits = counts
    holds = {name: counts[f"holds_{name}"] for name in ("total", "done", "on_time", "overdue")}
    link = {"figure": Figure.POST_MOVE_VISIT}

    overdue = overdue_by_age(filters, today)
    answers = [
        Item(
            value,
            label,
            Share(visits[value], visits["offered"], filters.link({**link, "answer": value})),
        )
        for value, label in FollowUp.VisitAnswer.choices
    ]
    return {
        "visits_due": Cell(visits["total"], filters.link(link)),
        "offered": Share(
            visits["offered"], visits["total"], filters.link({**link, "answer": "offered"})
        ),
        "offered_on_time": Share(
            visits["on_time"], visits["total"], filters.link({**link, "answer": "on_time"})
        ),
        "answers": answers,
        # The visit headline's figure (as in `visits_and_holds`).
        "visit_accepted": next(item.value for item in answers if item.key == "accepted"),
        **overdue,
        "holds_due": Cell(holds["total"]),
        "holds_done": Share(holds["done"], holds["total"]),
        "holds_on_time": Share(holds["on_time"], holds["total"]),
        "holds_overdue": Cell(holds["overdue"]),
    }


AGES = [(1, 7), (8, 14), (15, 30), (31, None)]  # days overdue, as in the chart


class DaysOverdue(Func):
    """Which of `AGES` an overdue follow-up falls in (the age's first day: 1, 8, 15 or 31), as
    `CASE WHEN due_on >= %s THEN 1 … ELSE 31 END`: written as SQL directly, like
    `base.MonthIndex`, because resolving a Case of When(Q)s costs more CPU than the database
    spends on the query."""

    output_field = IntegerField()

    def __init__(self, today: date, **extra):
        super().__init__(F("due_on"), **extra)
        self.today = today

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.get_source_expressions()[0])
        prepare = DateField().get_db_prep_value
        whens, params = [], []
        for low, high in AGES:
            if high:
                whens.append(f"WHEN {column} >= %s THEN {low:d}")
                params.extend(
                    (*column_params, prepare(self.today - timedelta(days=high), connection))
                )
        return f"CASE {' '.join(whens)} ELSE {AGES[-1][0]:d} END", params


def overdue_by_age(filters: Filters, today: date) -> dict:
    """Open follow-ups overdue today by how many days (`AGES`), and in all: one query,
    grouped by age (one row per age, not a filtered count each); none while the count for
    these filters today is fresh (`now.status_now`)."""
    rows = status_now(
        "overdue",
        filters,
        today,
        lambda: dict(
            overdue_followups(filters, today)
            .annotate(age=DaysOverdue(today))
            .values_list("age")
            .annotate(n=Count("*"))
            .order_by()
        ),
    )
    return {
        "overdue_by_age": [(low, high, Cell(rows.get(low, 0))) for low, high in AGES],
        "overdue_total": Cell(
            sum(rows.values()), filters.link({"figure": Figure.OVERDUE_FOLLOWUPS})
        ),
    }


def visits_and_holds(filters: Filters, today: date, before: Filters) -> dict:
    """What the first screen shows of `followup_quality`: the visits accepted of those
    offered (for the period and `before`, the previous period), the "does the bridge hold?"
    checks done, and the overdue follow-ups by age: two queries.

    The visits and checks due in both periods are one scan grouped by kind and period (four
    rows), so each figure is one expression, not one filtered count per kind and period."""
    followups = (
        FollowUp.objects.filter(
            kind__in=[FollowUp.Kind.POST_MOVE_VISIT, FollowUp.Kind.BRIDGE_HOLDS]
        )
        .exclude(status=FollowUp.Status.CANCELLED)
        .filter(on_days("due_on", span(filters, before)), household_scope(filters, "household__"))
        .values(
            "kind",
            "due_on",
            "household",
            offered=flag(VISIT_ANSWERS["offered"]),
            accepted=flag(VISIT_ANSWERS["accepted"]),
            done=flag(Q(status=FollowUp.Status.DONE)),
        )
    )
    rows = count_rows(
        followups,
        "kind, due_on >= %s, COUNT(DISTINCT household), "
        "COUNT(DISTINCT household) FILTER (WHERE offered), "
        "COUNT(DISTINCT household) FILTER (WHERE accepted), "
        "COUNT(DISTINCT household) FILTER (WHERE done)",
        [filters.date_from],
        group_by=2,
    )
    counts = {(kind, bool(now)): numbers for kind, now, *numbers in rows}

    def count(kind, now):
        names = ("total", "offered", "accepted", "done")
        return dict(zip(names, counts.get((kind, now), (0,) * 4), strict=True))

    visits = count(FollowUp.Kind.POST_MOVE_VISIT, True)
    previous = count(FollowUp.Kind.POST_MOVE_VISIT, False)
    holds = count(FollowUp.Kind.BRIDGE_HOLDS, True)
    link = {"figure": Figure.POST_MOVE_VISIT, "answer": "accepted"}
    return {
        "visit_accepted": Share(visits["accepted"], visits["offered"], filters.link(link)),
        "previous_visit": Share(previous["accepted"], previous["offered"]),
        "holds_done": Share(holds["done"], holds["total"]),
        **overdue_by_age(filters, today),
    }
