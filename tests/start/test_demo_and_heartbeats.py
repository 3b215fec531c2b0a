"""The demo data fills every role's queues; the reminder scan leaves its heartbeat; the
previous login is kept for "since your last login"."""

import os
import re
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from brobygning.core.models import REMINDER_SCAN, User, WorkerHeartbeat
from brobygning.start import last_visit
from followups.tasks import scan_reminders

DEMO_QUEUES = {
    "brobygger": ["overdue", "today", "this_week", "inbox", "answers", "no_contact"],
    "genhusning": ["info_requested", "waiting", "referral_answers", "drafts"],
    "kommune": ["pending", "answered_requests"],
    "leder": ["late_referrals", "escalated_followups", "stalled_requests", "unassigned"],
    "admin": ["locked"],
}


def test_demo_data_puts_items_in_every_queue_of_every_role(client, db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    for username, keys in DEMO_QUEUES.items():
        client.force_login(User.objects.get(username=username))
        html = client.get(reverse("home")).content.decode()
        for key in keys:
            section = re.search(rf'data-testid="queue-{key}">(.*?)</section>', html, re.S)
            counted = re.search(r'data-testid="count">(\d+)<', section.group(1)).group(1)
            assert int(counted) > 0, f"{username}: {key} is empty"
        client.logout()


def test_reminder_scan_task_records_when_it_last_ran(db):
    scan_reminders()
    beat = WorkerHeartbeat.objects.get(name=REMINDER_SCAN)
    assert timezone.now() - beat.beat_at < timedelta(minutes=1)


def test_login_keeps_the_previous_login_and_a_first_login_looks_two_weeks_back(
    client, bridge_builder
):
    client.force_login(bridge_builder)
    assert client.session[last_visit.SESSION_KEY] == ""
    request = type("Request", (), {"session": client.session})
    since = timezone.now() - last_visit.previous_login(request)
    assert timedelta(days=13) < since <= last_visit.FALLBACK
    client.logout()
    bridge_builder.refresh_from_db()
    previous = bridge_builder.last_login
    client.force_login(bridge_builder)
    assert client.session[last_visit.SESSION_KEY] == previous.isoformat()
