"""Redis as the shared cache, and this process's memory while Redis cannot be reached (#21.8).

The cache holds nothing that must survive: allauth's per-IP limit on failed logins and the
dashboard's figures (expired, never invalidated). So when Redis is down, login and the
dashboard keep working on a cache in the process's memory instead of answering 500: the login
limit then counts per process (the lockout per account, in the database, is unaffected) and
each process computes the figures once. After a failure Redis is not asked again for
RETRY_SECONDS, so an outage costs one refused connection per process and interval, not one per
cache call. `/health/` says whether Redis answers (`redis_status`).
"""

import logging
import threading
import time

import redis
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 10
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)

# When each Redis server (by its location) may be tried again; absent while it answers.
# Per process, not per cache object: Django makes a cache object per thread.
_retry_at: dict[str, float] = {}
_lock = threading.Lock()

# The parameters the in-memory fallback shares with the Redis cache, so keys and expiry agree.
SHARED_PARAMETERS = ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")


class FallbackRedisCache(RedisCache):
    """Django's Redis cache; while Redis cannot be reached, a cache in this process's memory."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = str(server)
        self._fallback = LocMemCache(
            f"redis-fallback:{self._location}",
            {name: params[name] for name in SHARED_PARAMETERS if name in params},
        )

    def _redis_may_answer(self):
        return time.monotonic() >= _retry_at.get(self._location, 0)

    def _redis_failed(self, error):
        with _lock:
            first = self._location not in _retry_at
            _retry_at[self._location] = time.monotonic() + RETRY_SECONDS
        if first:
            logger.warning(
                "Redis cannot be reached (%s): caching in process memory meanwhile.",
                type(error).__name__,
            )

    def _redis_answered(self):
        if self._location in _retry_at:
            with _lock:
                _retry_at.pop(self._location, None)
            logger.warning("Redis answers again: caching in Redis.")


def _with_fallback(name):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if self._redis_may_answer():
            try:
                result = redis_method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self._redis_failed(error)
            else:
                self._redis_answered()
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


# Every operation RedisCache implements; the rest of Django's cache API (get_or_set, decr,
# the async variants…) is built on these.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FallbackRedisCache, _name, _with_fallback(_name))


def redis_status() -> str:
    """ "ok", "unavailable", or "not_configured" (the embedded demo runs without Redis).
    Asks Redis itself, whatever the cache's fallback currently does."""
    if not settings.REDIS_URL:
        return "not_configured"
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        return "unavailable"
    finally:
        client.close()
    return "ok"
