import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from brobygning.core.models import Notification
from followups import reminders
from followups.models import FollowUp, NotificationPreference, Reminder
from tests.factories import FollowUpFactory, close_case

TODAY = timezone.localdate()


def at(day, hour=8):
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def due(household):
    return FollowUpFactory(household=household, due_on=TODAY)


def prefer(user, channel):
    NotificationPreference.objects.create(user=user, event="reminder", channel=channel)


def test_a_due_follow_up_is_reminded_once_per_day(due, bridge_builder):
    first = reminders.scan(now=at(TODAY))
    second = reminders.scan(now=at(TODAY, 14))
    assert (first["sent"], second["sent"]) == (1, 0)
    assert Notification.objects.filter(user=bridge_builder).count() == 1
    assert reminders.scan(now=at(TODAY + timedelta(days=1)))["sent"] == 1
    assert Reminder.objects.filter(followup=due).count() == 2


def test_a_repeated_scan_the_same_day_claims_nothing_again(due):
    """The steady state every few minutes: the follow-ups that have today's row are left out
    of the claim, so a million follow-ups do not mean thousands of conflicting inserts."""
    assert reminders.scan(now=at(TODAY))["due"] == 1
    assert reminders.scan(now=at(TODAY, 14))["due"] == 0
    assert Reminder.objects.filter(followup=due).count() == 1


def test_reminder_text_carries_reference_and_kind_but_no_name_or_note(due):
    reminders.scan(now=at(TODAY))
    text = Notification.objects.get().text
    assert due.household.reference in text
    assert due.household.display_name not in text
    assert due.title not in text


def test_follow_ups_due_later_than_the_lead_time_wait(household, settings):
    settings.BROBYGNING = {**settings.BROBYGNING, "REMINDER_LEAD_DAYS": 1}
    FollowUpFactory(household=household, due_on=TODAY + timedelta(days=2))
    assert reminders.scan(now=at(TODAY))["sent"] == 0
    FollowUpFactory(household=household, due_on=TODAY + timedelta(days=1))
    assert reminders.scan(now=at(TODAY))["sent"] == 1


def test_no_reminder_once_the_condition_is_gone(due, household):
    due.status = FollowUp.Status.DONE
    due.completed_at = timezone.now()
    due.save()
    assert reminders.scan(now=at(TODAY))["sent"] == 0

    open_on_closed_case = FollowUpFactory(household=household, due_on=TODAY)
    close_case(household, by=household.bridge_builder)  # keeps the follow-up open
    assert reminders.scan(now=at(TODAY))["sent"] == 0
    bridge_check = FollowUpFactory(household=household, due_on=TODAY, kind="bridge_holds")
    assert reminders.scan(now=at(TODAY))["sent"] == 1
    assert not Reminder.objects.filter(followup=open_on_closed_case).exists()
    assert Reminder.objects.get().followup == bridge_check


def test_a_scan_that_fails_while_sending_writes_no_reminder_and_the_next_one_sends_it(
    due, bridge_builder, monkeypatch
):
    def refuse(notices, *, now):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(reminders, "notify_each", refuse)
    with pytest.raises(RuntimeError):
        reminders.scan(now=at(TODAY))
    assert not Reminder.objects.exists()

    monkeypatch.undo()
    assert reminders.scan(now=at(TODAY, 9))["sent"] == 1
    assert Notification.objects.filter(user=bridge_builder).count() == 1
    assert Reminder.objects.get().sent_at == at(TODAY, 9)


def test_a_row_another_scan_wrote_after_this_one_selected_is_skipped_not_sent_twice(
    household, bridge_builder
):
    first, second = (FollowUpFactory(household=household, due_on=TODAY) for _ in range(2))
    rows = FollowUp.objects.filter(pk__in=[first.pk, second.pk]).values_list(
        "pk", "assignee_id", "kind", "due_on", "household__reference", named=True
    )
    Reminder.objects.create(followup=first, day=TODAY, sent_at=at(TODAY))  # the other scan

    assert reminders._remind(list(rows), TODAY, at(TODAY)) == 1

    assert Reminder.objects.filter(day=TODAY).count() == 2
    assert [n.url for n in Notification.objects.filter(user=bridge_builder)] == [
        reminders._link(second.pk)
    ]


def test_a_follow_up_done_before_the_scan_is_not_reminded(due):
    FollowUp.objects.filter(pk=due.pk).update(status="done", completed_at=timezone.now())
    assert reminders.scan(now=at(TODAY))["sent"] == 0
    assert not Reminder.objects.exists()


def test_catch_up_after_an_outage_sends_each_overdue_follow_up_once(household):
    for days in (1, 3, 5):
        FollowUpFactory(household=household, due_on=TODAY - timedelta(days=days))
    assert reminders.scan(now=at(TODAY))["sent"] == 3
    assert reminders.scan(now=at(TODAY, 9))["sent"] == 0


