"""The reminder scan. The database is the truth: each run finds what is due now, so a missed
run (Redis or the worker down) is caught up by the next, and the unique (follow-up, day) row
means nothing is reminded twice — not under retries, not with two workers."""

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from brobygning.core.bulk import insert_rows
from brobygning.core.models import User, claim_once
from brobygning.core.notifications import notify, notify_each
from brobygning.core.roles import Role
from followups import selectors
from followups.models import FollowUp, NotificationPreference, Reminder

logger = logging.getLogger(__name__)
CLAIM_BATCH = 2000
MAX_EMAIL_ATTEMPTS = 5


def _reminder_message():
    # No names, notes or needs: a reference, the kind of task and the due date only.
    return _("Reminder: %(ref)s – %(kind)s, due %(due)s")


def _reminder_text(reference, kind_label, due_on):
    return _reminder_message() % {
        "ref": reference,
        "kind": kind_label,
        "due": date_format(due_on),
    }


def _kind_labels():
    """Each kind's label translated once per batch (get_kind_display() per row costs a
    translation of every choice)."""
    return {kind: str(label) for kind, label in FollowUp.Kind.choices}


def _link(followup_id):
    return reverse("followups:detail", args=[followup_id])


def _links():
    """`_link` for a batch: the URL reversed once and each id put in its place (a batch is
    thousands of reminders, and reversing each cost the first scan of a day a second)."""
    marker = 987654321
    head, tail = _link(marker).split(str(marker))
    return lambda followup_id: f"{head}{int(followup_id)}{tail}"


def _texts():
    """`_reminder_text` for a batch: the message translated once and each due day formatted
    once (a batch has a few)."""
    message, days = _reminder_message(), {}

    def text(reference, kind_label, due_on):
        if due_on not in days:
            days[due_on] = date_format(due_on)
        return message % {"ref": reference, "kind": kind_label, "due": days[due_on]}

    return text


def _channels(user_ids, event):
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, event=event).values_list(
            "user_id", "channel"
        )
    )
    return {user_id: chosen.get(user_id, NotificationPreference.DEFAULT) for user_id in user_ids}


