"""Writes to the case file. Each function validates, writes in one transaction and records
the phase history; views only parse forms and call these."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.needs import NeedCategory
from brobygning.core.models import lock_row, save_versioned
from households import closure as closure_items
from households import events
from households.models import (
    Closure,
    ClosureCancellation,
    Household,
    HousingOffer,
    JournalEntry,
    Member,
    Need,
    Phase,
    PhaseChange,
)
from households.phases import check_phase_change

REFERENCE_ATTEMPTS = 5
SCHOOL_AND_DAYCARE = (NeedCategory.SCHOOL, NeedCategory.DAYCARE)


def _next_reference(year):
    prefix = f"H-{year}-"
    last = (
        Household.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _record_phase(household, *, to_phase, by, note="", event=""):
    PhaseChange.objects.create(
        household=household,
        from_phase=household.phase,
        to_phase=to_phase,
        changed_by=by,
        note=note,
        event=event,
    )
    household.phase = to_phase


def _save(household, *fields):
    household.save(update_fields=[*fields, "updated_at"])  # counts the version up


def _lock(household, expected_version=None):
    """Lock the case's row (read fresh) and refuse to overwrite a change someone else saved
    since `expected_version`. Every write to a case's parts takes this lock first, so two
    writers to one case queue up instead of overwriting each other."""
    return lock_row(household, version=expected_version)


def _ensure_open(household):
    if household.is_closed:
        raise ValidationError(_("The case is closed. Reopen it before changing it."))


@transaction.atomic
def household_create(*, household: Household, by) -> Household:
    """Save a new case in phase 1 with the next free reference (H-<year>-<number>)."""
    if household.bridge_builder_id and not household.team_id:
        household.team = household.bridge_builder.team
    phase = household.phase
    household.phase = ""
    for _attempt in range(REFERENCE_ATTEMPTS):
        household.reference = _next_reference(household.opened_on.year)
        try:
            with transaction.atomic():
                household.save()
            break
        except IntegrityError:
            # Another case took the same number at the same moment; take the next.
            household.pk = None
    else:
        raise ValidationError(_("Could not assign a case reference. Please try again."))
    _record_phase(
        household, to_phase=phase or Phase.FIRST_CONTACT, by=by, event=PhaseChange.Event.CASE_OPENED
    )
    household.save(update_fields=["phase"])
    return household


@transaction.atomic
def household_update(*, household: Household, expected_version: int, changes: dict, by):
    current = _lock(household, expected_version)
    _ensure_open(current)
    for field, value in changes.items():
        setattr(current, field, value)
    _save(current, *changes)
    return current


@transaction.atomic
def household_assign(*, household: Household, bridge_builder, by):
    current = _lock(household)
    current.bridge_builder = bridge_builder
    current.team = bridge_builder.team
    _save(current, "bridge_builder", "team")
    return current


@transaction.atomic
def member_save(*, member: Member, by) -> Member:
    """Add a member, or save an edit that started from `member.version` (refused when someone
    else saved the member since)."""
    _ensure_open(_lock(member.household))
    return save_versioned(member)


@transaction.atomic
def members_add(*, household: Household, people, by, skip_known=False) -> list[Member]:
    """Add several members at once from rows of {first_name, relation, birth_year} (the case
    page's rows, an accepted referral's household). With `skip_known` a person the case
    already has (same first name and birth year) is not added again."""
    current = _lock(household)
    _ensure_open(current)
    known = (
        {(m.first_name.casefold(), m.birth_year) for m in current.members.all()}
        if skip_known
        else set()
    )
    added = []
    for person in people:
        key = (person["first_name"].casefold(), person["birth_year"])
        if key in known:
            continue
        known.add(key)
        added.append(
            Member.objects.create(
                household=current,
                first_name=person["first_name"],
                relation=person["relation"],
                birth_year=person["birth_year"],
            )
        )
    return added


@transaction.atomic
def need_save(*, need: Need, by) -> Need:
    """Add a need, or save an edit that started from `need.version` (refused when someone
    else saved the need since)."""
    _ensure_open(_lock(need.household))
    if not need.pk:
        need.noted_by = by
    return save_versioned(need)


@transaction.atomic
def journal_entry_add(*, entry: JournalEntry, by) -> JournalEntry:
    household = _lock(entry.household)
    _ensure_open(household)
    entry.author = by
    entry.save()
    if entry.next_contact_on:
        household.next_contact_on = entry.next_contact_on
        _save(household, "next_contact_on")
    events.journal_entry_added.send(sender=JournalEntry, entry=entry)
    return entry


@transaction.atomic
def household_next_contact_done(*, household: Household, due_on, by):
    """The next contact due on `due_on` took place or was ticked off: the case no longer
    waits for it (a later date set meanwhile stays)."""
    current = _lock(household)
    if current.next_contact_on == due_on:
        current.next_contact_on = None
        _save(current, "next_contact_on")
    return current


@transaction.atomic
def phase_change(*, household: Household, to_phase: str, by, note: str = "", expected_phase=None):
    current = _lock(household)
    if expected_phase and current.phase != expected_phase:
        raise ValidationError(
            _("Someone else moved this case to another phase meanwhile. Reload the page."),
            code="stale",
        )
    check_phase_change(current=current.phase, target=to_phase, note=note)
    _record_phase(current, to_phase=to_phase, by=by, note=note)
    _save(current, "phase")
    return current


def offers_made_by(household, organisation):
    return household.offers.filter(housing_organisation=organisation).exclude(
        status=HousingOffer.Status.DRAFT
    )


def _ensure_offer_open(offer):
    if not offer.is_open:
        raise ValidationError(_("An answered offer cannot be changed."))


@transaction.atomic
def offer_save(*, offer: HousingOffer, by) -> HousingOffer:
    """Save a new offer, or an edit of one not answered yet (`HousingOffer.is_open`)."""
    household = _lock(offer.household)
    _ensure_open(household)
    if offer.pk:
        _ensure_offer_open(lock_row(offer))
    else:
        offer.created_by = by
    # An answer counts the offer's version up, so an edit opened before it is refused here.
    return save_versioned(offer)


@transaction.atomic
def offer_answer(*, offer: HousingOffer, status, answered_on, decline_reason="", by):
    """Record the household's answer (or expiry/withdrawal) of an offer that was made.

    Decides on the offer as it is under the lock, not as the caller loaded it: of two answers
    given at once, the second finds the offer answered."""
    household = _lock(offer.household)
    _ensure_open(household)
    offer = lock_row(offer)
    if not offer.is_open:
        raise ValidationError(_("This offer has already been answered."))
    if status == HousingOffer.Status.DECLINED and not decline_reason:
        raise ValidationError({"decline_reason": _("Choose why the offer was declined.")})
    if answered_on < offer.offered_on:
        raise ValidationError(_("The answer cannot be dated before the offer was made."))
    if (
        status == HousingOffer.Status.ACCEPTED
        and offer.household.offers.filter(status=HousingOffer.Status.ACCEPTED).exists()
    ):
        raise ValidationError(_("The household has already accepted another offer."))
    offer.status = status
    offer.answered_on = answered_on
    offer.decline_reason = decline_reason if status == HousingOffer.Status.DECLINED else ""
    offer.save(update_fields=["status", "answered_on", "decline_reason", "updated_at"])
    return offer


def check_move_date(offer, moved_on):
    """The one move-date rule: not before the accepted offer was answered."""
    if offer and offer.answered_on and moved_on < offer.answered_on:
        raise ValidationError(
            {"moved_on": _("The move date cannot be before the offer was accepted.")}
        )


@transaction.atomic
def move_register(*, move, by):
    """Register the move and put the case in the moving phase.

    Sends `events.move_registered` inside this transaction: the follow-up app hangs the
    14-day visit on it, so the move and its follow-ups are saved together or not at all.
    """
    household = _lock(move.household)
    _ensure_open(household)
    check_move_date(move.offer, move.moved_on)
    move.registered_by = by
    move.save()
    household.receiving_area = move.receiving_area
    fields = ["receiving_area"]
    if household.phase != Phase.MOVING:
        _record_phase(
            household, to_phase=Phase.MOVING, by=by, event=PhaseChange.Event.MOVE_REGISTERED
        )
        fields.append("phase")
    _save(household, *fields)
    events.move_registered.send(sender=type(move), move=move)
    return move


@transaction.atomic
def move_reschedule(*, move, moved_on, by):
    """Change the move date of a move as it was when the form was opened (`move.version`);
    follow-ups hanging on the move shift with it. Refused when someone else changed the move
    meanwhile, and decided on the row as it is under the lock."""
    _ensure_open(_lock(move.household))
    move = lock_row(move, version=move.version)
    check_move_date(move.offer, moved_on)
    old_date = move.moved_on
    if old_date == moved_on:
        return move
    move.moved_on = moved_on
    move.save(update_fields=["moved_on", "updated_at"])
    events.move_date_changed.send(sender=type(move), move=move, old_date=old_date)
    return move


def _bridged_to_school_or_daycare(bridge, child):
    if bridge.member_id != child.pk or not bridge.is_holding:
        return False
    if bridge.need_id and bridge.need.category in SCHOOL_AND_DAYCARE:
        return True
    offer = bridge.support_offer
    return bool(offer) and any(c.category in SCHOOL_AND_DAYCARE for c in offer.categories.all())


def children_enrolled(household, *, members=None, needs=None, bridges=None) -> bool:
    """Closure criterion 2: every child has a confirmed school or daycare bridge, or school
    and daycare needs that are all met or not needed."""
    members = household.members.all() if members is None else members
    needs = household.needs.all() if needs is None else needs
    if bridges is None:
        bridges = household.bridges.select_related("need", "support_offer").prefetch_related(
            "support_offer__categories"
        )
    school_needs = [n for n in needs if n.category in SCHOOL_AND_DAYCARE]
    for child in (m for m in members if m.is_child):
        if any(_bridged_to_school_or_daycare(b, child) for b in bridges):
            continue
        own = [n for n in school_needs if n.member_id == child.pk]
        if not own or any(n.status not in Need.RESOLVED for n in own):
            return False
    return True


def closure_criteria(household):
    """The report's criteria that are derived from data (2 and 3)."""
    from households.bridges import holds_local_contact

    return {
        "children_enrolled": children_enrolled(household),
        "new_local_contact": holds_local_contact(household),
    }


