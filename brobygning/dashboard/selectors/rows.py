"""The rows each figure counts, shared by the figures and the case lists behind them."""

from datetime import date, datetime, time, timedelta

from django.db.models import F, OuterRef, Q
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from brobygning.dashboard.forms import Filters
from brobygning.dashboard.selectors.base import LocalDate, at_times, household_scope, on_days
from followups.models import FollowUp
from households.models import (
    Bridge,
    Closure,
    Household,
    Move,
    Need,
    Phase,
    PhaseChange,
)
from referrals.models import Referral

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
        at_times("sent_at", filters), referral_scope(filters)
    )


def answered_referrals(filters: Filters):
    return Referral.objects.filter(
        at_times("answered_at", filters),
        referral_scope(filters),
        status__in=[Referral.Status.ACCEPTED, Referral.Status.DECLINED],
    )


def referral_scope(filters: Filters) -> Q:
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
        on_days("closed_on", filters), household_scope(filters, "household__")
    )


def reopenings(filters: Filters):
    """A phase change out of "closed" is a reopened case."""
    return (
        PhaseChange.objects.filter(from_phase=Phase.CLOSED)
        .exclude(to_phase=Phase.CLOSED)
        .filter(at_times("changed_at", filters), household_scope(filters, "household__"))
    )


def moves(filters: Filters):
    return Move.objects.filter(
        on_days("moved_on", filters),
        household_scope(filters, "household__", receiving="receiving_area"),
    )


def post_move_visits(filters: Filters):
    """The 14-day follow-ups (one per move) due in the period; cancelled ones (a move called
    off) are not counted."""
    return (
        FollowUp.objects.filter(kind=FollowUp.Kind.POST_MOVE_VISIT)
        .exclude(status=FollowUp.Status.CANCELLED)
        .filter(on_days("due_on", filters), household_scope(filters, "household__"))
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
        at_times("created_at", filters), household_scope(filters, "household__")
    )


# A need counts as found unless it was marked not needed, and as met when met.
NEED_FOUND = ~Q(status=Need.Status.NOT_NEEDED)
NEED_MET = Q(status=Need.Status.MET)


# A bridge to a support offer is used from its request on: every status but "proposed" (a
# proposal dropped before it was sent ends without `requested_at`; a declined one proposed
# again is back to "proposed"). It counts in the period it was requested.
USED_STATUSES = [status for status in Bridge.Status if status != Bridge.Status.PROPOSED]


def used_in(filters: Filters) -> Q:
    return Q(at_times("requested_at", filters), status__in=USED_STATUSES)


# A request pending at an actor: sent to a support offer and not answered yet (now, whatever
# the period, like the caseload).
PENDING = Q(status=Bridge.Status.REQUESTED, requested_at__isnull=False)


def offer_bridges(filters: Filters):
    """Bridges to support offers (so to actors) of the households within the filters."""
    return Bridge.objects.filter(
        household_scope(filters, "household__"), support_offer__isnull=False
    )


def used_bridges(filters: Filters):
    return offer_bridges(filters).filter(used_in(filters))


def pending_requests(filters: Filters):
    return offer_bridges(filters).filter(PENDING)


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
