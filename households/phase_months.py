"""Which phase changes are a household's first entry into a phase in a calendar month.

`PhaseChange.earlier_in_month` holds, per change, when the same household entered the same
phase earlier in the same local month (None for the month's first entry). The dashboard's
"households entering each phase per month" then counts the changes in its period whose
earlier entry is None or before the period: exactly one per household, phase and month,
without sorting the period's changes by household for a distinct count.

Kept here by signal handlers in the transaction of the change (a change saved or deleted
recomputes its household's changes: a handful of rows). Writes that bypass the ORM's signals
(`QuerySet.update`, `bulk_create`: the demo, load data) are put right by the dashboard's
`summary.rebuild()`, which they run afterwards and beat runs nightly: it calls `refresh()`
for every change.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from households.models import PhaseChange

BATCH = 2000


def refresh(changes=None) -> int:
    """Recompute `earlier_in_month` for the phase changes of `changes` (a queryset; all when
    None) and write the ones that differ; returns how many were written. Only whole
    households' changes give the right answer: filter by household, not by row."""
    changes = PhaseChange.objects.all() if changes is None else changes
    model = changes.model  # the migration that adds the column passes its historical model
    zone = timezone.get_default_timezone()
    previous_key = previous_at = None
    stale = []
    for pk, household, phase, changed_at, stored in (
        changes.order_by("household_id", "to_phase", "changed_at", "pk")
        .values_list("pk", "household_id", "to_phase", "changed_at", "earlier_in_month")
        .iterator(chunk_size=BATCH)
    ):
        # Ordered by household, phase and time: the row before is the same household's
        # previous entry into the same phase, which counts when it is in the same local month.
        local = timezone.localtime(changed_at, zone)
        key = (household, phase, local.year, local.month)
        earlier = previous_at if key == previous_key else None
        if earlier != stored:
            stale.append(model(pk=pk, earlier_in_month=earlier))
        previous_key, previous_at = key, changed_at
    model.objects.bulk_update(stale, ["earlier_in_month"], batch_size=BATCH)
    return len(stale)


@receiver(post_save, sender=PhaseChange, dispatch_uid="phase_months_saved")
def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(PhaseChange.objects.filter(household_id=instance.household_id))


@receiver(post_delete, sender=PhaseChange, dispatch_uid="phase_months_deleted")
def _deleted(sender, instance, **kwargs):
    refresh(PhaseChange.objects.filter(household_id=instance.household_id))
