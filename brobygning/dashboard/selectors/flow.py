"""Flow: referrals per month and their answers, phases over time, case duration, reopened cases."""

from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import Count, F, Q
from django.utils import timezone

from brobygning.core.suppression import Cell, Median, Share
from brobygning.dashboard.forms import Figure, Filters
from brobygning.dashboard.selectors.base import (
    Days,
    Item,
    LocalDate,
    at_times,
    count_rows,
    household_scope,
    median,
    median_days,
    month_case,
    month_index,
    months_in,
    on_days,
)
from brobygning.dashboard.selectors.needs_bridges import referrals_bridged
from brobygning.dashboard.selectors.rows import answered_referrals, received_referrals, reopenings
from households.models import Bridge, Household, Phase, PhaseChange
from referrals.models import Referral


@dataclass
class MonthRow:
    month: date
    received: Cell
    accepted: Cell
    declined: Cell


def flow(filters: Filters) -> dict:
    """Referrals per month, the answers and how long they take, and how many led to a
    confirmed bridge; phases over time, case duration and reopened cases."""
    return {**referral_months(filters), **case_flow(filters)}


def referral_months(filters: Filters) -> dict:
    """Referrals received per month (by the month sent), accepted and declined (by the
    month answered), and why they were declined: two groupings, the referrals sent in the
    period and those answered in it, each read from its own index (`referral_sent`,
    `referral_answered_at`) rather than one pass over every referral sent or answered."""
    periods = months_in(filters)
    # The ORM selects the rows (filters, scope); the grouping by month is written here, as
    # it costs the ORM more to compile than the database to count.
    sent = received_referrals(filters).values("sent_at")
    boundaries = month_index("sent_at", filters, periods).boundaries
    month, params = month_case("sent_at", boundaries, connections[sent.db])
    received_by = [0] * len(periods)
    for index, n in count_rows(sent, f"{month}, COUNT(*)", params, group_by=1):
        received_by[index] += n

    answered = answered_referrals(filters).values("answered_at", "status", "decline_reason")
    month, params = month_case("answered_at", boundaries, connections[answered.db])
    rows = count_rows(answered, f"{month}, status, decline_reason, COUNT(*)", params, group_by=3)
    accepted_by, declined_by = ([0] * len(periods) for _ in range(2))
    reasons = {}
    for index, status, reason, n in rows:
        if status == Referral.Status.ACCEPTED:
            accepted_by[index] += n
        else:
            declined_by[index] += n
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


def case_flow(filters: Filters) -> dict:
    """How long answers and first contacts take, phases entered per month, case duration
    and reopened cases."""
    periods = months_in(filters)

    # A household entering a phase twice in a month counts once: only the first of its
    # entries in the period that month counts, i.e. those with no earlier entry that month
    # since the period began (`households.phase_months`).
    changes = (
        PhaseChange.objects.filter(
            at_times("changed_at", filters),
            household_scope(filters, "household__"),
            Q(earlier_in_month__isnull=True) | Q(earlier_in_month__lt=filters.start),
        )
        .annotate(month=month_index("changed_at", filters, periods))
        .values("month", "to_phase")
        .annotate(n=Count("*"))
        .order_by()
    )
    entries = {(row["month"], row["to_phase"]): row["n"] for row in changes}
    duration, n_closed = median_days(
        Household.objects.filter(
            on_days("closed_on", filters), household_scope(filters), phase=Phase.CLOSED
        ),
        "closed_on",
        "opened_on",
    )
    reopened = reopenings(filters).aggregate(n=Count("household", distinct=True))["n"]
    return {
        **accepted_referrals(filters),
        "phase_entries": [
            (month, [Cell(entries.get((index, p), 0)) for p in Phase])
            for index, month in enumerate(periods)
        ],
        "all_phases": list(Phase),
        "median_case_days": Median(duration, n_closed, decimals=0),
        "reopened": Cell(reopened, filters.link({"figure": Figure.REOPENED})),
    }


