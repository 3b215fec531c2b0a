"""Each role's start page: its work queues, every item a link to where the work is done.

The rules that say what is due live with the pages that already list the same things (My
tasks, the referral inbox, the portal queue, the reminder and escalation scans); this module
only calls them, counts and cuts each list short. Every queue costs a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import connections
from django.db.models import Count, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from actors.models import LocalContact
from brobygning.core.choices import choice_label
from followups import selectors as followup_selectors
from followups.models import FollowUp
from households import portal
from households.models import Bridge, Household
from referrals import selectors as referral_selectors
from referrals.models import Referral

# Items shown per queue; the heading counts them all and "Show all" leads to the full list.
LIMIT = 8

# Status tags: text always, colour only as a second cue (Bootstrap's subtle badges).
RED, YELLOW, GREEN, BLUE, GREY = "danger", "warning", "success", "info", "secondary"


@dataclass
class Item:
    title: str
    url: str
    detail: str = ""
    on: date | datetime | None = None
    on_label: str = ""
    tag: str = ""
    tone: str = GREY


@dataclass
class Queue:
    key: str
    title: str
    count: int
    items: list[Item]
    empty: str
    more_url: str = ""
    more_label: str = ""
    # Shown under the list: a hint about what the queue counts.
    hint: str = ""
    actions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def shown_all(self):
        return self.count <= len(self.items)


def _case_of(row):
    """The case an item is about, for a row read with `values()`: reference and name."""
    return f"{row['household__reference']} {row['household__display_name']}"


def _label(model, field, value):
    """`get_FOO_display()` for a value read with `values()`."""
    return choice_label(model._meta.get_field(field), value)


def first_rows(querysets, fields):
    """The first LIMIT rows (as dicts of `fields`) of each of `querysets`, in one query.

    The querysets share one order, made of `fields`; each keeps its own LIMIT, served by its
    own index (on PostgreSQL; where a UNION cannot hold a LIMIT, one query per list). Read
    as dicts, without model instances or the joins `select_related` compiles: that Python is
    most of what a start page costs.
    """
    if not connections[querysets[0].db].features.supports_slicing_ordering_in_compound:
        # SQLite: no LIMIT inside a UNION, so one query per list.
        return [list(queryset.values(*fields)[:LIMIT]) for queryset in querysets]
    ordering = querysets[0].query.order_by
    parts = [
        queryset.annotate(part=Value(index)).values(*fields, "part")[:LIMIT]
        for index, queryset in enumerate(querysets)
    ]
    first, *rest = parts
    groups = [[] for _ in querysets]
    for row in first.union(*rest, all=True).order_by("part", *ordering):
        groups[row.pop("part")].append(row)
    return groups


# --- Bridge-builder -------------------------------------------------------------------------

# What a follow-up's item shows (`_followup_item`).
FOLLOWUP_FIELDS = (
    "pk",
    "title",
    "rule",
    "kind",
    "due_on",
    "household__reference",
    "household__display_name",
)


def _followup_item(row, today):
    due_on = row["due_on"]
    if due_on < today:
        tag, tone = _("Overdue"), RED
    elif due_on == today:
        tag, tone = _("Due today"), YELLOW
    else:
        tag, tone = _("Coming week"), BLUE
    return Item(
        title=FollowUp.title_of(title=row["title"], rule=row["rule"], kind=row["kind"]),
        url=reverse("followups:detail", args=[row["pk"]]),
        detail=_case_of(row),
        on=due_on,
        on_label=_("Due"),
        tag=tag,
        tone=tone,
    )


def followup_queues(user, today):
    """Overdue, today's and the coming week's follow-ups of My tasks (visits, the 14-day visits,
    move checklist items, own tasks): one count query and one query for the three lists."""
    tasks = followup_selectors.tasks_for(user)
    counts = followup_selectors.due_counts(tasks, today)
    end = followup_selectors.week_end(today)
    more = reverse("followups:tasks")
    specs = [
        (
            "overdue",
            _("Overdue follow-ups"),
            tasks.filter(due_on__lt=today),
            _("No overdue follow-ups."),
        ),
        ("today", _("Due today"), tasks.filter(due_on=today), _("Nothing is due today.")),
        (
            "this_week",
            _("Due in the coming week"),
            tasks.filter(due_on__gt=today, due_on__lte=end),
            _("Nothing more is due in the coming week."),
        ),
    ]
    lists = first_rows([rows for _key, _title, rows, _empty in specs], FOLLOWUP_FIELDS)
    return [
        Queue(
            key=key,
            title=title,
            count=counts[key],
            items=[_followup_item(row, today) for row in rows],
            empty=empty,
            more_url=more,
            more_label=_("All my tasks"),
        )
        for (key, title, _rows, empty), rows in zip(specs, lists, strict=True)
    ]


# What a referral's item in the inbox queues shows (`_referral_item`).
REFERRAL_FIELDS = (
    "pk",
    "display_name",
    "origin_area__name",
    "sent_at",
    "status",
    "opened_at",
    "urgency",
)


def _referral_item(row):
    if row["status"] == Referral.Status.INFO_REQUESTED:
        tag, tone = _("More information requested"), YELLOW
    elif row["opened_at"] is None:
        tag, tone = _("New"), BLUE
    else:
        tag, tone = pgettext("referral", "Opened"), GREY
    if row["urgency"] != Referral.Urgency.NORMAL:
        tag = f"{tag} · {_label(Referral, 'urgency', row['urgency'])}"
        tone = RED
    return Item(
        title=row["display_name"],
        url=reverse("referrals:detail", args=[row["pk"]]),
        detail=row["origin_area__name"],  # str(Area)
        on=row["sent_at"],
        on_label=_("Sent"),
        tag=tag,
        tone=tone,
    )


def inbox_queue(user):
    """New referrals waiting for the team: the referral inbox."""
    inbox = referral_selectors.inbox(user)
    return Queue(
        key="inbox",
        title=_("Referrals waiting for the team"),
        count=inbox.count(),
        items=[_referral_item(r) for r in inbox.values(*REFERRAL_FIELDS)[:LIMIT]],
        empty=_("No referrals are waiting."),
        more_url=reverse("referrals:inbox"),
        more_label=_("The referral inbox"),
    )


# What a bridge's target shows (`_target`).
TARGET_FIELDS = (
    "support_offer",
    "support_offer__name",
    "local_contact__name",
    "local_contact__kind",
)


def _target(row):
    """`str(bridge.target)` for a row read with `values()`: the support offer, else the local
    contact (as its model shows it)."""
    if row["support_offer"] is not None:
        return row["support_offer__name"]  # str(SupportOffer)
    return str(LocalContact(name=row["local_contact__name"], kind=row["local_contact__kind"]))


def answers_queue(user, since):
    """Actors' answers (confirmed or declined requests) on the user's cases since last login."""
    answers = (
        Bridge.objects.visible_to(user)
        .filter(
            status__in=[Bridge.Status.CONFIRMED, Bridge.Status.DECLINED], answered_at__gte=since
        )
        .order_by("-answered_at", "-pk")
    )
    rows = answers.values(
        "household",
        "status",
        "answered_at",
        "household__reference",
        "household__display_name",
        *TARGET_FIELDS,
    )[:LIMIT]
    items = [
        Item(
            title=_target(row),
            url=reverse("households:detail", args=[row["household"]]) + "#bridges",
            detail=_case_of(row),
            on=row["answered_at"],
            on_label=_("Answered"),
            tag=_label(Bridge, "status", row["status"]),
            tone=GREEN if row["status"] == Bridge.Status.CONFIRMED else RED,
        )
        for row in rows
    ]
    return Queue(
        key="answers",
        title=_("Answers from actors since your last login"),
        count=answers.count(),
        items=items,
        empty=_("No new answers from actors."),
    )


def no_contact_queue(user, today):
    """Open cases whose planned next contact has passed: the case list's "only overdue"."""
    cases = (
        Household.objects.visible_to(user).overdue(today).order_by("next_contact_on", "reference")
    )
    rows = cases.values("pk", "reference", "display_name", "phase", "next_contact_on")[:LIMIT]
    items = [
        Item(
            title=f"{row['reference']} {row['display_name']}",
            url=reverse("households:detail", args=[row["pk"]]),
            detail=_label(Household, "phase", row["phase"]),
            on=row["next_contact_on"],
            on_label=_("Next contact was"),
            tag=ngettext("%(days)s day over", "%(days)s days over", days) % {"days": days},
            tone=RED if days > settings.BROBYGNING["ESCALATE_AFTER_DAYS"] else YELLOW,
        )
        for row in rows
        for days in [(today - row["next_contact_on"]).days]
    ]
    return Queue(
        key="no_contact",
        title=_("Cases where the next contact is overdue"),
        count=cases.count(),
        items=items,
        empty=_("Every case has had its planned contact."),
        more_url=reverse("households:caseload") + "?overdue=on",
        more_label=_("Overdue cases in the case list"),
    )


