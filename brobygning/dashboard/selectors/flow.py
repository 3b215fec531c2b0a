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
    month answered), and why they were declined: two queries."""
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
    }


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
