"""A real Celery worker process on a real Redis broker, sharing the test database."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import redis
from django.db import connection

from tests.services import service_unavailable

ROOT = Path(__file__).resolve().parents[1]
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def require_redis():
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        service_unavailable(
            f"Redis is not reachable at {TEST_REDIS_URL} ({exc}); start redis-server"
        )
    return TEST_REDIS_URL


def test_database_url():
    """The URL of the database the tests use right now, for a worker in another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(redis_url, env=None):
    """Start `celery worker` on its own queue; yields the queue name tasks must be sent to.
    Without `redis_url` the worker uses the demo's broker: the folder queue in var/celery."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **{name: value for name, value in os.environ.items() if name != "REDIS_URL"},
        "DATABASE_URL": test_database_url(),
        **({"REDIS_URL": redis_url} if redis_url else {}),
        "DJANGO_ENV": "demo",
        **(env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "brobygning",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        # Shown by pytest when the test fails: what the worker said.
        print(output)


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
