from celery import shared_task

from followups import reminders


@shared_task
def scan_reminders():
    """Enqueued by beat every few minutes; safe to run twice or late (see reminders.scan)."""
    return reminders.scan()


@shared_task
def send_reminder_digests():
    return reminders.send_digests()
