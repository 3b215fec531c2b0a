import pytest
from celery import current_app

from brobygning.core.models import WorkerHeartbeat
from brobygning.core.tasks import record_heartbeat
from tests.workers import ROOT, celery_worker, require_redis, wait_for

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_sent_through_redis():
    redis_url = require_redis()
    with celery_worker(redis_url) as queue, current_app.connection_for_write(redis_url) as broker:
        record_heartbeat.apply_async(queue=queue, connection=broker)
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="beat").exists())


def test_beat_schedule_is_declared_in_settings(settings):
    assert "record-heartbeat" in settings.CELERY_BEAT_SCHEDULE
    assert settings.CELERY_TASK_SERIALIZER == "json"


@pytest.mark.django_db(transaction=True)
def test_the_demo_worker_runs_a_task_through_its_folder_queue(settings):
    """`bin/demo` has no Redis: tasks go through Celery's filesystem transport in var/celery."""
    folder_queue = current_app.connection_for_write(
        "filesystem://", transport_options=settings.CELERY_FOLDER_QUEUE_OPTIONS
    )
    with celery_worker(None) as queue, folder_queue as broker:
        record_heartbeat.apply_async(queue=queue, connection=broker)
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="beat").exists())
    assert not (ROOT / "control").exists()  # the transport's control files stay in var/
