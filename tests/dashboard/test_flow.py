"""The flow section's figures at the edges of the period, and its medians against the
generic histogram median (`selectors.median`) they must equal."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F, Q

from brobygning.dashboard import selectors
from brobygning.dashboard.forms import Filters
from brobygning.dashboard.selectors.base import Days
from brobygning.dashboard.selectors.flow import referral_months
from households.models import Bridge, Household
from referrals.models import Referral
from tests.dashboard import datasets
from tests.dashboard.datasets import at
from tests.factories import HouseholdFactory, JournalEntryFactory, ReferralFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# A period from the middle of a month to the middle of another.
MID = Filters(date_from=date(2026, 1, 15), date_to=date(2026, 3, 10))


def test_referrals_sent_and_answered_either_side_of_the_period_count_once_each_way(
    bridge_builder,
):
    def referral(sent, answered, status="accepted", **kwargs):
        return ReferralFactory(
            status=status,
            household=HouseholdFactory(bridge_builder=bridge_builder),
            sent_at=sent,
            answered_at=answered,
            answered_by=bridge_builder,
            **kwargs,
        )

    # Sent before the period, accepted in it: accepted in January only.
    referral(at(date(2026, 1, 10)), at(date(2026, 1, 20)))
    # Sent the period's last evening, accepted after it: received in March only.
    referral(datetime(2026, 3, 10, 23, 30, tzinfo=COPENHAGEN), at(date(2026, 3, 12)))
    # Sent and declined in the period, in different months.
    referral(at(date(2026, 1, 31)), at(date(2026, 2, 1)), "declined", decline_reason="other")
    # Sent in the period, withdrawn (answered_at set, but not an answer).
    referral(at(date(2026, 2, 5)), at(date(2026, 2, 6)), "withdrawn")
    # Sent and answered outside the period: not counted.
    referral(at(date(2026, 1, 14), hour=23), at(date(2026, 3, 11), hour=0))

    data = referral_months(MID)

    rows = {row.month: row for row in data["months"]}
    assert list(rows) == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    counts = {
        month: (row.received.count, row.accepted.count, row.declined.count)
        for month, row in rows.items()
    }
    assert counts == {
        date(2026, 1, 1): (1, 1, 0),
        date(2026, 2, 1): (1, 0, 1),
        date(2026, 3, 1): (1, 0, 0),
    }
    assert (data["received"].count, data["accepted"].count, data["declined"].count) == (3, 1, 1)
    reasons = {item.key: item.value.count for item in data["decline_reasons"]}
    assert reasons["other"] == 1 and sum(reasons.values()) == 1


def _accepted(bridge_builder, waited: timedelta, contact_after: int | None):
    answered = at(date(2026, 2, 10), hour=12)
    household = HouseholdFactory(bridge_builder=bridge_builder)
    ReferralFactory(
        status="accepted",
        household=household,
        assigned_to=bridge_builder,
        sent_at=answered - waited,
        answered_at=answered,
        answered_by=bridge_builder,
    )
    if contact_after is not None:
        JournalEntryFactory(
            household=household, occurred_on=answered.date() + timedelta(days=contact_after)
        )


def _histogram_medians():
    accepted = Referral.objects.filter(status="accepted")
    return (
        selectors.median(accepted, selectors.Days("answered_at", "sent_at")),
        selectors.median(
            accepted.annotate(answered_on=selectors.LocalDate("answered_at")),
            selectors.Days(F("contact_fact__after_answer"), F("answered_on")),
            step=1,
        ),
    )


@pytest.mark.parametrize(
    "waits",
    [
        # An even number of answers, the middle two on either side of a tenth of a day.
        [
            (timedelta(hours=30), 0),
            (timedelta(hours=31), 3),
            (timedelta(days=9), 4),
            (timedelta(minutes=5), None),
        ],
        # Exactly halfway between tenths (0.05, 0.15 and 0.25 days) and repeated values.
        [(timedelta(minutes=72), 1), (timedelta(minutes=216), 1), (timedelta(minutes=360), 2)],
        [(timedelta(days=2), 5), (timedelta(days=2), 5), (timedelta(days=2, minutes=72), None)],
    ],
)
def test_medians_to_accept_and_to_first_contact_equal_the_histogram_median(bridge_builder, waits):
    for waited, contact_after in waits:
        _accepted(bridge_builder, waited, contact_after)

    data = selectors.flow(Filters(date_from=date(2025, 4, 1), date_to=date(2026, 3, 16)))

    (to_accept, n_accept), (to_contact, n_contact) = _histogram_medians()
    assert (data["median_days_to_accept"].value, data["median_days_to_accept"].n) == (
        to_accept,
        n_accept,
    )
    assert (
        data["median_days_to_first_contact"].value,
        data["median_days_to_first_contact"].n,
    ) == (to_contact, n_contact)
    assert n_accept == len(waits)


def test_no_accepted_referrals_give_no_medians(bridge_builder):
    datasets.referrals(bridge_builder)

    data = selectors.flow(Filters(date_from=date(2025, 4, 1), date_to=date(2025, 5, 1)))

    assert (data["median_days_to_accept"].value, data["median_days_to_accept"].n) == (None, 0)
    assert str(data["median_days_to_first_contact"]) == "–"


@pytest.mark.parametrize(
    "durations",
    [[30], [10, 31], [5, 5, 40, 41], [2, 9, 9, 100, 3], []],
    ids=["one", "two", "repeated-middle", "odd", "none"],
)
def test_the_median_case_duration_equals_the_histogram_median(bridge_builder, durations):
    for days in durations:
        HouseholdFactory(
            bridge_builder=bridge_builder,
            phase="closed",
            opened_on=date(2026, 1, 1) - timedelta(days=days),
            closed_on=date(2026, 1, 1),
        )
    HouseholdFactory(bridge_builder=bridge_builder)  # open: no duration
    closed = Household.objects.filter(closed_on__isnull=False)

    assert selectors.median_days(closed, "closed_on", "opened_on") == selectors.median(
        closed, Days("closed_on", "opened_on"), step=1
    )
    assert selectors.median_days(closed, "closed_on", "opened_on")[1] == len(durations)


def test_the_holding_bridge_index_covers_exactly_the_holding_statuses():
    (index,) = [i for i in Bridge._meta.indexes if i.name == "bridge_holding_household"]

    assert index.condition == Q(status__in=list(Bridge.HOLDING))
