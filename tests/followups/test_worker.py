"""End to end on real parts: beat's task goes through real Redis to a real Celery worker,
which scans the database and delivers the reminder (in-app notice and e-mail)."""

import pytest
from celery import current_app
from django.utils import timezone

from brobygning.core.models import Notification
from followups.models import NotificationPreference, Reminder
from followups.tasks import scan_reminders
from tests.factories import FollowUpFactory
from tests.workers import celery_worker, require_redis, wait_for

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_a_due_reminder_end_to_end(
    household, bridge_builder, settings, tmp_path
):
    redis_url = require_redis()
    FollowUpFactory(household=household, due_on=timezone.localdate())
    NotificationPreference.objects.create(
        user=bridge_builder, event="reminder", channel="email_now"
    )
    current_app.conf.broker_url = redis_url
    try:
        with celery_worker(redis_url, env={"EMAIL_URL": f"filemail://{tmp_path}"}) as queue:
            scan_reminders.apply_async(queue=queue)
            assert wait_for(lambda: Reminder.objects.filter(emailed_at__isnull=False).exists())
            scan_reminders.apply_async(queue=queue)  # a second run sends nothing more
            assert wait_for(lambda: len(list(tmp_path.iterdir())) >= 1)
    finally:
        current_app.conf.broker_url = settings.CELERY_BROKER_URL
    assert Notification.objects.filter(user=bridge_builder).count() == 1
    mails = list(tmp_path.iterdir())
    assert len(mails) == 1
    body = mails[0].read_text()
    assert household.reference in body and household.display_name not in body