def accepted_referrals(filters: Filters) -> dict:
    """Over the referrals accepted in the period: the median days from sending to acceptance
    (to the nearest tenth) and from the acceptance to the first contact, as `median` gives
    them, and `referrals_bridged` — in one query on PostgreSQL."""
    accepted = answered_referrals(filters).filter(status=Referral.Status.ACCEPTED)
    # The first contact on or after the answer day, kept per referral (summary.py).
    to_contact = Days(F("contact_fact__after_answer"), LocalDate("answered_at"))
    if connections[accepted.db].vendor != "postgresql":
        to_accept, n_accept = median(accepted, Days("answered_at", "sent_at"))
        first_contact, n_contact = median(accepted, to_contact, step=1)
        return {
            "median_days_to_accept": Median(to_accept, n_accept),
            "median_days_to_first_contact": Median(first_contact, n_contact),
            **referrals_bridged(filters),
        }
    # The middle two values are those of the rows in the middle, since rounding keeps the
    # order: the database sorts the rows by the raw value (the days to acceptance by the
    # interval itself, not by its days in numeric arithmetic) and rounds only the two
    # middle ones, as `median` rounds each row. Days between dates are whole already.
    # The ORM writes the rows' query (the filters); the aggregates over them are written
    # here: as ORM expressions they cost more to compile than PostgreSQL takes to count.
    rows = accepted.values(
        "answered_at", "sent_at", "household", after_answer=F("contact_fact__after_answer")
    )
    time_zone = timezone.get_current_timezone_name()
    (figures,) = count_rows(rows, _ACCEPTED_SQL, [time_zone, time_zone, list(Bridge.HOLDING)])
    columns = ("accept_low", "accept_high", "accept_n", "contact", "contact_n")
    row = dict(zip((*columns, "total", "bridged"), figures, strict=True))
    step = 0.1
    to_accept = None
    if row["accept_n"]:
        middle = (float(row["accept_low"]) + float(row["accept_high"])) / 2
        to_accept = round(middle * step, 6)
    first_contact = None if row["contact"] is None else round(row["contact"], 6)
    return {
        "median_days_to_accept": Median(to_accept, row["accept_n"]),
        "median_days_to_first_contact": Median(first_contact, row["contact_n"]),
        **referrals_bridged(filters, row),
    }


# The aggregates of `accepted_referrals` on PostgreSQL over the accepted referrals' answer
# and sending times, household and first contact on or after the answer day: the days to
# acceptance in tenths (the lower and upper middle values, rounded as `median` rounds), the
# days to the first contact (percentile_cont: the mean of the middle two), and
# `accepted_households`. Parameters: the time zone twice, Bridge.HOLDING. "Has a holding
# bridge" is `IN` a subquery, not a correlated EXISTS: PostgreSQL reads the holding bridges
# once into a hash table rather than looking up each of tens of thousands of referrals' bridges
# (at 100,000 households: 50,000 index lookups, about 100 ms, against one 25 ms scan).
_ACCEPTED_SQL = """
  ROUND(((EXTRACT(EPOCH FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY answered_at - sent_at))
    / 86400.0)::double precision / 0.1)::numeric(1000, 15), 0),
  ROUND(((EXTRACT(EPOCH FROM percentile_disc(0.5) WITHIN GROUP (
    ORDER BY answered_at - sent_at DESC)) / 86400.0)::double precision / 0.1)
    ::numeric(1000, 15), 0),
  COUNT(answered_at - sent_at),
  percentile_cont(0.5) WITHIN GROUP (
    ORDER BY CAST(after_answer - (answered_at AT TIME ZONE %s)::date AS double precision)),
  COUNT(CAST(after_answer - (answered_at AT TIME ZONE %s)::date AS double precision)),
  COUNT(DISTINCT household),
  COUNT(DISTINCT household) FILTER (WHERE household IN (
    SELECT bridge.household_id FROM households_bridge bridge WHERE bridge.status = ANY(%s)
  ))
"""
