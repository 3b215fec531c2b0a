"""The referral answer deadline as one date: the same rule as counting working days."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from brobygning.core.workdays import earliest_start_within, working_days_between
from referrals.models import Referral
from tests.factories import ReferralFactory


@pytest.mark.parametrize("count", [0, 3, 5])
def test_earliest_start_within_agrees_with_counting_working_days(count):
    # Across Easter, Christmas and ordinary weeks.
    for end in [date(2026, 4, 7) + timedelta(days=n) for n in range(10)] + [
        date(2026, 12, 28),
        date(2027, 1, 4),
    ]:
        first = earliest_start_within(end, count)
        for offset in range(-15, 1):
            start = end + timedelta(days=offset)
            assert (working_days_between(start, end) <= count) == (start >= first)


def test_past_answer_deadline_holds_referrals_answered_by_nobody_in_time(db, settings):
    settings.BROBYGNING = {**settings.BROBYGNING, "REFERRAL_ANSWER_WORKING_DAYS": 3}
    today = date(2026, 12, 4)  # a Friday

    def sent_on(day):
        return ReferralFactory(sent_at=timezone.make_aware(datetime.combine(day, time(23, 30))))

    in_time = sent_on(date(2026, 12, 1))  # Tuesday: 3 working days by Friday
    late = sent_on(date(2026, 11, 30))  # Monday: 4 working days
    answered = sent_on(date(2026, 11, 20))
    answered.status = Referral.Status.ACCEPTED
    answered.save()
    assert list(Referral.objects.past_answer_deadline(today)) == [late]
    assert in_time not in Referral.objects.past_answer_deadline(today)
