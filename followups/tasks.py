import logging

from celery import shared_task
from django.utils import timezone

from brobygning.core.models import REMINDER_SCAN, WorkerHeartbeat
from followups import reminders

logger = logging.getLogger(__name__)


@shared_task
def scan_reminders() -> None:
    """Enqueued by beat every few minutes; safe to run twice or late (see reminders.scan).
    Logs the counts (no references or names) and returns nothing: a result would sit in
    the broker, outside the database's access control."""
    counts = reminders.scan()
    # The administrator's start page shows when the scan last finished.
    WorkerHeartbeat.objects.update_or_create(
        name=REMINDER_SCAN, defaults={"beat_at": timezone.now()}
    )
    logger.info("Reminder scan: %s", ", ".join(f"{key} {n:d}" for key, n in counts.items()))


@shared_task
def send_reminder_digests() -> None:
    logger.info("Reminder digests e-mailed: %d", reminders.send_digests())
