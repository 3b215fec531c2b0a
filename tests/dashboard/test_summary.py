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
    unanswered = ReferralFactory()  # sent and never answered: no case, a row with nothing yet
    ReferralFactory(status="draft", sent_at=None)  # a draft: no row
    household = referral_services.referral_accept(
        referral=first, bridge_builder=bridge_builder, by=manager
    )
    other = referral_services.referral_accept(
        referral=second, bridge_builder=bridge_builder, by=manager
    )
    assert rows() == [(first.pk, None, None), (second.pk, None, None), (unanswered.pk, None, None)]
    assert ReferralContact.objects.get(pk=first.pk).working_days_to_answer == 0
    assert ReferralContact.objects.get(pk=unanswered.pk).working_days_to_answer is None

    # Declined (no case): the answer's working days are kept; reopened: not answered again.
    declined = ReferralFactory(sent_at=timezone.now() - timedelta(days=7))
    referral_services.referral_decline(referral=declined, reason="other", note="Nej", by=manager)
    assert ReferralContact.objects.get(pk=declined.pk).working_days_to_answer > 0
    referral_services.referral_reopen(referral=declined, note="Igen", by=manager)
    assert ReferralContact.objects.get(pk=declined.pk).working_days_to_answer is None
    referral_services.referral_decline(referral=declined, reason="other", note="Nej", by=manager)

    note = log(household, JournalEntry.Kind.OTHER, frozen_today, bridge_builder)
    call = log(household, JournalEntry.Kind.PHONE_CALL, frozen_today, bridge_builder)
    log(other, JournalEntry.Kind.HOME_VISIT, frozen_today, bridge_builder)
    assert rows()[:2] == [
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
    assert summary.rebuild() == 4
    assert full_rows() == maintained


@pytest.mark.parametrize(
    ("sent_on", "answered_on", "days"),
    [
        (date(2026, 3, 6), date(2026, 3, 6), 0),  # Friday, the same day
        (date(2026, 3, 6), date(2026, 3, 7), 1),  # Saturday: as on Monday
        (date(2026, 3, 6), date(2026, 3, 11), 3),  # Wednesday: the third working day
        (date(2026, 3, 6), date(2026, 3, 12), 4),
        (date(2026, 3, 6), date(2026, 3, 14), 6),  # Saturday after the fifth working day
        (date(2026, 3, 7), date(2026, 3, 8), 1),  # sent on a Saturday, answered on Sunday
        (date(2026, 4, 1), date(2026, 4, 7), 1),  # over Easter (2, 3 and 6 April)
    ],
)
def test_the_working_days_to_an_answer_meet_a_deadline_exactly_when_within_it(
    sent_on, answered_on, days
):
    from brobygning.core.workdays import add_working_days

    assert summary.working_days_to_answer(sent_on, answered_on) == days
    for deadline in range(6):
        within = answered_on <= add_working_days(sent_on, deadline)
        assert within == (days <= deadline), deadline


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
