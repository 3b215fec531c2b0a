"""The managers' and administrators' start pages: escalations, headline figures and
unassigned cases; system health and locked-out users (see brobygning.start.queues)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Actor
from brobygning.core.models import User
from brobygning.start.queues import (
    FOLLOWUP_FIELDS,
    LIMIT,
    RED,
    TARGET_FIELDS,
    YELLOW,
    Item,
    Queue,
    _case_of,
    _followup_item,
    _label,
    _target,
)
from followups import selectors as followup_selectors
from followups.models import FollowUp
from households.models import Bridge, Household
from referrals.models import Referral

# --- Manager -------------------------------------------------------------------------------


def _actor(row):
    """`str(Actor)` of a bridge's support offer, for a row read with `values()`."""
    return str(
        Actor(
            name=row["support_offer__actor__name"],
            municipality=row["support_offer__actor__municipality"],
        )
    )


def escalation_queues(user, today):
    """What the escalation scans send to the managers: referrals unanswered past the answer
    deadline, follow-ups overdue past the escalation limit, requests stalled at an actor."""
    referrals = (
        Referral.objects.visible_to(user).past_answer_deadline(today).order_by("sent_at", "pk")
    )
    followups = (
        followup_selectors.past_escalation_limit(today) & FollowUp.objects.visible_to(user)
    ).order_by("due_on", "pk")
    stalled = (
        followup_selectors.stalled_requests(today).visible_to(user).order_by("requested_at", "pk")
    )
    referral_items = [
        Item(
            title=row["display_name"],
            url=reverse("referrals:detail", args=[row["pk"]]),
            detail=row["origin_area__name"],  # str(Area)
            on=row["sent_at"],
            on_label=_("Sent"),
            tag=(
                _label(Referral, "status", row["status"])
                if row["status"] == Referral.Status.INFO_REQUESTED
                else _("Not answered")
            ),
            tone=RED,
        )
        for row in referrals.values("pk", "display_name", "origin_area__name", "sent_at", "status")[
            :LIMIT
        ]
    ]
    followup_items = []
    assignee_fields = ("assignee__first_name", "assignee__last_name", "assignee__username")
    for row in followups.values(*FOLLOWUP_FIELDS, *assignee_fields)[:LIMIT]:
        item = _followup_item(row, today)
        assignee = User(
            first_name=row["assignee__first_name"],
            last_name=row["assignee__last_name"],
            username=row["assignee__username"],
        )
        item.detail = f"{item.detail} · {assignee.get_full_name() or assignee}"
        followup_items.append(item)
    # The oldest few found from the indexes alone (the walk skips requests whose follow-up is
    # closed or not due without reading them), then only those rows read in full.
    oldest = Bridge.objects.filter(pk__in=stalled.values("pk")[:LIMIT])
    stalled_rows = oldest.order_by("requested_at", "pk").values(
        "household",
        "requested_at",
        "update_requested_at",
        "household__reference",
        "household__display_name",
        "support_offer__actor__name",
        "support_offer__actor__municipality",
        *TARGET_FIELDS,
    )
    stalled_items = [
        Item(
            title=(
                f"{_actor(row)}: {row['support_offer__name']}"
                if row["support_offer"] is not None
                else _target(row)
            ),
            url=reverse("households:detail", args=[row["household"]]) + "#bridges",
            detail=_case_of(row),
            on=row["requested_at"],
            on_label=_("Requested"),
            tag=_("Chased") if row["update_requested_at"] else _("Not answered"),
            tone=RED,
        )
        for row in stalled_rows
    ]

    return [
        Queue(
            key="late_referrals",
            title=_("Referrals not answered in time"),
            count=referrals.count(),
            items=referral_items,
            empty=_("Every referral was answered in time."),
            more_url=reverse("referrals:inbox"),
            more_label=_("The referral inbox"),
        ),
        Queue(
            key="escalated_followups",
            title=_("Follow-ups overdue past the escalation limit"),
            count=followups.count(),
            items=followup_items,
            empty=_("No follow-ups are overdue past the limit."),
            more_url=reverse("followups:tasks") + "?alle=1",
            more_label=_("Everyone's open follow-ups"),
        ),
        Queue(
            key="stalled_requests",
            title=_("Requests stalled at an actor"),
            count=stalled.count(),
            items=stalled_items,
            empty=_("No requests are stalled at an actor."),
        ),
    ]


