"""Flow: referrals per month and their answers, phases over time, case duration, reopened cases."""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    F,
)

from brobygning.core.suppression import Cell, Median, Share
from brobygning.dashboard.forms import Figure, Filters
from brobygning.dashboard.selectors.base import (
    Days,
    Item,
    LocalDate,
    MonthIndex,
    at_times,
    household_scope,
    median,
    month_index,
    months_in,
    on_days,
)
from brobygning.dashboard.selectors.rows import answered_referrals, received_referrals, reopenings
from households.models import Household, Phase, PhaseChange
from referrals.models import Referral


@dataclass
class MonthRow:
    month: date
    received: Cell
    accepted: Cell
    declined: Cell


def flow(filters: Filters) -> dict:
    """Referrals per month, the answers and how long they take; phases over time, case
    duration and reopened cases."""
    return {**referral_months(filters), **case_flow(filters)}


def referral_months(filters: Filters) -> dict:
    """Referrals received per month (by the month sent), accepted and declined (by the
    month answered), and why they were declined: one query over the referrals sent or
    answered in the period, grouped by both months."""
    periods = months_in(filters)
    rows = (
        (received_referrals(filters) | answered_referrals(filters))
        .annotate(
            sent=_month_in_period("sent_at", filters, periods),
            answered=_month_in_period("answered_at", filters, periods),
        )
        .values_list("sent", "answered", "status", "decline_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    received_by, accepted_by, declined_by = ([0] * len(periods) for _ in range(3))
    reasons = {}
    for sent, answered, status, reason, n in rows:
        # Month numbers from 1: 0 is before the period, None after it (or never).
        if sent and status != Referral.Status.DRAFT:
            received_by[sent - 1] += n
        if answered and status == Referral.Status.ACCEPTED:
            accepted_by[answered - 1] += n
        elif answered and status == Referral.Status.DECLINED:
            declined_by[answered - 1] += n
            reasons[reason] = reasons.get(reason, 0) + n
    months = [
        MonthRow(
            month, Cell(received_by[index]), Cell(accepted_by[index]), Cell(declined_by[index])
        )
        for index, month in enumerate(periods)
    ]
    accepted, declined = sum(accepted_by), sum(declined_by)
    return {
        "months": months,
        "received": Cell(sum(received_by)),
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
    }


def _month_in_period(column: str, filters: Filters, months: list[date]) -> MonthIndex:
    """Which month of the period a row's `column` falls in, counted from 1: 0 before the
    period, NULL from its end on. Unlike `month_index`, for rows that may lie outside the
    period."""
    ends = month_index(column, filters, months).boundaries
    return MonthIndex(column, [filters.start, *ends[:-1], filters.end])


def case_flow(filters: Filters) -> dict:
    """How long answers and first contacts take, phases entered per month, case duration
    and reopened cases."""
    periods = months_in(filters)
    accepted_referrals = answered_referrals(filters).filter(status=Referral.Status.ACCEPTED)
    to_accept, n_accept = median(accepted_referrals, Days("answered_at", "sent_at"))
    # The first contact on or after the answer day, kept per referral (summary.py).
    to_contact, n_contact = median(
        accepted_referrals.annotate(answered_on=LocalDate("answered_at")),
        Days(F("contact_fact__after_answer"), F("answered_on")),
        step=1,
    )

    changes = (
        PhaseChange.objects.filter(
            at_times("changed_at", filters), household_scope(filters, "household__")
        )
        .annotate(month=month_index("changed_at", filters, periods))
        .values("month", "to_phase")
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )
    entries = {(row["month"], row["to_phase"]): row["n"] for row in changes}
    duration, n_closed = median(
        Household.objects.filter(
            on_days("closed_on", filters), household_scope(filters), phase=Phase.CLOSED
        ),
        Days("closed_on", "opened_on"),
        step=1,
    )
    reopened = reopenings(filters).aggregate(n=Count("household", distinct=True))["n"]
    return {
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
