"""Phase rules: moving between phases is an explicit act, and the rules live here."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from households.models import OPEN_PHASES, HousingOffer, JournalEntry, Phase


def phase_index(phase):
    return OPEN_PHASES.index(Phase(phase))


def check_phase_change(*, current, target, note):
    """Raise ValidationError unless `current` → `target` is allowed with this note.

    One step forward needs no reason; going back or skipping phases needs one, so the case
    history explains itself. Closing and reopening have their own actions with their own rules.
    """
    if target == current:
        raise ValidationError(_("The case is already in this phase."))
    if target == Phase.CLOSED:
        raise ValidationError(_("Use 'Close case' to close a case; it checks the criteria."))
    if current == Phase.CLOSED:
        raise ValidationError(_("The case is closed. Reopen it with a reason first."))
    step = phase_index(target) - phase_index(current)
    if step < 0 and not note.strip():
        raise ValidationError(_("Going back to an earlier phase needs a reason."))
    if step > 1 and not note.strip():
        raise ValidationError(_("Skipping phases needs a reason."))


def suggest_next_phase(household, *, has_accepted_offer=None, journal_kinds=None):
    """The phase the data suggests next, or None. Only a suggestion: the user decides."""
    if household.is_closed:
        return None
    current = Phase(household.phase)
    if journal_kinds is None:
        journal_kinds = set(household.journal.values_list("kind", flat=True))
    if has_accepted_offer is None:
        has_accepted_offer = household.offers.filter(status=HousingOffer.Status.ACCEPTED).exists()
    if current == Phase.MOVING and JournalEntry.Kind.FOLLOW_UP_VISIT in journal_kinds:
        return Phase.ONGOING
    if current == Phase.MOVING:
        return Phase.POST_MOVE_VISIT
    if has_accepted_offer and phase_index(current) < phase_index(Phase.MOVING):
        return None  # registering the move moves the case on
    if current == Phase.ONGOING:
        return None
    return OPEN_PHASES[phase_index(current) + 1]