def unassigned_queue(user):
    cases = (
        Household.objects.visible_to(user)
        .open()
        .filter(bridge_builder__isnull=True)
        .order_by("opened_on", "reference")
    )
    rows = cases.values(
        "pk", "reference", "display_name", "team__name", "origin_area__name", "opened_on"
    )[:LIMIT]
    items = [
        Item(
            title=f"{row['reference']} {row['display_name']}",
            url=reverse("households:assign", args=[row["pk"]]),
            # The team's name, else str(Area) of the area the household leaves.
            detail=row["team__name"] or row["origin_area__name"],
            on=row["opened_on"],
            on_label=_("Opened"),
            tag=_("No bridge-builder"),
            tone=YELLOW,
        )
        for row in rows
    ]
    return Queue(
        key="unassigned",
        title=_("Cases without a bridge-builder"),
        count=cases.count(),
        items=items,
        empty=_("Every open case has a bridge-builder."),
    )


def headline_figures(user, today):
    """A few counts for the manager, each linking to the dashboard (two queries)."""
    cases = (
        Household.objects.visible_to(user)
        .open()
        # Counting rows and next-contact dates only (a date before today is never null), so
        # the index of open cases by next contact answers it alone.
        .aggregate(
            open=Count("*"),
            overdue=Count("next_contact_on", filter=Q(next_contact_on__lt=today)),
        )
    )
    waiting = Referral.objects.visible_to(user).unanswered().count()
    dashboard = reverse("dashboard:index")
    cases_url = reverse("dashboard:cases")
    return [
        (_("Open cases"), cases["open"], f"{cases_url}?figure=open"),
        (
            _("Cases where the next contact is overdue"),
            cases["overdue"],
            reverse("households:caseload") + "?overdue=on",
        ),
        (_("Referrals waiting for an answer"), waiting, reverse("referrals:inbox")),
        (_("All figures on the dashboard"), None, dashboard),
    ]


def manager_queues(user, *, today, since=None):
    return [*escalation_queues(user, today), unassigned_queue(user)]


# --- Administrator -------------------------------------------------------------------------


def system_health(now):
    """The worker's heartbeat, the last reminder scan, e-mails that failed, locked-out users."""
    from axes.models import AccessAttempt

    from brobygning.core.models import BEAT, REMINDER_SCAN, WorkerHeartbeat
    from followups.models import Reminder
    from followups.reminders import MAX_EMAIL_ATTEMPTS

    beats = dict(
        WorkerHeartbeat.objects.filter(name__in=[BEAT, REMINDER_SCAN]).values_list(
            "name", "beat_at"
        )
    )

    def check(name, label, fresh):
        at = beats.get(name)
        ok = at is not None and now - at <= fresh
        return {
            "label": label,
            "at": at,
            "ok": ok,
            "tag": _("Running") if ok else (_("Never ran") if at is None else _("Stopped")),
        }

    failed = Reminder.objects.filter(emailed_at__isnull=True).exclude(last_error="")
    mail = failed.aggregate(
        failing=Count("pk", filter=Q(attempts__lt=MAX_EMAIL_ATTEMPTS)),
        given_up=Count("pk", filter=Q(attempts__gte=MAX_EMAIL_ATTEMPTS)),
    )
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
    ).order_by("-attempt_time")
    locked_items = [
        Item(
            title=attempt.username,
            url=reverse("admin:axes_accessattempt_change", args=[attempt.pk]),
            detail=ngettext(
                "%(count)s failed login", "%(count)s failed logins", attempt.failures_since_start
            )
            % {"count": attempt.failures_since_start},
            on=attempt.attempt_time,
            on_label=_("Last attempt"),
            tag=_("Locked out"),
            tone=RED,
        )
        for attempt in locked[:LIMIT]
    ]
    return {
        "checks": [
            check(BEAT, _("Background worker"), timedelta(minutes=5)),
            check(REMINDER_SCAN, _("Last reminder scan"), timedelta(minutes=15)),
        ],
        "mail": mail,
        "locked": Queue(
            key="locked",
            title=_("Users locked out"),
            count=locked.count(),
            items=locked_items,
            empty=_("No users are locked out."),
            more_url=reverse("admin:axes_accessattempt_changelist"),
            more_label=_("All failed logins"),
            hint=_("Deleting the user's failed logins in the administration unlocks them."),
        ),
    }
