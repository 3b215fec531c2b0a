"""Reads of follow-ups shared by "My tasks", the start pages and the reminder scan: each rule
that says what is due lives here once."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from brobygning.core.models import User
from followups.models import FollowUp
from followups.rules import rule_label
from households.models import Bridge


def relevant():
    """Open follow-ups whose condition still holds: the case is open, except the
    "does the bridge hold?" check, which exists because the case was closed."""
    return FollowUp.objects.open().filter(Q(case_closed=False) | Q(kind=FollowUp.Kind.BRIDGE_HOLDS))


def tasks_for(user, *, everyone=False):
    """The open follow-ups of "My tasks" (everyone's for a manager who asks), soonest first."""
    followups = FollowUp.objects.open().visible_to(user).select_related("household", "assignee")
    if not everyone:
        followups = followups.filter(assignee=user)
    return followups.order_by("due_on", "pk")


# What a row of "My tasks" shows, and nothing more: the list loads up to fifty at a time.
TASK_LIST_FIELDS = (
    "title",
    "rule",
    "kind",
    "status",
    "due_on",
    "household__reference",
    "household__display_name",
    *User.name_fields("assignee"),
)


def describe_task(followup, today):
    """Put a row of "My tasks" into words once, for a template that only reads them."""
    followup.title_text = str(followup.display_title)
    followup.rule_text = rule_label(followup.rule)
    followup.overdue = followup.due_on < today
    followup.due_today = followup.due_on == today
    return followup


def week_end(today):
    """The last day of the coming week: today and the six days after (on a Friday the next
    week's Monday and Tuesday are still in view)."""
    return today + timedelta(days=6)


def due_counts(followups, today):
    """How many of `followups` are overdue, due today and due in the coming week (one query)."""
    return followups.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        today=Count("pk", filter=Q(due_on=today)),
        this_week=Count("pk", filter=Q(due_on__gt=today, due_on__lte=week_end(today))),
    )


def _escalation_limit(today):
    return today - timedelta(days=settings.BROBYGNING["ESCALATE_AFTER_DAYS"])


def past_escalation_limit(today):
    """Follow-ups overdue longer than the escalation limit: they go to the managers."""
    return relevant().filter(due_on__lt=_escalation_limit(today))


def stalled_requests(today):
    """Requests still unanswered by the actor after their "bridge not answered" follow-up
    came due (the reminder scan chases these once, then they escalate)."""
    # One look-up per request in the index of open "request not answered" follow-ups.
    due = FollowUp.objects.due_by(today).filter(
        rule=FollowUp.Rule.BRIDGE_REQUESTED, bridge=OuterRef("pk")
    )
    return Bridge.objects.filter(Exists(due), status=Bridge.Status.REQUESTED)
