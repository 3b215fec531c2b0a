import pytest
from celery import current_app

from brobygning.models import WorkerHeartbeat
from brobygning.tasks import record_heartbeat
from tests.workers import celery_worker, require_redis, wait_for

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_sent_through_redis(settings):
    redis_url = require_redis()
    current_app.conf.broker_url = redis_url
    try:
        with celery_worker(redis_url) as queue:
            record_heartbeat.apply_async(queue=queue)
            assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="beat").exists())
    finally:
        current_app.conf.broker_url = settings.CELERY_BROKER_URL


def test_beat_schedule_is_declared_in_settings(settings):
    assert "record-heartbeat" in settings.CELERY_BEAT_SCHEDULE
    assert settings.CELERY_TASK_SERIALIZER == "json"
