from celery import shared_task
from django.utils import timezone

from brobygning.core.models import WorkerHeartbeat


@shared_task
def record_heartbeat() -> None:
    """Record that the worker ran a task; the home page shows when background jobs last ran."""
    WorkerHeartbeat.objects.update_or_create(name="beat", defaults={"beat_at": timezone.now()})