def check_closure(closure, cancel):
    """The closing rules: a criterion unmet needs a written justification, and each open item
    cancelled needs a reason. Refusals name the field: `justification`, or
    `reason_<item key>` (the close form's fields)."""
    errors = {}
    if not closure.all_criteria_met and not closure.justification.strip():
        errors["justification"] = _(
            "Some closure criteria are not met. Write why the case is closed anyway."
        )
    for key, reason in cancel.items():
        if not reason.strip():
            errors[f"reason_{key}"] = _("Write why it is cancelled.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def household_close(*, closure: Closure, by, cancel=None) -> Closure:
    """Close the case. `cancel` maps the keys of open items (households.closure) the user
    chose to cancel to the reason; every other open item stays open. What is cancelled is
    recorded with the closure, so reopening the case restores it."""
    household = _lock(closure.household)
    _ensure_open(household)
    cancel = cancel or {}
    items = {item.key: item for item in closure_items.open_items(household)}
    if set(cancel) - set(items):
        raise ValidationError(
            _("What is open on the case changed while you were closing it. Check the list again."),
            code="stale",
        )
    derived = closure_criteria(household)
    closure.children_enrolled = derived["children_enrolled"]
    closure.new_local_contact = derived["new_local_contact"]
    check_closure(closure, cancel)
    closure.closed_by = by
    closure.save()
    for key, reason in cancel.items():
        item = items[key]
        previous = closure_items.source(item.kind).cancel(
            item.pk, household=household, reason=reason.strip(), by=by
        )
        ClosureCancellation.objects.create(
            closure=closure, kind=item.kind, item_id=item.pk, previous_status=previous
        )
    _record_phase(household, to_phase=Phase.CLOSED, by=by, note=closure.assessment[:500])
    household.closed_on = closure.closed_on
    household.next_contact_on = None
    _save(household, "phase", "closed_on", "next_contact_on")
    events.household_closed.send(sender=Household, household=household, closure=closure)
    return closure


@transaction.atomic
def household_reopen(*, household: Household, to_phase: str, reason: str, by):
    current = _lock(household)
    if not current.is_closed:
        raise ValidationError(_("The case is not closed."))
    if not reason.strip():
        raise ValidationError(_("Reopening a case needs a reason."))
    if to_phase not in Phase.values or to_phase == Phase.CLOSED:
        raise ValidationError(_("Choose the phase the case goes back to."))
    _record_phase(current, to_phase=to_phase, by=by, note=reason)
    current.closed_on = None
    _save(current, "phase", "closed_on")
    current.restored_items = _restore_cancelled(current, by)
    events.household_reopened.send(sender=Household, household=current, by=by)
    return current


def _restore_cancelled(household, by) -> int:
    """Open again what the last closing cancelled; returns how many items came back."""
    closure = household.closures.order_by("-created_at", "-pk").first()
    if closure is None:
        return 0
    restored = 0
    for cancelled in closure.cancellations.filter(restored_at__isnull=True):
        source = closure_items.source(cancelled.kind)
        if source.restore(
            cancelled.item_id,
            household=household,
            previous_status=cancelled.previous_status,
            by=by,
        ):
            restored += 1
        cancelled.restored_at = timezone.now()
        cancelled.save(update_fields=["restored_at"])
    return restored