def test_email_at_once_is_sent_and_never_twice(due, bridge_builder):
    prefer(bridge_builder, "email_now")
    reminders.scan(now=at(TODAY))
    reminders.scan(now=at(TODAY, 9))
    assert len(mail.outbox) == 1
    assert due.household.reference in mail.outbox[0].body
    assert due.household.display_name not in mail.outbox[0].body


class RefusingBackend:
    """An e-mail server that refuses the first message it gets, then accepts."""

    refused = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if RefusingBackend.refused == 0:
            RefusingBackend.refused += 1
            raise ConnectionRefusedError("550 mailbox unavailable")
        mail.outbox.extend(messages)
        return len(messages)


def test_an_e_mail_the_server_refuses_is_retried_not_lost_not_duplicated(
    due, bridge_builder, settings
):
    settings.EMAIL_BACKEND = "tests.followups.test_reminders.RefusingBackend"
    RefusingBackend.refused = 0
    prefer(bridge_builder, "email_now")
    reminders.scan(now=at(TODAY))
    assert mail.outbox == []
    assert Reminder.objects.get().last_error
    reminders.scan(now=at(TODAY, 9))
    reminders.scan(now=at(TODAY, 10))
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_daily_digest_collects_the_days_reminders_in_one_e_mail(household, bridge_builder):
    FollowUpFactory(household=household, due_on=TODAY)
    FollowUpFactory(household=household, due_on=TODAY - timedelta(days=1))
    reminders.scan(now=at(TODAY))
    assert mail.outbox == []  # the default is a daily digest
    assert reminders.send_digests(now=at(TODAY, 7)) == 1
    assert reminders.send_digests(now=at(TODAY, 8)) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].body.count(household.reference) == 2


def test_in_app_only_users_get_no_e_mail(due, bridge_builder):
    prefer(bridge_builder, "in_app")
    reminders.scan(now=at(TODAY))
    reminders.send_digests(now=at(TODAY, 9))
    assert mail.outbox == []
    assert Notification.objects.count() == 1


def test_long_overdue_follow_up_escalates_to_managers_once(household, manager, settings):
    settings.BROBYGNING = {**settings.BROBYGNING, "ESCALATE_AFTER_DAYS": 7}
    FollowUpFactory(household=household, due_on=TODAY - timedelta(days=6))
    late = FollowUpFactory(household=household, due_on=TODAY - timedelta(days=8))
    assert reminders.scan(now=at(TODAY))["escalated"] == 1
    assert reminders.scan(now=at(TODAY, 12))["escalated"] == 0
    late.refresh_from_db()
    assert late.escalated_at is not None
    assert Notification.objects.filter(user=manager).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_send_each_reminder_once(household):
    for _ in range(20):
        FollowUpFactory(household=household, due_on=TODAY)
    results, errors = [], []

    def run():
        try:
            results.append(reminders.scan(now=at(TODAY))["sent"])
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(results) == 20
    assert Notification.objects.count() == 20
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 20


def test_digest_reminders_never_hold_back_an_at_once_email(
    household, bridge_builder, teammate, monkeypatch
):
    monkeypatch.setattr(reminders, "CLAIM_BATCH", 2)
    prefer(bridge_builder, "email_digest")
    prefer(teammate, "email_now")
    FollowUpFactory.create_batch(3, household=household, assignee=bridge_builder, due_on=TODAY)
    FollowUpFactory(household=household, assignee=teammate, due_on=TODAY)

    reminders.scan(now=at(TODAY))

    assert [message.to for message in mail.outbox] == [[teammate.email]]
    assert Reminder.objects.filter(channel="email_digest", emailed_at__isnull=True).count() == 3


def test_a_changed_preference_never_strands_a_reminder_between_digest_and_at_once(
    household, bridge_builder
):
    prefer(bridge_builder, "email_digest")
    FollowUpFactory(household=household, assignee=bridge_builder, due_on=TODAY)
    reminders.scan(now=at(TODAY))
    NotificationPreference.objects.filter(user=bridge_builder).update(channel="email_now")

    reminders.scan(now=at(TODAY, 9))
    sent = reminders.send_digests(now=at(TODAY, 16))

    assert sent == 1
    assert len(mail.outbox) == 1
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_batchs_links_and_texts_are_those_written_one_by_one(language):
    from django.utils import translation

    with translation.override(language):
        link, text = reminders._links(), reminders._texts()
        for followup_id in (1, 42, 987654321, 2**40):
            assert link(followup_id) == reminders._link(followup_id)
        for day in (date(2026, 1, 5), date(2026, 12, 24), date(2026, 1, 5)):
            assert text("B-0001", "Besøg", day) == reminders._reminder_text("B-0001", "Besøg", day)
