"""The headline figures at the top of the dashboard: "are we OK?" in six numbers.

Each headline is the period's figure beside the previous period of the same length, with
its definition (shown behind a disclosure) and a link to the cases behind it. The period's
figures come from the sections' own selectors (already computed for the page); the previous
period costs three aggregate queries (none on the first screen, whose selectors count it with
the period's), and the two referral figures counted in working days one query for both
periods. The working days are kept per referral (summary.py), so SQL counts them: Python
handles a histogram of days, not one row per referral.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from brobygning.core.suppression import Linked, Median, Share
from brobygning.core.workdays import add_working_days, is_working_day, working_days_between
from brobygning.dashboard import selectors
from brobygning.dashboard.forms import CLOSURE_CRITERIA, Figure, Filters
from brobygning.dashboard.selectors.base import at_times, count_rows, previous_period
from brobygning.dashboard.selectors.rows import referral_scope
from referrals.models import Referral


def working_day_counter(days):
    """`working_days_between` for many pairs of `days`: one pass over the calendar from the
    first day to the last (a few hundred days), then a subtraction per pair."""
    if not days:
        return working_days_between
    first, last = min(days), max(days)
    index, passed, day = {}, 0, first
    while day <= last:
        passed += is_working_day(day)
        index[day] = passed
        day += timedelta(days=1)
    return lambda start, end: max(0, index[end] - index[start])


@lru_cache(maxsize=4096)
def _deadline(start: date, days: int) -> date:
    return add_working_days(start, days)


def _weighted_median(pairs: list[tuple[int, int]]) -> tuple[float | None, int]:
    """Median of values given as (value, how many), and how many values there were."""
    n = sum(count for _value, count in pairs)
    if not n:
        return None, 0
    ordered = sorted(pairs)

    def nth(k):  # the k-th value, 0-based
        seen = 0
        for value, count in ordered:
            seen += count
            if k < seen:
                return value
        return ordered[-1][0]

    return (nth((n - 1) // 2) + nth(n // 2)) / 2, n


def _span(filters: Filters, before: Filters) -> Filters:
    return replace(filters, date_from=before.date_from)


def last_day_past_deadline(today: date, days: int) -> date:
    """The last sending day whose deadline of `days` working days is before `today`: a
    referral sent on it or earlier and not answered is late. (Deadlines only move later with
    the sending day, so every earlier day's has passed too.)"""
    day = today - timedelta(days=1)
    while _deadline(day, days) >= today:
        day -= timedelta(days=1)
    return day


# `referral_figures`' grouping of the referrals `rows` selects: per number of working days
# to the first contact (accepted in either period, else NULL), answered in the period or
# not, and sent in the period or before it (NULL if not sent in either): how many, how
# many answered within the deadline of `days` working days, and how many answered or past
# that deadline. Positional parameters in the order they appear, the rows' own last.
_REFERRAL_FIGURES_SQL = """
  CASE WHEN answered_at >= %s AND answered_at < %s AND status = %s THEN after_sent END,
  answered_at >= %s,
  CASE WHEN sent_at >= %s AND sent_at < %s AND status <> %s THEN sent_at >= %s END,
  COUNT(*),
  COUNT(*) FILTER (WHERE status IN (%s, %s) AND to_answer <= %s),
  COUNT(*) FILTER (WHERE (status IN (%s, %s) AND to_answer IS NOT NULL) OR sent_at < %s)
"""


@dataclass(frozen=True)
class ReferralFigures:
    """The two referral headlines, for the period and the previous one."""

    contact_now: Median
    contact_before: Median
    in_time_now: Share
    in_time_before: Share


def referral_figures(filters: Filters, today: date, before: Filters) -> ReferralFigures:
    """Both referral headlines for the period and `before` (the previous period), from one
    scan of the referrals sent or answered in either:

    * the median working days from a referral being sent to the first contact with the
      household logged on or after that day, over referrals accepted in the period;
    * the referrals sent in the period answered (accepted or declined) within the deadline of
      REFERRAL_ANSWER_WORKING_DAYS, of those answered or past their deadline (a referral sent
      yesterday and not yet answered is not late).

    Both counts of working days are kept per referral (summary.py), so the database groups
    and counts them: one row per number of days to the first contact and period, not one
    per referral."""
    days = settings.BROBYGNING["REFERRAL_ANSWER_WORKING_DAYS"]
    span = _span(filters, before)
    # The rows of `received_referrals` and of `answered_referrals` accepted, in one scan:
    # the ORM selects them (filters, scope, the summary's join); the grouping over them is
    # written here (_REFERRAL_FIGURES_SQL), whose ORM expressions cost more to compile than
    # the database takes to count.
    received = Q(at_times("sent_at", span)) & ~Q(status=Referral.Status.DRAFT)
    accepted = Q(at_times("answered_at", span), status=Referral.Status.ACCEPTED)
    referrals = Referral.objects.filter(received | accepted, referral_scope(span)).values(
        "sent_at",
        "answered_at",
        "status",
        after_sent=F("contact_fact__working_days_after_sent"),
        to_answer=F("contact_fact__working_days_to_answer"),
    )
    last = last_day_past_deadline(today, days)
    past_deadline = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    statuses = Referral.Status
    rows = count_rows(
        referrals,
        _REFERRAL_FIGURES_SQL,
        [
            *(span.start, span.end, statuses.ACCEPTED.value, filters.start),
            *(span.start, span.end, statuses.DRAFT.value, filters.start),
            *(statuses.ACCEPTED.value, statuses.DECLINED.value, days),
            *(statuses.ACCEPTED.value, statuses.DECLINED.value, past_deadline),
        ],
        group_by=3,
    )
    contact = {True: [], False: []}  # answered in the period? → [(working days, how many)]
    in_time = {True: [0, 0], False: [0, 0]}  # sent in the period? → [within, whole]
    for to_contact, answered_now, sent_now, n, within, whole in rows:
        if to_contact is not None:
            contact[bool(answered_now)].append((to_contact, n))
        if sent_now is not None:
            counted = in_time[sent_now]
            counted[0] += within
            counted[1] += whole
    return ReferralFigures(
        Median(*_weighted_median(contact[True])),
        Median(*_weighted_median(contact[False])),
        Share(*in_time[True], filters.link({"figure": Figure.REFERRALS_ACCEPTED})),
        Share(*in_time[False]),
    )


def working_days_to_first_contact(filters: Filters, before: Filters) -> tuple[Median, Median]:
    """The first-contact headline of `referral_figures`: (period, previous period)."""
    figures = referral_figures(filters, timezone.localdate(), before)
    return figures.contact_now, figures.contact_before


def answered_within_deadline(filters: Filters, today: date, before: Filters | None = None):
    """The answered-in-time headline of `referral_figures`: the period's, or with `before`
    (period, previous period)."""
    figures = referral_figures(filters, today, before or previous_period(filters))
    return (figures.in_time_now, figures.in_time_before) if before else figures.in_time_now


def _previous_figures(before: Filters) -> dict:
    """The previous period's figures the headlines compare with: three queries (the first
    screen's selectors count them with the period's, `selectors.overview`'s "previous")."""
    visits = selectors.post_move_visits(before).aggregate(
        offered=Count("household", distinct=True, filter=selectors.VISIT_ANSWERS["offered"]),
        accepted=Count("household", distinct=True, filter=selectors.VISIT_ANSWERS["accepted"]),
    )
    used = selectors.used_bridges(before).aggregate(n=Count("household", distinct=True))["n"]
    criteria = selectors.closures(before).aggregate(
        total=Count("household", distinct=True),
        all_met=Count(
            "household",
            distinct=True,
            filter=Q(**{name: True for name, _label in CLOSURE_CRITERIA}),
        ),
    )
    return {
        "visit": Share(visits["accepted"], visits["offered"]),
        "used": used,
        "all_criteria": Share(criteria["all_met"], criteria["total"]),
    }


@dataclass(frozen=True)
class Headline(Linked):
    key: str
    title: str
    value: str  # the period's figure as shown
    detail: str  # "42 of 48", "12 bridge-builders", …
    definition: str
    number: float | None  # for the comparison
    previous: float | None
    previous_text: str
    link: dict | None = None
    higher_is_better: bool = True
    unit: str = ""

    @cached_property  # read several times by the template
    def change(self) -> str:
        """ "up", "down", "same", or "" when there is nothing to compare."""
        if self.number is None or self.previous is None:
            return ""
        if round(self.number, 1) == round(self.previous, 1):
            return "same"
        return "up" if self.number > self.previous else "down"

    @cached_property
    def better(self) -> bool | None:
        if self.change in ("", "same"):
            return None
        return (self.change == "up") == self.higher_is_better

    @cached_property
    def change_text(self) -> str:
        if not self.change:
            return _("No figure for the previous period")
        if self.change == "same":
            return _("Same as the previous period (%(previous)s)") % {
                "previous": self.previous_text
            }
        if self.change == "up":
            text = _("Up from %(previous)s in the previous period")
        else:
            text = _("Down from %(previous)s in the previous period")
        return text % {"previous": self.previous_text}


def _percent(share: Share) -> str:
    return "–" if share.percent is None else f"{number_format(share.percent, 1)} %"


def _share_headline(key, title, definition, now: Share, before: Share, link=None, **kw):
    return Headline(
        key=key,
        title=title,
        value=_percent(now),
        detail=_("%(part)s of %(whole)s") % {"part": now.part, "whole": now.whole},
        definition=definition,
        number=now.percent,
        previous=before.percent,
        previous_text=_percent(before),
        link=link if link is not None else now.link,
        **kw,
    )


def _median_text(median: Median) -> str:
    return str(median)


def headlines(data: dict, filters: Filters, today: date) -> list[Headline]:
    """The six headline figures for the page whose figures are `data`."""
    before = previous_period(filters)
    previous = data.get("previous") or _previous_figures(before)

    caseload = data["caseload"]
    loads = caseload["loads"]
    average = sum(loads) / len(loads) if loads else 0
    open_cases = Headline(
        key="open",
        title=_("Open cases"),
        value=str(caseload["total"].count),
        detail=_("%(average)s per bridge-builder on average (at most %(most)s)")
        % {"average": number_format(average, 1), "most": max(loads, default=0)},
        definition=_(
            "Households whose case is open today, in any phase. The load is the number of "
            "open cases per bridge-builder who has any."
        ),
        number=None,
        previous=None,
        previous_text="",
        link=caseload["total"].link,
    )

    visit = _share_headline(
        "visit",
        _("Visit within 14 days of the move"),
        _(
            "Of the moved households offered a visit within 14 days of their move (due in "
            "the period), the share that accepted and got it."
        ),
        data["followups"]["visit_accepted"],
        previous["visit"],
    )

    referrals = referral_figures(filters, today, before)
    contact_now, contact_before = referrals.contact_now, referrals.contact_before
    first_contact = Headline(
        key="first_contact",
        title=_("Referral to first contact"),
        value=_median_text(contact_now),
        detail=_("working days, median of %(n)s referrals") % {"n": contact_now.n},
        definition=_(
            "For referrals accepted in the period: working days (weekdays that are not public "
            "holidays) from the referral being sent to the first visit or call logged."
        ),
        number=contact_now.value,
        previous=contact_before.value,
        previous_text=_median_text(contact_before),
        link=filters.link({"figure": Figure.REFERRALS_ACCEPTED}),
        higher_is_better=False,
    )

    deadline = _share_headline(
        "answered",
        _("Referrals answered in time"),
        _(
            "Referrals sent in the period that were accepted or declined within "
            "%(days)s working days, of those answered or past that deadline."
        )
        % {"days": settings.BROBYGNING["REFERRAL_ANSWER_WORKING_DAYS"]},
        referrals.in_time_now,
        referrals.in_time_before,
    )

    bridges = data["bridges"]
    holds = data["followups"]["holds_done"]
    bridge = Headline(
        key="bridges",
        title=_("Bridges built"),
        value=str(bridges["used"].count),
        detail=_("“Does the bridge hold?” checked: %(part)s of %(whole)s")
        % {"part": holds.part, "whole": holds.whole},
        definition=_(
            "Households with a confirmed or active bridge to a support offer in the period. "
            "The check “does the bridge hold?” falls due some weeks after closure: how many "
            "of the checks due in the period were done."
        ),
        number=bridges["used"].count,
        previous=previous["used"],
        previous_text=str(previous["used"]),
        link=bridges["used"].link,
    )

    closures = _share_headline(
        "closures",
        _("Closures meeting all four criteria"),
        _(
            "Cases closed in the period with all four closure criteria met: practical and "
            "economic matters in order, children in school or daycare, a contact person in "
            "the receiving area, and the household no longer asking for help. The rest were "
            "closed with a written justification."
        ),
        data["outcomes"]["all_criteria"],
        previous["all_criteria"],
        link=data["outcomes"]["closed"].link,
    )
    return [open_cases, visit, first_contact, deadline, bridge, closures]
