"""Open follow-ups on the close form (households.closure): listed, cancelled with the
reason the user gave, and restored when the case is reopened."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followups.models import FollowUp
from households.closure import OpenItem


class OpenFollowUps:
    kind = "followup"

    def open_items(self, household):
        return [
            OpenItem(self.kind, followup.pk, followup.display_title, _("due"), followup.due_on)
            for followup in FollowUp.objects.open().filter(household=household)
        ]

    def cancel(self, pk, *, household, reason, by):
        followup = FollowUp.objects.select_for_update().get(pk=pk, household=household)
        previous = followup.status
        followup.status = FollowUp.Status.CANCELLED
        followup.outcome_note = reason[:500]
        followup.save(update_fields=["status", "outcome_note", "updated_at"])
        return previous

    def restore(self, pk, *, household, previous_status, by):
        followup = FollowUp.objects.select_for_update().filter(pk=pk, household=household).first()
        if followup is None or followup.status != FollowUp.Status.CANCELLED:
            return False
        followup.status = previous_status
        followup.outcome_note = ""
        try:
            with transaction.atomic():
                followup.save(update_fields=["status", "outcome_note", "updated_at"])
        except IntegrityError:
            # The same automatic follow-up was made again meanwhile: that one stays.
            return False
        return True


def on_household_closed(*, household, **kwargs):
    """The case's follow-ups learn that it is closed (what stays open is no longer relevant,
    except "does the bridge hold?")."""
    FollowUp.objects.filter(household=household).update(case_closed=True)


def on_household_reopened(*, household, by, **kwargs):
    """A reopened case no longer waits for "does the bridge hold?"; its follow-ups are
    relevant again."""
    FollowUp.objects.filter(household=household).update(case_closed=False)
    FollowUp.objects.open().filter(household=household, rule=FollowUp.Rule.CASE_CLOSED).update(
        status=FollowUp.Status.CANCELLED,
        outcome_note=_("Case reopened"),
        updated_at=timezone.now(),
    )
