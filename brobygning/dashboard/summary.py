"""The dashboard's derived rows (`models.ReferralContact`: first contact and working days to
the answer per referral), kept exact.

Maintained here, by signal handlers that run inside the transaction of the change they
follow (a contact logged, edited or deleted; a referral sent, answered or linked to a case),
so a committed change and its derived row commit or roll back together. Changes that bypass
the ORM's signals (bulk loads: the demo programme, load data) call `rebuild()` afterwards;
beat runs it nightly as well, and `manage.py rebuild_dashboard_summary` on demand.
`rebuild()` and the maintained rows are equal: tests/dashboard/test_summary.py.
"""

from datetime import date

from django.db import transaction
from django.db.models import DateField, OuterRef, Q, Subquery
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from brobygning.core.workdays import is_working_day, working_days_between
from brobygning.dashboard.models import ReferralContact
from brobygning.dashboard.selectors.base import LocalDate
from households import phase_months
from households.models import JournalEntry
from referrals.models import Referral
from referrals.selectors import first_contact_after

# A referral has a row once it is sent or has a case (a draft has none).
KEPT = Q(household__isnull=False) | Q(sent_at__isnull=False)


def working_days_to_answer(sent_on: date, answered_on: date) -> int:
    """The fewest working days N such that `answered_on` is within N working days of
    `sent_on` (`add_working_days(sent_on, N)` or earlier): the working days after sending up
    to the answer, one more when the answer came on a weekend or holiday."""
    if answered_on <= sent_on:
        return 0
    days = working_days_between(sent_on, answered_on)
    return days if is_working_day(answered_on) else days + 1


def _first_contacts(referrals):
    """(referral pk, sent on, answered on, after_sent, after_answer) for the referrals kept:
    one query."""
    return (
        referrals.filter(KEPT)
        .annotate(_sent_on=LocalDate("sent_at"), _answered_on=LocalDate("answered_at"))
        .annotate(
            _after_sent=Subquery(
                first_contact_after(OuterRef("_sent_on")), output_field=DateField()
            ),
            _after_answer=Subquery(
                first_contact_after(OuterRef("_answered_on")), output_field=DateField()
            ),
        )
        .values_list("pk", "_sent_on", "_answered_on", "_after_sent", "_after_answer")
        .order_by()
    )


def refresh(referrals, *, prune: bool = False) -> None:
    """Recompute the rows of `referrals` (a queryset): two queries (three with `prune`)."""
    rows = [
        ReferralContact(
            referral_id=pk,
            after_sent=contact,
            after_answer=answer,
            working_days_after_sent=(
                None
                if contact is None or sent_on is None
                else working_days_between(sent_on, contact)
            ),
            working_days_to_answer=(
                None
                if answered_on is None or sent_on is None
                else working_days_to_answer(sent_on, answered_on)
            ),
        )
        for pk, sent_on, answered_on, contact, answer in _first_contacts(referrals)
    ]
    if rows:
        ReferralContact.objects.bulk_create(
            rows,
            batch_size=5000,
            update_conflicts=True,
            unique_fields=["referral"],
            update_fields=[
                "after_sent",
                "after_answer",
                "working_days_after_sent",
                "working_days_to_answer",
            ],
        )
    if prune:  # a draft without a case has no row
        ReferralContact.objects.filter(referral__in=referrals.exclude(KEPT).values("pk")).delete()


@transaction.atomic
def rebuild() -> int:
    """Recompute every row from the case file, and every phase change's earlier entry in its
    month (`households.phase_months`); returns how many referral rows there are."""
    ReferralContact.objects.all().delete()
    refresh(Referral.objects.all(), prune=True)
    phase_months.refresh()
    return ReferralContact.objects.count()


@receiver(post_save, sender=JournalEntry, dispatch_uid="dashboard_contact_saved")
def _journal_saved(sender, instance, created, raw=False, **kwargs):
    # A new entry of another kind changes nothing; an edit may have changed the kind.
    if raw or (created and instance.kind not in JournalEntry.CONTACT_KINDS):
        return
    refresh(Referral.objects.filter(household_id=instance.household_id))


@receiver(post_delete, sender=JournalEntry, dispatch_uid="dashboard_contact_deleted")
def _journal_deleted(sender, instance, **kwargs):
    if instance.kind in JournalEntry.CONTACT_KINDS:
        refresh(Referral.objects.filter(household_id=instance.household_id))


@receiver(post_save, sender=Referral, dispatch_uid="dashboard_referral_saved")
def _referral_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    watched = {"sent_at", "answered_at", "household", "household_id"}
    if raw or (instance.household_id is None and instance.sent_at is None):
        return
    if update_fields is not None and not watched & set(update_fields):
        return
    refresh(Referral.objects.filter(pk=instance.pk))
