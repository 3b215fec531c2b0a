"""The dashboard's derived rows (first contact after each referral) are kept in the
transaction of the change they follow, and a rebuild from the case file gives the same rows."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from brobygning.core.models import without_history
from brobygning.core.workdays import working_days_between
from brobygning.dashboard import summary
from brobygning.dashboard.models import ReferralContact
from households import services as household_services
from households.models import JournalEntry
from referrals import services as referral_services
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def rows():
    return sorted(ReferralContact.objects.values_list("referral_id", "after_sent", "after_answer"))


def full_rows():
    return sorted(ReferralContact.objects.values_list())


def log(household, kind, day, by):
    return household_services.journal_entry_add(
        entry=JournalEntry(household=household, kind=kind, occurred_on=day, note="Samtale"),
        by=by,
    )


def test_rebuilt_rows_equal_the_rows_kept_by_the_services(bridge_builder, manager, frozen_today):
    first, second = ReferralFactory(), ReferralFactory()
    ReferralFactory()  # sent and never answered: no case, no row
    household = referral_services.referral_accept(
        referral=first, bridge_builder=bridge_builder, by=manager
    )
    other = referral_services.referral_accept(
        referral=second, bridge_builder=bridge_builder, by=manager
    )
    assert rows() == [(first.pk, None, None), (second.pk, None, None)]

    note = log(household, JournalEntry.Kind.OTHER, frozen_today, bridge_builder)
    call = log(household, JournalEntry.Kind.PHONE_CALL, frozen_today, bridge_builder)
    log(other, JournalEntry.Kind.HOME_VISIT, frozen_today, bridge_builder)
    assert rows() == [
        (first.pk, frozen_today, frozen_today),
        (second.pk, frozen_today, frozen_today),
    ]

    # An earlier contact (logged late) is the first one; a contact before the referral is not.
    log(household, JournalEntry.Kind.MEETING, frozen_today - timedelta(days=400), bridge_builder)
    call.kind = JournalEntry.Kind.OTHER  # edited: no longer a contact
    call.save()
    note.delete()
    assert dict((pk, (sent, answer)) for pk, sent, answer in rows())[first.pk] == (None, None)
    assert ReferralContact.objects.get(pk=second.pk).working_days_after_sent == 0

    maintained = full_rows()
    assert summary.rebuild() == 2
    assert full_rows() == maintained


def test_a_rolled_back_contact_leaves_no_derived_row_behind(bridge_builder, manager, frozen_today):
    referral = ReferralFactory()
    household = referral_services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=manager
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        log(household, JournalEntry.Kind.HOME_VISIT, frozen_today, bridge_builder)
        raise RuntimeError
    assert rows() == [(referral.pk, None, None)]


def test_the_rebuild_command_repairs_rows_a_bulk_load_left_out(bridge_builder, manager):
    referral = ReferralFactory()
    household = referral_services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=manager
    )
    without_history(JournalEntry.objects).bulk_create(  # no signals, as the load data
        [
            JournalEntry(
                household=household,
                kind=JournalEntry.Kind.HOME_VISIT,
                author=bridge_builder,
                occurred_on=date(2026, 3, 20),
                note="Besøg",
            )
        ]
    )
    assert rows() == [(referral.pk, None, None)]
    call_command("rebuild_dashboard_summary", stdout=StringIO())
    assert rows() == [(referral.pk, date(2026, 3, 20), date(2026, 3, 20))]
    row = ReferralContact.objects.get()
    assert row.working_days_after_sent == working_days_between(
        timezone.localdate(referral.sent_at), date(2026, 3, 20)
    )
