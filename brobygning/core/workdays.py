"""Danish working days: weekdays that are not public holidays (for "N working days" rules)."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _danish_holidays(year):
    return holidays.Denmark(years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    day = start
    added = 0
    while added < count:
        day += timedelta(days=1)
        if is_working_day(day):
            added += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            days += 1
    return days


def earliest_start_within(end: date, count: int) -> date:
    """The earliest day with at most `count` working days after it up to `end`: anything
    started before it has taken more than `count` working days by `end`."""
    start = end
    while working_days_between(start - timedelta(days=1), end) <= count:
        start -= timedelta(days=1)
    return start
