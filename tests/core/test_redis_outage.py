"""With Redis down, people still log in and managers still open the dashboard; `/health/`
says Redis is unavailable (#21.8). Redis is made unreachable for real: the cache points at a
port where nothing listens (the shared Redis server is never stopped)."""

import uuid

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from tests.core.test_settings import run_manage
from tests.factories import PASSWORD
from tests.workers import require_redis

LOGIN = reverse("account_login")
NOWHERE = "redis://127.0.0.1:1/0"


def use_redis(settings, url):
    """The cache as settings.py configures it for REDIS_URL=`url`."""
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "brobygning.core.cache.FallbackRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    cache.clear()  # the in-memory fallback of an earlier test (Redis itself: nothing to clear)


@pytest.fixture
def redis_down(settings):
    use_redis(settings, NOWHERE)


def test_production_settings_use_the_cache_that_falls_back():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        env={"REDIS_URL": NOWHERE},
    )
    assert result.stdout.splitlines()[-1] == "brobygning.core.cache.FallbackRedisCache", (
        result.stderr
    )


def test_login_works_while_redis_is_down(redis_down, client, bridge_builder):
    wrong = client.post(LOGIN, {"login": bridge_builder.username, "password": "forkert"})
    assert wrong.status_code == 200

    right = client.post(LOGIN, {"login": bridge_builder.username, "password": PASSWORD})

    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(bridge_builder.pk)
    assert client.get(reverse("home")).status_code == 200


def test_the_login_limit_still_counts_while_redis_is_down(redis_down, settings, client, db):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    for n in range(3):
        assert client.post(LOGIN, {"login": f"ukendt{n}", "password": "forkert"}).status_code == 200

    response = client.post(LOGIN, {"login": "ukendt9", "password": "forkert"})
    assert "for mange mislykkede" in response.content.decode()


def test_the_dashboard_works_while_redis_is_down(redis_down, client, manager):
    client.force_login(manager)

    assert client.get(reverse("dashboard:index")).status_code == 200
    assert client.get(reverse("dashboard:index")).status_code == 200  # from the fallback


def test_health_says_redis_is_unavailable(redis_down, client, db):
    response = client.get(reverse("health"))

    assert response.status_code == 200  # the web still serves: monitoring reads the fields
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "unavailable"}


def test_health_says_redis_is_ok_and_the_cache_is_in_redis_when_it_answers(settings, client, db):
    url = require_redis()
    use_redis(settings, url)

    response = client.get(reverse("health"))
    cache.set("probe", "i redis", 30)

    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    key = cache.make_and_validate_key("probe")
    assert redis.Redis.from_url(url).exists(key) == 1
    cache.delete("probe")
