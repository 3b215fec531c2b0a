"""Bridges: connecting a household to a support offer or a local contact, and the consent
that gates sending household data to an actor."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import ContactPerson
from actors.needs import NeedCategory
from brobygning.core.notifications import notify
from brobygning.core.roles import Role
from households import events
from households.models import Bridge, BridgeChange, Consent

# The statuses a bridge-builder may set by hand live with the model (the case page lists them).
TRANSITIONS = Bridge.TRANSITIONS
SCHOOL_AND_DAYCARE = (NeedCategory.SCHOOL, NeedCategory.DAYCARE)


def consent_covers(household, actor) -> bool:
    today = timezone.localdate()
    return (
        Consent.objects.filter(household=household, given_on__lte=today)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
        .filter(Q(covers_all_actors=True) | Q(actors=actor))
        .exists()
    )


@transaction.atomic
def consent_record(*, consent: Consent, actors, by) -> Consent:
    consent.recorded_by = by
    consent.save()
    consent.actors.set(actors)
    return consent


def _change(bridge, to_status, by, note=""):
    BridgeChange.objects.create(
        bridge=bridge, from_status=bridge.status, to_status=to_status, changed_by=by, note=note
    )
    bridge.status = to_status


def _locked(bridge):
    return (
        Bridge.objects.select_for_update(of=("self",))
        .select_related("household", "support_offer__actor", "local_contact")
        .get(pk=bridge.pk)
    )


@transaction.atomic
def bridge_propose(*, bridge: Bridge, by) -> Bridge:
    if bridge.household.is_closed:
        raise ValidationError(_("The case is closed. Reopen it before changing it."))
    offer, contact = bridge.support_offer, bridge.local_contact
    if bool(offer) == bool(contact):
        raise ValidationError(_("Choose either a support offer or a local contact."))
    if offer and not (offer.is_active and offer.actor.is_active):
        raise ValidationError(_("This support offer or its actor is no longer active."))
    if contact and not contact.is_active:
        raise ValidationError(_("This local contact is no longer active."))
    bridge.status = ""
    bridge.save()
    _change(bridge, Bridge.Status.PROPOSED, by)
    bridge.save(update_fields=["status"])
    return bridge


def _contact_persons(bridge):
    """The contacts who can receive the request, in the portal or by an answer link: at the
    actor it was sent to (not the offer's actor today), or, before it is sent, at the offer's
    actor."""
    actor_id = bridge.addressed_actor_id or (
        bridge.support_offer.actor_id if bridge.support_offer_id else None
    )
    if not actor_id:
        return ContactPerson.objects.none()
    return ContactPerson.objects.filter(
        Q(user__isnull=False) | ~Q(email=""), actor_id=actor_id, is_active=True
    )


def _answer_link(bridge):
    base = settings.BROBYGNING["SITE_URL"].rstrip("/")
    return base + reverse("portal:token_answer", args=[bridge.answer_token])


def _issue_link(bridge):
    bridge.answer_token = secrets.token_urlsafe(32)
    bridge.answer_token_expires_at = timezone.now() + timedelta(
        days=settings.BROBYGNING["ANSWER_LINK_DAYS"]
    )


def _mail_contacts_without_account(bridge, contacts):
    # Only a reference and the link: no names, needs or notes leave by e-mail.
    recipients = [c.email for c in contacts if c.user_id is None and c.email]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(
            subject=_("Request from Brobygning: %(ref)s") % {"ref": bridge.household.reference},
            message=_("A bridge-builder asks you to answer a request. Open it here:\n%(link)s")
            % {"link": _answer_link(bridge)},
            from_email=None,
            recipient_list=recipients,
            fail_silently=True,
        )
    )


@transaction.atomic
def bridge_request(*, bridge: Bridge, by, override_reason="") -> Bridge:
    """Send the request. To an actor it needs the household's consent covering that actor;
    a manager may override with a written reason, which is recorded.

    An actor without a contact person who can receive it gets nothing: the bridge is marked
    "not sent: no contact person" (returned in that status) and can be sent again once the
    directory has a contact."""
    bridge = _locked(bridge)
    if bridge.status not in (Bridge.Status.PROPOSED, Bridge.Status.NO_CONTACT):
        raise ValidationError(_("Only a proposed bridge can be requested."))
    if bridge.household.is_closed:
        raise ValidationError(_("The case is closed. Reopen it before changing it."))
    note = ""
    if bridge.support_offer_id:
        actor = bridge.support_offer.actor
        if not (bridge.support_offer.is_active and actor.is_active):
            raise ValidationError(_("This support offer or its actor is no longer active."))
        # Before consent: nothing leaves when nobody can receive it.
        contacts = list(_contact_persons(bridge))
        if not contacts:
            if bridge.status != Bridge.Status.NO_CONTACT:
                _change(bridge, Bridge.Status.NO_CONTACT, by, _("Not sent: no contact person"))
                bridge.save()
            return bridge
        if not consent_covers(bridge.household, actor):
            if not (by.has_role(Role.MANAGER) and override_reason.strip()):
                raise ValidationError(
                    _(
                        "The household has not consented to sharing data with %(actor)s. "
                        "Record the consent first."
                    )
                    % {"actor": actor}
                )
            bridge.consent_override = override_reason.strip()
            note = _("Sent without consent by a manager: %(reason)s") % {
                "reason": bridge.consent_override
            }
        bridge.addressed_actor = actor
        _issue_link(bridge)
    else:
        contacts = []
    bridge.requested_at = timezone.now()
    bridge.requested_by = by
    _change(bridge, Bridge.Status.REQUESTED, by, note)
    bridge.save()
    notify(
        [c.user for c in contacts if c.user_id],
        text=_("New request: %(ref)s") % {"ref": bridge.household.reference},
        url=reverse("portal:answer", args=[bridge.pk]),
    )
    _mail_contacts_without_account(bridge, contacts)
    events.bridge_requested.send(sender=Bridge, bridge=bridge)
    return bridge


@transaction.atomic
def bridge_answer(*, bridge: Bridge, confirmed: bool, answer: str, by=None) -> Bridge:
    """The actor's answer (in the portal, or by the single-request link when `by` is None)."""
    bridge = _locked(bridge)
    if bridge.status != Bridge.Status.REQUESTED:
        raise ValidationError(_("This request has already been answered."))
    if not confirmed and not answer.strip():
        raise ValidationError(_("Write why the request is declined."))
    bridge.answered_at = timezone.now()
    bridge.answer = answer.strip()
    bridge.answer_token = ""
    _change(bridge, Bridge.Status.CONFIRMED if confirmed else Bridge.Status.DECLINED, by, answer)
    bridge.save()
    if bridge.requested_by_id:
        notify(
            [bridge.requested_by],
            text=(_("Request confirmed: %(ref)s") if confirmed else _("Request declined: %(ref)s"))
            % {"ref": bridge.household.reference},
            url=reverse("households:detail", args=[bridge.household_id]),
        )
    events.bridge_answered.send(sender=Bridge, bridge=bridge)
    return bridge


@transaction.atomic
def bridge_ask(*, bridge: Bridge, question: str, by) -> None:
    """The actor asks the consultant a question; the request stays open."""
    bridge = _locked(bridge)
    if bridge.status != Bridge.Status.REQUESTED:
        raise ValidationError(_("This request has already been answered."))
    if not question.strip():
        raise ValidationError(_("Write your question."))
    BridgeChange.objects.create(
        bridge=bridge,
        from_status=bridge.status,
        to_status=bridge.status,
        changed_by=by,
        note=question.strip()[:500],
    )
    if bridge.requested_by_id:
        notify(
            [bridge.requested_by],
            text=_("Question about request %(ref)s") % {"ref": bridge.household.reference},
            url=reverse("households:detail", args=[bridge.household_id]),
        )


@transaction.atomic
def bridge_set_status(*, bridge: Bridge, status: str, by, note="") -> Bridge:
    bridge = _locked(bridge)
    if bridge.household.is_closed:
        raise ValidationError(_("The case is closed. Reopen it before changing it."))
    if status not in TRANSITIONS[bridge.status]:
        raise ValidationError(
            _("A bridge cannot go from %(from)s to %(to)s.")
            % {"from": bridge.get_status_display(), "to": Bridge.Status(status).label}
        )
    answered = bridge.status == Bridge.Status.REQUESTED
    if answered:
        bridge.answered_at = timezone.now()
        bridge.answer_token = ""
        bridge.answer = note
    _change(bridge, status, by, note)
    bridge.save()
    if answered:
        events.bridge_answered.send(sender=Bridge, bridge=bridge)
    return bridge


@transaction.atomic
def bridge_reissue_link(*, bridge: Bridge, by) -> Bridge:
    bridge = _locked(bridge)
    if bridge.status != Bridge.Status.REQUESTED or not bridge.support_offer_id:
        raise ValidationError(_("Only an open request to an actor has an answer link."))
    _issue_link(bridge)
    bridge.save(update_fields=["answer_token", "answer_token_expires_at", "updated_at"])
    _mail_contacts_without_account(bridge, list(_contact_persons(bridge)))
    return bridge


@transaction.atomic
def bridge_withdraw(*, bridge: Bridge, reason: str, by) -> str:
    """End a request that awaits an answer (closing the case); returns the status it had.
    The answer link stops working; the actor's queue no longer shows it."""
    bridge = _locked(bridge)
    previous = bridge.status
    bridge.answer_token = ""
    _change(bridge, Bridge.Status.ENDED, by, reason)
    bridge.save()
    return previous


@transaction.atomic
def bridge_restore(*, bridge: Bridge, status: str, by) -> bool:
    """Put a request that closing the case ended back to `status` (reopening the case).
    A request to an actor gets a new answer link ("Send new answer link" mails it)."""
    bridge = _locked(bridge)
    if bridge.status != Bridge.Status.ENDED:
        return False
    _change(bridge, status, by, _("Case reopened"))
    if status == Bridge.Status.REQUESTED and bridge.support_offer_id:
        _issue_link(bridge)
    bridge.save()
    return True


def bridge_for_token(token):
    """The open request a single-request link points at, or None if unknown or expired."""
    if not token:
        return None
    bridge = (
        Bridge.objects.shared_with_actors()
        .filter(answer_token=token, status=Bridge.Status.REQUESTED)
        .select_related("household", "member", "need", "support_offer", "addressed_actor")
        .select_related("requested_by")
        .first()
    )
    if bridge is None or bridge.answer_token_expires_at < timezone.now():
        return None
    return bridge


def holds_local_contact(household, bridges=None) -> bool:
    """Closure criterion 3: a confirmed bridge to a local contact in the receiving area."""
    if household.receiving_area_id is None:
        return False
    bridges = household.bridges.select_related("local_contact") if bridges is None else bridges
    return any(
        b.is_holding and b.local_contact and b.local_contact.area_id == household.receiving_area_id
        for b in bridges
    )
