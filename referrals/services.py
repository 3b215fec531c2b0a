"""Writes to referrals: send, open, accept, decline, ask, withdraw, reopen, escalate."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygning.core.models import User, claim_once, lock_row, save_versioned
from brobygning.core.notifications import notify
from brobygning.core.roles import Role
from households import services as household_services
from households.models import Household, JournalEntry, Need
from referrals import events
from referrals.models import Referral, ReferralMember, ReferralMessage


def _receivers():
    return User.objects.filter(
        groups__name__in=[Role.BRIDGE_BUILDER, Role.MANAGER], is_active=True
    ).distinct()


def _managers():
    return User.objects.with_role(Role.MANAGER)


def _url(referral):
    return reverse("referrals:detail", args=[referral.pk])


def _require_unanswered(referral):
    if not referral.is_unanswered:
        raise ValidationError(_("This referral has already been answered or withdrawn."))


@transaction.atomic
def referral_save(*, referral: Referral, by, people=None) -> Referral:
    """Save a draft. `people` (rows of {first_name, relation, birth_year}), when given,
    replace the household's people on the referral; None leaves them as they are."""
    if referral.pk and referral.status != Referral.Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed."))
    if not referral.pk:
        referral.sender = by
    # Sending, withdrawing or another tab's save count the version up: a stale edit is refused.
    referral = save_versioned(referral)
    if people is not None:
        referral.members.all().delete()
        ReferralMember.objects.bulk_create(
            ReferralMember(referral=referral, **person) for person in people
        )
    return referral


@transaction.atomic
def referral_send(*, referral: Referral, by) -> Referral:
    """Send a draft to the bridge-builders. Without recorded consent it cannot be sent."""
    referral = lock_row(referral)
    if referral.status != Referral.Status.DRAFT:
        raise ValidationError(_("This referral has already been sent."))
    if not referral.consent_given_on or not referral.consent_method:
        raise ValidationError(
            _("Record the household's consent to the hand-off (when and how) before sending.")
        )
    referral.status = Referral.Status.SENT
    referral.sent_at = timezone.now()
    referral.save(update_fields=["status", "sent_at", "updated_at"])
    notify(
        _receivers(),
        text=_("New referral: %(name)s") % {"name": referral.display_name},
        url=_url(referral),
    )
    return referral


@transaction.atomic
def referral_open(*, referral: Referral, by) -> None:
    """The first receiver to open it leaves a read receipt the sender sees."""
    if referral.opened_at or by == referral.sender or referral.status == Referral.Status.DRAFT:
        return
    # Of two receivers opening it at once, the first one's receipt stands and the second
    # sees it.
    claim_once(Referral, referral.pk, opened_at=timezone.now(), opened_by=by)
    referral.refresh_from_db(fields=["opened_at", "opened_by"])


def _copy_knowledge(referral, household, by):
    """Carry what the sender knows into the case, so nothing is typed twice."""
    existing = set(household.needs.values_list("category", flat=True))
    for code in dict.fromkeys(referral.needs):
        if code not in existing:
            Need.objects.create(
                household=household, category=code, noted_by=by, source=Need.Source.REFERRAL
            )
    # Stored as what happened plus the referral's texts; the labels and the sentence are put
    # into words when shown, in the reader's language (JournalEntry.note_text).
    sections = [
        [code, text]
        for code, text in (
            ("reason", referral.reason),
            ("household_composition", referral.household_composition),
            ("wishes", referral.wishes),
            ("lost_support", referral.lost_support),
        )
        if text
    ]
    JournalEntry.objects.create(
        household=household,
        kind=JournalEntry.Kind.OTHER,
        event=JournalEntry.Event.REFERRAL_ACCEPTED,
        event_data={"sender": str(referral.sender), "sections": sections},
        author=by,
    )