def scan(*, now=None) -> dict:
    """Remind each follow-up due soon or overdue once a day: write today's reminder row, send
    the in-app notice, e-mail those who want it at once, and escalate long-overdue ones."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    lead = settings.BROBYGNING["REMINDER_LEAD_DAYS"]
    # Follow-ups with today's row are left out by an anti-join on the unique index, so a
    # repeated scan the same day selects nothing. Selected once, before any row is written:
    # the plan of an anti-join against the table being written can go wrong mid-scan.
    # Plain rows, not model instances: at national scale a first scan reminds tens of
    # thousands.
    due = list(
        selectors.relevant()
        .filter(due_on__lte=today + timedelta(days=lead))
        .exclude(Exists(Reminder.objects.filter(followup=OuterRef("pk"), day=today)))
        .order_by()
        .values_list("pk", "assignee_id", "kind", "due_on", "household__reference", named=True)
    )
    sent = sum(
        _remind(due[start : start + CLAIM_BATCH], today, now)
        for start in range(0, len(due), CLAIM_BATCH)
    )
    emailed = send_pending_emails(now=now)
    chased = chase_stalled_requests(now=now)
    escalated = escalate(now=now)
    return {
        "due": len(due),
        "sent": sent,
        "emailed": emailed,
        "chased": chased,
        "escalated": escalated,
    }


@transaction.atomic
def _remind(batch, today, now) -> int:
    """Remind a batch of follow-ups: write today's rows, already sent, and the in-app notices
    in one transaction. The unique (follow-up, day) row is the claim: a row another scan wrote
    first (this one waits for it to commit) is skipped, and only the rows this scan wrote get
    a notice. A scan that fails writes nothing, and the next one reminds them. Returns how
    many it reminded."""
    channels = _channels({r.assignee_id for r in batch}, NotificationPreference.Event.REMINDER)
    ops = connection.ops
    day, at = ops.adapt_datefield_value(today), ops.adapt_datetimefield_value(now)
    in_app = NotificationPreference.Channel.IN_APP
    # Written already sent, in the channel the assignee chose; nothing to e-mail for those
    # who want the app only.
    rows = [
        (r.pk, channels[r.assignee_id], at if channels[r.assignee_id] == in_app else None)
        for r in batch
    ]
    common = {"day": day, "created_at": at, "sent_at": at, "attempts": 0, "last_error": ""}
    fields = ("followup", "channel", "emailed_at")
    while True:
        try:
            with transaction.atomic():
                insert_rows(Reminder, fields, rows, common=common)
            break
        except IntegrityError:
            # Another scan wrote some of these since they were selected (rare, so not looked
            # for first): leave those to it and write the others.
            taken = set(
                Reminder.objects.filter(
                    day=today, followup__in=[row[0] for row in rows]
                ).values_list("followup_id", flat=True)
            )
            if not taken:
                raise
            rows = [row for row in rows if row[0] not in taken]
    written = {row[0] for row in rows}
    kinds, link, reminder_text = _kind_labels(), _links(), _texts()
    notify_each(
        [
            (
                r.assignee_id,
                reminder_text(r.household__reference, kinds[r.kind], r.due_on),
                link(r.pk),
            )
            for r in batch
            if r.pk in written
        ],
        now=now,
    )
    return len(written)


def chase_stalled_requests(*, now=None) -> int:
    """A request an actor has not answered in time: ask its contacts for an update, once.
    If it stays unanswered, the overdue follow-up escalates to the managers (see escalate)."""
    from actors.models import ContactPerson
    from households.models import Bridge

    now = now or timezone.now()
    stalled = (
        selectors.stalled_requests(timezone.localdate(now))
        .filter(update_requested_at__isnull=True)
        .select_related("household", "support_offer")
    )
    chased = 0
    for bridge in stalled:
        with transaction.atomic():
            if claim_once(Bridge, bridge.pk, update_requested_at=now) is None:
                continue  # another scan chased it
            contacts = ContactPerson.objects.filter(
                actor_id=bridge.support_offer.actor_id, is_active=True, user__isnull=False
            ).select_related("user")
            notify(
                [c.user for c in contacts],
                text=_("Please answer request %(ref)s") % {"ref": bridge.household.reference},
                url=reverse("portal:answer", args=[bridge.pk]),
            )
            chased += 1
    return chased


def send_pending_emails(*, now=None) -> int:
    """E-mail reminders to users who want them at once; a refused e-mail is retried by the next
    scan (up to a limit), never sent twice once it went through. The channel is the one the
    user had chosen when the reminder was sent (saved on the row), here and in the digest, so
    a change of preference never strands a reminder between the two."""
    now = now or timezone.now()
    # Only rows claimed for "e-mail at once": digest rows wait for send_digests, and must not
    # fill the batch ahead of these.
    pending = list(
        Reminder.objects.filter(
            sent_at__isnull=False,
            emailed_at__isnull=True,
            attempts__lt=MAX_EMAIL_ATTEMPTS,
            channel=NotificationPreference.Channel.EMAIL_NOW,
        ).select_related("followup__household", "followup__assignee")[:CLAIM_BATCH]
    )
    emailed = 0
    for reminder in pending:
        # Claim first: a concurrent scan that already claimed this attempt skips it.
        claimed = Reminder.objects.filter(
            pk=reminder.pk, emailed_at__isnull=True, attempts=reminder.attempts
        ).update(attempts=reminder.attempts + 1)
        if not claimed:
            continue
        user = reminder.followup.assignee
        try:
            send_mail(
                subject=_("Brobygning reminder"),
                message=_email_body([reminder]),
                from_email=None,
                recipient_list=[user.email],
            )
        except Exception as exc:  # an SMTP refusal must not lose the reminder: retry later
            logger.warning("Reminder e-mail %s failed: %s", reminder.pk, exc)
            Reminder.objects.filter(pk=reminder.pk).update(last_error=str(exc)[:300])
            continue
        Reminder.objects.filter(pk=reminder.pk).update(emailed_at=timezone.now(), last_error="")
        emailed += 1
    return emailed


def _email_body(reminders):
    base = settings.BROBYGNING["SITE_URL"].rstrip("/")
    kinds = _kind_labels()
    lines = [_("You have follow-ups that are due:"), ""]
    for reminder in reminders:
        followup = reminder.followup
        text = _reminder_text(followup.household.reference, kinds[followup.kind], followup.due_on)
        lines.append(f"- {text}: {base}{_link(followup.pk)}")
    return "\n".join(lines)


def send_digests(*, now=None) -> int:
    """One e-mail per user with the reminders of the digest channel not yet e-mailed."""
    now = now or timezone.now()
    pending = list(
        Reminder.objects.filter(
            sent_at__isnull=False,
            emailed_at__isnull=True,
            channel=NotificationPreference.Channel.EMAIL_DIGEST,
        )
        .select_related("followup__household", "followup__assignee")
        .order_by("followup__due_on")
    )
    by_user = defaultdict(list)
    for reminder in pending:
        by_user[reminder.followup.assignee].append(reminder)
    sent = 0
    for user, reminders in by_user.items():
        ids = [r.pk for r in reminders]
        with transaction.atomic():
            claimed = Reminder.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
                emailed_at=now
            )
            if claimed != len(ids):
                transaction.set_rollback(True)  # another digest run took some: leave it to it
                continue
            # Sent inside the transaction: if the server refuses, the claim rolls back and
            # the next digest run tries again.
            send_mail(
                subject=_("Brobygning: your follow-ups today"),
                message=_email_body(reminders),
                from_email=None,
                recipient_list=[user.email],
            )
        sent += 1
    return sent


def escalate(*, now=None) -> int:
    """Follow-ups overdue more than N days go to the managers, once each."""
    now = now or timezone.now()
    overdue = (
        selectors.past_escalation_limit(timezone.localdate(now))
        .filter(escalated_at__isnull=True)
        .select_related("household")
    )
    managers = list(User.objects.with_role(Role.MANAGER))
    escalated = 0
    for followup in overdue[:CLAIM_BATCH]:
        with transaction.atomic():
            if FollowUp.objects.filter(pk=followup.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                notify(
                    managers,
                    text=_("Overdue follow-up: %(ref)s – %(kind)s")
                    % {
                        "ref": followup.household.reference,
                        "kind": followup.get_kind_display(),
                    },
                    url=_link(followup.pk),
                )
                escalated += 1
    return escalated