def bridge_builder_queues(user, *, today, since):
    return [
        *followup_queues(user, today),
        inbox_queue(user),
        answers_queue(user, since),
        no_contact_queue(user, today),
    ]


# --- Rehousing consultant ------------------------------------------------------------------


REFERRAL_TONES = {
    Referral.Status.DRAFT: GREY,
    Referral.Status.SENT: BLUE,
    Referral.Status.INFO_REQUESTED: YELLOW,
    Referral.Status.ACCEPTED: GREEN,
    Referral.Status.DECLINED: RED,
    Referral.Status.WITHDRAWN: GREY,
}


def _sent_item(referral):
    detail = str(referral.origin_area)
    if referral.status == Referral.Status.DECLINED:
        detail = f"{referral.get_decline_reason_display()}"
        if referral.decline_note:
            detail += f": {referral.decline_note}"
    elif referral.status == Referral.Status.ACCEPTED and referral.assigned_to_id:
        detail = _("Bridge-builder: %(name)s") % {
            "name": referral.assigned_to.get_full_name() or referral.assigned_to
        }
    draft = referral.status == Referral.Status.DRAFT
    tag = referral.get_status_display()
    if referral.status == Referral.Status.SENT:
        # The read receipt: the sender sees whether anyone has opened it yet.
        tag = pgettext("referral", "Opened") if referral.opened_at else _("Not opened yet")
    return Item(
        title=referral.display_name,
        url=reverse("referrals:edit" if draft else "referrals:detail", args=[referral.pk]),
        detail=detail,
        on=referral.created_at if draft else (referral.answered_at or referral.sent_at),
        on_label=_("Created") if draft else (_("Answered") if referral.answered_at else _("Sent")),
        tag=tag,
        tone=REFERRAL_TONES.get(referral.status, GREY),
    )