@transaction.atomic
def referral_accept(*, referral: Referral, bridge_builder, by) -> Household:
    """Accept: create the case in phase 1 (or link the registered one) and copy the knowledge.

    Sends `events.referral_accepted` in this transaction; the follow-up app hangs the
    "first contact within N working days" task on it.
    """
    referral = lock_row(referral)
    _require_unanswered(referral)
    household = referral.household
    if household is not None and not household.is_visible_to(by):
        # Accepting links the sender to the case: only someone who may see it may do that.
        raise ValidationError(
            _("This referral names a case you cannot see. Ask a manager or the case's team.")
        )
    if household is None:
        household = household_services.household_create(
            household=Household(
                display_name=referral.display_name,
                origin_area=referral.origin_area,
                origin_address=referral.origin_address,
                origin_postcode=referral.origin_postcode,
                origin_town=referral.origin_town,
                preferred_language=referral.preferred_language or "dansk",
                interpreter_needed=referral.interpreter_needed,
                wishes_home=referral.wishes,
                termination_received_on=referral.notice_given_on,
                bridge_builder=bridge_builder,
            ),
            by=by,
        )
    elif household.bridge_builder_id is None:
        household_services.household_assign(
            household=household, bridge_builder=bridge_builder, by=by
        )
    _copy_knowledge(referral, household, by)
    people = list(referral.members.values("first_name", "relation", "birth_year"))
    if people and not household.is_closed:
        # A case that was registered before may know some of them already.
        household_services.members_add(household=household, people=people, by=by, skip_known=True)
    referral.household = household
    referral.assigned_to = bridge_builder
    referral.status = Referral.Status.ACCEPTED
    referral.answered_at = timezone.now()
    referral.answered_by = by
    referral.save()
    notify(
        [referral.sender],
        text=_("Your referral of %(name)s was accepted.") % {"name": referral.display_name},
        url=_url(referral),
    )
    if bridge_builder != by:
        notify([bridge_builder], text=_("You were assigned a new case."), url=_url(referral))
    events.referral_accepted.send(sender=Referral, referral=referral, household=household)
    return household


@transaction.atomic
def referral_decline(*, referral: Referral, reason: str, note: str, by) -> Referral:
    referral = lock_row(referral)
    _require_unanswered(referral)
    if reason not in Referral.DeclineReason.values:
        raise ValidationError(_("Choose a reason for declining."))
    if reason == Referral.DeclineReason.OTHER and not note.strip():
        raise ValidationError(_("Explain the reason in the note."))
    referral.status = Referral.Status.DECLINED
    referral.decline_reason = reason
    referral.decline_note = note
    referral.answered_at = timezone.now()
    referral.answered_by = by
    referral.save()
    notify(
        [referral.sender],
        text=_("Your referral of %(name)s was declined.") % {"name": referral.display_name},
        url=_url(referral),
    )
    return referral


@transaction.atomic
def referral_message(*, referral: Referral, text: str, by) -> ReferralMessage:
    """A message in the thread. From a receiver it asks the sender for more information;
    the sender's answer puts the referral back in the inbox."""
    referral = lock_row(referral)
    _require_unanswered(referral)
    if not text.strip():
        raise ValidationError(_("Write a message."))
    message = ReferralMessage.objects.create(referral=referral, author=by, text=text)
    if by == referral.sender:
        referral.status = Referral.Status.SENT
        askers = {m.author for m in referral.messages.select_related("author") if m.author != by}
        notify(
            askers or _receivers(),
            text=_("Answer on the referral of %(name)s") % {"name": referral.display_name},
            url=_url(referral),
        )
    else:
        referral.status = Referral.Status.INFO_REQUESTED
        notify(
            [referral.sender],
            text=_("Question about your referral of %(name)s") % {"name": referral.display_name},
            url=_url(referral),
        )
    referral.save(update_fields=["status", "updated_at"])
    return message


@transaction.atomic
def referral_withdraw(*, referral: Referral, by) -> Referral:
    referral = lock_row(referral)
    if by != referral.sender and not by.has_role(Role.MANAGER):
        raise ValidationError(_("Only the sender or a manager can withdraw a referral."))
    if referral.status not in (Referral.Status.DRAFT, *Referral.UNANSWERED):
        raise ValidationError(_("An answered referral cannot be withdrawn."))
    referral.status = Referral.Status.WITHDRAWN
    referral.save(update_fields=["status", "updated_at"])
    return referral


@transaction.atomic
def referral_reopen(*, referral: Referral, note: str, by) -> Referral:
    referral = lock_row(referral)
    if not by.has_role(Role.MANAGER):
        raise ValidationError(_("Only a manager can reopen a declined referral."))
    if referral.status != Referral.Status.DECLINED:
        raise ValidationError(_("Only a declined referral can be reopened."))
    if not note.strip():
        raise ValidationError(_("Write why the referral is reopened."))
    ReferralMessage.objects.create(referral=referral, author=by, text=note)
    referral.status = Referral.Status.SENT
    referral.decline_reason = ""
    referral.answered_at = referral.answered_by = referral.escalated_at = None
    referral.save()
    return referral


def referrals_escalate(*, now=None) -> int:
    """Escalate referrals nobody answered within N working days to the managers, once each."""
    now = now or timezone.now()
    escalated = 0
    candidates = Referral.objects.past_answer_deadline(timezone.localdate(now)).filter(
        escalated_at__isnull=True
    )
    for referral in candidates.only("pk", "sent_at", "display_name"):
        with transaction.atomic():
            if claim_once(Referral, referral.pk, escalated_at=now) is None:
                continue  # another worker escalated it
            notify(
                _managers(),
                text=_("Referral not answered in time: %(name)s") % {"name": referral.display_name},
                url=_url(referral),
            )
            escalated += 1
    return escalated
