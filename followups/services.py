"""Follow-up rules: what the events of the other apps create, reschedule and cancel, and
completing follow-ups. Each automatic follow-up records the rule that made it."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygning.core.workdays import add_working_days
from followups.models import FollowUp
from followups.rules import MOVE_CHECKLIST, rule_label  # noqa: F401 (rule_label re-exported)
from households.models import JournalEntry
from households.services import household_next_contact_done


@transaction.atomic
def followup_create(
    *, household, kind, assignee, due_on, title="", trigger_on=None, rule="", source=None
) -> FollowUp:
    """Create a follow-up; an automatic one already open for the same rule and trigger is
    returned instead, so a retried event never duplicates it. `source` is the row the
    follow-up hangs on (a referral, move, closure or bridge), or None."""
    trigger_on = trigger_on or timezone.localdate()
    if due_on < trigger_on:
        raise ValidationError(_("The due date cannot be before the date that triggers it."))
    if rule:
        existing = FollowUp.objects.open().filter(
            household=household, rule=rule, **FollowUp.source_filter(source)
        )
        if found := existing.first():
            return found
    return FollowUp.objects.create(
        household=household,
        kind=kind,
        title=str(title),
        assignee=assignee,
        due_on=due_on,
        trigger_on=trigger_on,
        rule=rule,
        case_closed=household.is_closed,
        **FollowUp.source_filter(source),
    )


def _assignee(household, fallback):
    return household.bridge_builder or fallback


# --- Hooks: one small function per event of the apps below --------------------------------


def on_referral_accepted(*, referral, household, **kwargs):
    today = timezone.localdate()
    days = settings.BROBYGNING["FIRST_CONTACT_WORKING_DAYS"]
    followup_create(
        household=household,
        kind=FollowUp.Kind.FIRST_CONTACT,
        assignee=_assignee(household, referral.answered_by),
        trigger_on=today,
        due_on=add_working_days(today, days),
        rule=FollowUp.Rule.REFERRAL_ACCEPTED,
        source=referral,
    )


def on_move_registered(*, move, **kwargs):
    household = move.household
    assignee = _assignee(household, move.registered_by)
    followup_create(
        household=household,
        kind=FollowUp.Kind.POST_MOVE_VISIT,
        assignee=assignee,
        trigger_on=move.moved_on,
        due_on=move.moved_on + timedelta(days=14),
        rule=FollowUp.Rule.MOVE_REGISTERED,
        source=move,
    )
    members = list(household.members.all())
    for rule, days, flag in MOVE_CHECKLIST:
        if flag and not any(getattr(member, flag) for member in members):
            continue
        followup_create(
            household=household,
            kind=FollowUp.Kind.MOVE_TASK,
            assignee=assignee,
            trigger_on=move.moved_on,
            due_on=move.moved_on + timedelta(days=days),
            rule=rule,
            source=move,
        )


def on_move_date_changed(*, move, old_date, **kwargs):
    shift = move.moved_on - old_date
    for followup in FollowUp.objects.open().filter(household=move.household, move=move):
        followup.trigger_on = move.moved_on
        followup.due_on += shift
        followup.save(update_fields=["trigger_on", "due_on", "updated_at"])


def on_household_closed(*, household, closure, **kwargs):
    """Ask later whether the bridge holds. Open follow-ups stay open unless the user cancelled
    them on the close form (followups.closure)."""
    weeks = settings.BROBYGNING["BRIDGE_HOLDS_WEEKS"]
    followup_create(
        household=household,
        kind=FollowUp.Kind.BRIDGE_HOLDS,
        assignee=_assignee(household, closure.closed_by),
        trigger_on=closure.closed_on,
        due_on=closure.closed_on + timedelta(weeks=weeks),
        rule=FollowUp.Rule.CASE_CLOSED,
        source=closure,
    )


def on_journal_entry_added(*, entry, **kwargs):
    """A logged visit or call is the contact the case waited for: the first contact and the
    next contact are done by themselves. A next contact on the entry becomes the case's
    next-contact task (created, or moved when one is open)."""
    if entry.kind in JournalEntry.CONTACT_KINDS:
        for followup in FollowUp.objects.open().filter(
            household=entry.household,
            kind__in=(FollowUp.Kind.FIRST_CONTACT, FollowUp.Kind.NEXT_CONTACT),
        ):
            _complete(
                followup,
                by=entry.author,
                outcome=FollowUp.Outcome.CONTACT_LOGGED,
                outcome_on=entry.occurred_on,
            )
    if entry.next_contact_on:
        followup_schedule_next_contact(
            household=entry.household, due_on=entry.next_contact_on, by=entry.author
        )


@transaction.atomic
def followup_schedule_next_contact(*, household, due_on, by) -> FollowUp:
    """The case's one open next-contact task, due on `due_on`: moved when it exists, else
    created (for the case's bridge-builder, else `by`)."""
    trigger_on = min(timezone.localdate(), due_on)
    current = (
        FollowUp.objects.select_for_update()
        .open()
        .filter(household=household, rule=FollowUp.Rule.NEXT_CONTACT)
        .first()
    )
    if current is None:
        return followup_create(
            household=household,
            kind=FollowUp.Kind.NEXT_CONTACT,
            assignee=_assignee(household, by),
            trigger_on=trigger_on,
            due_on=due_on,
            rule=FollowUp.Rule.NEXT_CONTACT,
        )
    current.trigger_on, current.due_on = min(current.trigger_on, trigger_on), due_on
    current.save(update_fields=["trigger_on", "due_on", "updated_at"])
    return current


def on_bridge_requested(*, bridge, **kwargs):
    if not bridge.support_offer_id:
        return
    today = timezone.localdate()
    followup_create(
        household=bridge.household,
        kind=FollowUp.Kind.BRIDGE_UNANSWERED,
        assignee=_assignee(bridge.household, bridge.requested_by),
        trigger_on=today,
        due_on=today + timedelta(days=settings.BROBYGNING["BRIDGE_ANSWER_DAYS"]),
        rule=FollowUp.Rule.BRIDGE_REQUESTED,
        source=bridge,
    )


def on_bridge_answered(*, bridge, **kwargs):
    """An answered request needs no chasing any more."""
    FollowUp.objects.open().filter(
        household=bridge.household, rule=FollowUp.Rule.BRIDGE_REQUESTED, bridge=bridge
    ).update(
        status=FollowUp.Status.CANCELLED,
        outcome=FollowUp.Outcome.ANSWERED,
        updated_at=timezone.now(),
    )


@transaction.atomic
def event_create(*, event, by):
    event.organiser = by
    event.save()
    return event


# --- Completing ---------------------------------------------------------------------------


def _complete(followup, *, by, **outcome):
    # The conditional update is the guard: completing twice changes nothing the second time.
    updated = FollowUp.objects.filter(pk=followup.pk, status=FollowUp.Status.OPEN).update(
        status=FollowUp.Status.DONE,
        completed_at=timezone.now(),
        completed_by=by,
        updated_at=timezone.now(),
        **outcome,
    )
    if not updated:
        raise ValidationError(_("This follow-up is already done or cancelled."))
    if followup.rule == FollowUp.Rule.NEXT_CONTACT:
        # The case no longer waits for that contact (a later date set meanwhile stays).
        household_next_contact_done(household=followup.household, due_on=followup.due_on, by=by)
    followup.refresh_from_db()
    return followup


@transaction.atomic
def followup_complete(
    *, followup, by, outcome_note="", visit_offered=None, visit_answer="", visit_on=None
):
    if followup.needs_outcome:
        if visit_offered is None:
            raise ValidationError(_("Record whether a visit was offered."))
        if visit_offered and not visit_answer:
            raise ValidationError(_("Record the household's answer to the offer of a visit."))
        if visit_answer == FollowUp.VisitAnswer.ACCEPTED and not visit_on:
            raise ValidationError(_("Give the date of the visit."))
    return _complete(
        followup,
        by=by,
        outcome_note=outcome_note,
        visit_offered=visit_offered,
        visit_answer=visit_answer or "",
        visit_on=visit_on,
    )


@transaction.atomic
def followup_cancel(*, followup, by, reason):
    if not reason.strip():
        raise ValidationError(_("Write why the follow-up is cancelled."))
    updated = FollowUp.objects.filter(pk=followup.pk, status=FollowUp.Status.OPEN).update(
        status=FollowUp.Status.CANCELLED, outcome_note=reason, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This follow-up is already done or cancelled."))
