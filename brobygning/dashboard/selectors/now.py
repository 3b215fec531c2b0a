"""Figures about how things stand today — open cases, overdue follow-ups, requests pending at
actors — do not depend on the period asked for, only on the team and area filters and the
day. They are counted once per DASHBOARD_CACHE_SECONDS for those filters and reused, so a
manager who changes the period waits for the period's figures alone.

The counts are cached bare (numbers and ids, never links, which carry the period); each
section builds its cells from them. A page made with a cached count says when the oldest
count it shows was made (`computed_at`), and the beat task that refreshes the figures
counts everything again (`counting(fresh=True)`).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from brobygning.dashboard.forms import Filters

T = TypeVar("T")

_fresh: ContextVar[bool] = ContextVar("dashboard_fresh", default=False)
_counted_at: ContextVar[list[datetime] | None] = ContextVar("dashboard_counted_at", default=None)


def status_now(name: str, filters: Filters, today: date, count: Callable[[], T]) -> T:
    """`count()`, or what it returned for these team and area filters today, at most
    DASHBOARD_CACHE_SECONDS ago."""
    seconds = settings.BROBYGNING["DASHBOARD_CACHE_SECONDS"]
    if not seconds:
        return count()
    key = "dashboard-now:{}:{}:{}:{}:{}".format(
        name,
        getattr(filters.team, "pk", None),
        getattr(filters.origin_area, "pk", None),
        getattr(filters.receiving_area, "pk", None),
        today.isoformat(),
    )
    cached = None if _fresh.get() else cache.get(key)
    if cached is None:
        cached = (timezone.now(), count())
        cache.set(key, cached, seconds)
    if (times := _counted_at.get()) is not None:
        times.append(cached[0])
    return cached[1]


@contextmanager
def counting(*, fresh: bool = False) -> Iterator[list[datetime]]:
    """Within the block, `status_now` counts afresh if `fresh` (or an enclosing block's),
    and the list yielded collects when each count it returned was made."""
    times: list[datetime] = []
    fresh_token, times_token = _fresh.set(fresh or _fresh.get()), _counted_at.set(times)
    try:
        yield times
    finally:
        _fresh.reset(fresh_token)
        _counted_at.reset(times_token)


def computed_at(times: list[datetime]) -> datetime:
    """When the figures were computed: now, or when the oldest cached count was made."""
    return min(times, default=timezone.now())
