"""Follow-up quality: the 14-day visits, overdue follow-ups by age, "does the bridge hold?"."""

from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.db.models.lookups import LessThanOrEqual

from brobygning.core.suppression import Cell, Share
from brobygning.dashboard.forms import Figure, Filters
from brobygning.dashboard.selectors.base import Item, LocalDate, household_scope, on_days, span
from brobygning.dashboard.selectors.rows import VISIT_ANSWERS, overdue_followups
from followups.models import FollowUp


def followup_quality(filters: Filters, today: date, before: Filters | None = None) -> dict:
    """The 14-day visits (the Esbjerg figure), overdue follow-ups by age, and the
    "does the bridge hold?" checks: two queries. With `before` (the previous period) also
    its visits offered and accepted, as "previous_visit", from the same queries."""

    def households(condition=None):
        return Count("household", distinct=True, filter=condition)

    # The visits and the "does the bridge hold?" checks due in the period (and the previous
    # one) are one scan of those two kinds of follow-up, each figure with its own filter.
    visit = Q(kind=FollowUp.Kind.POST_MOVE_VISIT) & on_days("due_on", filters)
    hold = Q(kind=FollowUp.Kind.BRIDGE_HOLDS) & on_days("due_on", filters)
    previous = (
        {
            f"previous_{name}": households(
                Q(kind=FollowUp.Kind.POST_MOVE_VISIT)
                & on_days("due_on", before)
                & VISIT_ANSWERS[name]
            )
            for name in ("offered", "accepted")
        }
        if before
        else {}
    )
    counts = (
        FollowUp.objects.filter(
            kind__in=[FollowUp.Kind.POST_MOVE_VISIT, FollowUp.Kind.BRIDGE_HOLDS]
        )
        .exclude(status=FollowUp.Status.CANCELLED)
        .filter(on_days("due_on", span(filters, before)), household_scope(filters, "household__"))
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
            **previous,
        )
    )
    visits = counts
    holds = {name: counts[f"holds_{name}"] for name in ("total", "done", "on_time", "overdue")}
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
    extra = (
        {"previous_visit": Share(counts["previous_accepted"], counts["previous_offered"])}
        if before
        else {}
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
        **extra,
    }