def rehousing_consultant_queues(user, *, today, since):
    """My referrals by status: what needs me first (more information asked for), what is
    waiting, the answers since last login, and drafts not sent yet."""
    mine = referral_selectors.sent_by(user)
    counts = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
    more = reverse("referrals:mine")
    Status = Referral.Status

    def queue(key, title, rows, count, empty):
        return Queue(
            key=key,
            title=title,
            count=count,
            items=[_sent_item(r) for r in rows[:LIMIT]],
            empty=empty,
            more_url=more,
            more_label=_("All my referrals"),
        )

    answered = mine.filter(
        status__in=[Status.ACCEPTED, Status.DECLINED], answered_at__gte=since
    ).order_by("-answered_at")
    answered_items = list(answered[:LIMIT])
    return [
        queue(
            "info_requested",
            _("More information asked for"),
            mine.filter(status=Status.INFO_REQUESTED),
            counts.get(Status.INFO_REQUESTED, 0),
            _("No bridge-builder is waiting for information from you."),
        ),
        queue(
            "waiting",
            _("Waiting for an answer"),
            mine.filter(status=Status.SENT).order_by("sent_at"),
            counts.get(Status.SENT, 0),
            _("No referrals are waiting for an answer."),
        ),
        queue(
            "referral_answers",
            _("Answered since your last login"),
            answered_items,
            answered.count(),
            _("No new answers since your last login."),
        ),
        queue(
            "drafts",
            _("Drafts not sent yet"),
            mine.filter(status=Status.DRAFT),
            counts.get(Status.DRAFT, 0),
            _("No drafts."),
        ),
    ]


# --- Actor contact -------------------------------------------------------------------------


def _request_item(row, today):
    days = (today - timezone.localdate(row["bridge"].requested_at)).days
    who = row["first_name"]
    if row["age"] is not None:
        who = _("%(name)s, %(age)s years") % {"name": who, "age": row["age"]}
    return Item(
        title=f"{row['reference']}: {row['offer']}",
        url=row["url"],
        detail=" · ".join(filter(None, [who, row["need"]])),
        on=row["bridge"].requested_at,
        on_label=_("Requested"),
        tag=(
            ngettext("Waiting %(days)s day", "Waiting %(days)s days", days) % {"days": days}
            if days
            else _("Sent today")
        ),
        tone=RED if days > settings.BROBYGNING["BRIDGE_ANSWER_DAYS"] else YELLOW,
    )


def _answered_item(row):
    bridge = row["bridge"]
    return Item(
        title=f"{row['reference']}: {row['offer']}",
        url=reverse("portal:queue"),
        detail=bridge.answer,
        on=bridge.answered_at,
        on_label=_("Answered"),
        tag=bridge.get_status_display(),
        tone=GREEN if bridge.status == Bridge.Status.CONFIRMED else RED,
    )


def actor_contact_queues(user, *, today, since):
    """Pending requests oldest first, with their age; answered ones below (the portal queue)."""
    requests = Bridge.objects.addressed_to(user)
    pending = portal.pending_for(user, requests)
    pending_rows, answered_rows = portal.minimal_rows(
        list(pending[:LIMIT]), list(portal.answered_for(user, requests)[:LIMIT])
    )
    more = reverse("portal:queue")
    return [
        Queue(
            key="pending",
            title=_("Requests waiting for your answer"),
            count=portal.pending_count(requests),
            items=[_request_item(row, today) for row in pending_rows],
            empty=_("No requests are waiting for your answer."),
            more_url=more,
            more_label=_("All requests"),
        ),
        Queue(
            key="answered_requests",
            title=_("Answered recently"),
            count=len(answered_rows),
            items=[_answered_item(row) for row in answered_rows],
            empty=_("You have not answered any requests yet."),
        ),
    ]
