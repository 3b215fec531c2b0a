"""Building blocks shared by every section of the dashboard: the filters as SQL, dates
and days in native SQL, medians in one query, months of the period."""

import os
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import NotSupportedError, connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Round, TruncDate
from django.utils import timezone

from brobygning.dashboard.forms import Filters

# --- Building blocks ---------------------------------------------------------------------


def previous_period(filters: Filters) -> Filters:
    """The period of the same length just before `filters`' period."""
    days = (filters.date_to - filters.date_from).days + 1
    return replace(
        filters,
        date_from=filters.date_from - timedelta(days=days),
        date_to=filters.date_from - timedelta(days=1),
    )


def span(filters: Filters, before: Filters | None) -> Filters:
    """`filters` stretched back to the start of `before` (the previous period), so one query
    reads both periods' rows and counts each period with its own `filter=`."""
    return replace(filters, date_from=before.date_from) if before else filters


def household_scope(filters: Filters, prefix: str = "", receiving: str | None = None) -> Q:
    """The team and area filters as a Q on households, or on rows reached by `prefix`
    (e.g. "household__"). `receiving` names the receiving-area column when the row has its
    own (a move, an offer), instead of the household's."""
    q = Q()
    if filters.team:
        q &= Q(**{f"{prefix}team": filters.team})
    if filters.origin_area:
        q &= Q(**{f"{prefix}origin_area": filters.origin_area})
    if filters.receiving_area:
        q &= Q(**{receiving or f"{prefix}receiving_area": filters.receiving_area})
    return q


def on_days(column: str, filters: Filters) -> Q:
    return Q(**{f"{column}__gte": filters.date_from, f"{column}__lte": filters.date_to})


def at_times(column: str, filters: Filters) -> Q:
    return Q(**{f"{column}__gte": filters.start, f"{column}__lt": filters.end})


class Days(Func):
    """Days from `start` to `end` (dates, or datetimes) as a float, in native SQL.

    Django's date subtraction runs a Python function per row on SQLite; julianday() there,
    and interval arithmetic on PostgreSQL, keep a dashboard over 10,000 cases fast.
    """

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def _parts(self, compiler):
        (end_sql, end_params), (start_sql, start_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return end_sql, start_sql, (*end_params, *start_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start, params = self._parts(compiler)
        return f"(julianday({end}) - julianday({start}))", params

    def as_postgresql(self, compiler, connection, **extra_context):
        end, start, params = self._parts(compiler)
        if isinstance(self.get_source_expressions()[0].output_field, DateTimeField):
            return f"(EXTRACT(EPOCH FROM ({end}) - ({start})) / 86400.0)", params
        return f"CAST(({end}) - ({start}) AS double precision)", params

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("Days() is written for SQLite and PostgreSQL only.")


class PercentChange(Func):
    """How many percent `new` is above `old` (below: negative), for two decimal columns. On
    PostgreSQL in exact numeric arithmetic, like the amounts themselves (`median_and_count`
    rounds it without float noise); SQLite has no decimal arithmetic, and would divide whole
    amounts as integers: there in floats."""

    output_field = DecimalField()
    arity = 2

    def __init__(self, new, old, **extra):
        super().__init__(new, old, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        (new, new_params), (old, old_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        if connection.vendor == "postgresql":
            return f"(({new}) - ({old})) * 100 / ({old})", (*new_params, *old_params, *old_params)
        return (
            f"(CAST({new} AS REAL) - ({old})) * 100.0 / CAST({old} AS REAL)",
            (*new_params, *old_params, *old_params),
        )


class LocalDate(TruncDate):
    """The local calendar date of a datetime, like TruncDate (and `__date`).

    On SQLite, TruncDate calls a Python function per row; SQLite's own date(…, 'localtime')
    gives the same answer without it, because Django points the process's TZ at TIME_ZONE
    (and calls tzset) at start-up. Where that does not hold (another active time zone, or a
    platform without TZ) it falls back to TruncDate.
    """

    def as_sqlite(self, compiler, connection, **extra_context):
        if os.environ.get("TZ") == settings.TIME_ZONE == timezone.get_current_timezone_name():
            sql, params = compiler.compile(self.lhs)
            return f"date({sql}, 'localtime')", params
        return super().as_sqlite(compiler, connection, **extra_context)

    def get_db_converters(self, connection):
        # PostgreSQL's `::date` is already a date: TruncDate's own converter would only
        # pass it through, at a few microseconds a row on the headlines' thousands of rows.
        if connection.vendor == "postgresql":
            return self.output_field.get_db_converters(connection)
        return super().get_db_converters(connection)


def median(queryset, expression, step=0.1) -> tuple[float | None, int]:
    """(median, n) of `expression` over the rows of `queryset` where it is not null, to the
    nearest `step`.

    One query on any database: the database rounds each value to a multiple of `step` and
    counts the rows sharing it, and the median is read off that histogram. Each row's value
    is computed once, and the answer has one row per distinct rounded value — bounded by the
    range of the values over `step` (days, percent), not by the number of rows.
    """
    value, n, _count = median_and_count(queryset, expression, step=step)
    return value, n


def median_days(queryset, end: str, start: str) -> tuple[float | None, int]:
    """`median(queryset, Days(end, start), step=1)` for two date columns, whose difference
    is whole days already: on PostgreSQL its percentile_cont over the rows the ORM selects
    (the mean of the middle two, the same figure), without a row per distinct value for
    Python to read."""
    if connections[queryset.db].vendor != "postgresql":
        return median(queryset, Days(end, start), step=1)
    ((value, n),) = count_rows(
        queryset.values(end, start),
        f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {end} - {start}), COUNT({end} - {start})",
    )
    return (None if value is None else round(value, 6)), n


def median_and_count(queryset, expression, *, step=0.1, where=None):
    """(median, n, how many rows meet `where`) in the one query of `median`: `where` is a
    second grouping key, so a threshold is checked on the exact value, not the rounded one."""
    flag = (
        Case(When(where, then=Value(True)), default=Value(False), output_field=BooleanField())
        if where is not None
        else Value(False)
    )
    histogram = (
        queryset.order_by()
        .annotate(
            _value=Round(_in_steps(expression, step, connections[queryset.db].vendor), 0),
            _flag=flag,
        )
        .values("_value", "_flag")
        .annotate(_rows=Count("pk"))
        .values_list("_value", "_flag", "_rows")
    )
    counts, matching = {}, 0
    for value, flagged, rows in histogram:
        if value is None:
            continue
        counts[float(value)] = counts.get(float(value), 0) + rows
        matching += rows if flagged else 0
    total = sum(counts.values())
    if not total:
        return None, 0, 0
    ordered = sorted(counts.items())

    def nth(index):  # the index-th smallest value, from 0
        seen = 0
        for value, rows in ordered:
            seen += rows
            if index < seen:
                return value

    middle = (nth((total - 1) // 2) + nth(total // 2)) / 2
    return round(middle * step, 6), total, matching


def _in_steps(expression, step, vendor):
    """`expression` in multiples of `step`, before rounding. On PostgreSQL a decimal
    expression (`PercentChange`) stays in exact numeric arithmetic: no float noise to round
    away, and no float converted to numeric per row for ROUND (half of the rent histogram's
    time at 100,000 households)."""
    if vendor == "postgresql" and isinstance(expression, PercentChange):
        return ExpressionWrapper(
            expression / Value(Decimal(str(step))), output_field=DecimalField()
        )
    return Cast(expression, FloatField()) / Value(float(step))


class MonthIndex(Func):
    """Which of the months ending at `boundaries` a row's `column` falls in (0, 1, 2…), as
    `CASE WHEN column < boundary THEN index … END`.

    Written as SQL directly rather than a Case of a dozen When(Q) branches: Django resolves
    and compiles each Q through the lookup machinery, which cost more CPU per query than
    PostgreSQL's time for some of the figures. Same SQL and parameters.
    """

    output_field = IntegerField()

    def __init__(self, column: str, boundaries: list[datetime], **extra):
        super().__init__(F(column), **extra)
        self.boundaries = boundaries

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.get_source_expressions()[0])
        return month_case(column, self.boundaries, connection, column_params)


def month_case(column: str, boundaries: list[datetime], connection, column_params=()):
    """(sql, params) of `MonthIndex` for the SQL expression `column`."""
    prepare = DateTimeField().get_db_prep_value
    whens, params = [], []
    for index, boundary in enumerate(boundaries):
        whens.append(f"WHEN {column} < %s THEN {index:d}")
        params.extend((*column_params, prepare(boundary, connection)))
    return f"CASE {' '.join(whens)} ELSE NULL END", params


def month_index(column: str, filters: Filters, months: list[date]) -> MonthIndex:
    """Which month of the period a row's `column` falls in (0, 1, 2…), by plain comparisons
    with the months' local-time boundaries: no per-row date function, so an index can serve
    it and SQLite calls no Python. Rows must already lie within the period."""
    boundaries = []
    for month in months:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        boundaries.append(timezone.make_aware(datetime.combine(following, time.min)))
    return MonthIndex(column, boundaries)


def months_in(filters: Filters) -> list[date]:
    month, months = date(filters.date_from.year, filters.date_from.month, 1), []
    while month <= filters.date_to:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def plain_rows(queryset) -> list[tuple]:
    """The rows of a `values_list()` queryset as the database driver returns them, without
    the ORM's per-row converters: a grouping of a thousand rows costs the ORM a few
    milliseconds of Python for nothing when every column is an integer or a text. Only for
    such columns (a date, a decimal or a boolean would come back raw on SQLite)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def flag(condition: Q) -> ExpressionWrapper:
    """`condition` as a boolean column of the rows `count_rows` counts (`FILTER (WHERE …)`):
    the ORM compiles it, so a figure keeps the definition its case list uses."""
    return ExpressionWrapper(condition, output_field=BooleanField())


def count_rows(rows, select: str, params=(), *, group_by: int = 0) -> list[tuple]:
    """Aggregates over the rows of `rows` (a `values()` queryset: the ORM writes their
    filters, scope and joins, and compiles any condition kept as a column), written as SQL:
    `select` is the SELECT list over the rows' columns by name, with `params` for its
    placeholders (dates and datetimes given as the database stores them), grouped by its
    first `group_by` expressions. For the dashboard's figures whose ORM aggregates
    (filtered, distinct counts; groupings) cost more CPU to compile than the database takes
    to count them. Plain SQL that SQLite and PostgreSQL share."""
    connection = connections[rows.db]
    sql, rows_params = rows.order_by().query.sql_with_params()
    group = ", ".join(str(column) for column in range(1, group_by + 1))
    query = _COUNT_ROWS_SQL.format(select=select, rows=sql)
    params = [_db_value(value, connection) for value in params]
    with connection.cursor() as cursor:
        cursor.execute(query + (f" GROUP BY {group}" if group else ""), [*params, *rows_params])
        return cursor.fetchall()


def _db_value(value, connection):
    if isinstance(value, datetime):
        return DateTimeField().get_db_prep_value(value, connection)
    if isinstance(value, date):
        return DateField().get_db_prep_value(value, connection)
    return value


_COUNT_ROWS_SQL = "SELECT {select} FROM ({rows}) AS counted"


def person_name(first, last, username) -> str:
    return f"{first} {last}".strip() or username


@dataclass
class Item:
    """One labelled figure of a list: `key` is the stable code (a choice value), `label` what
    the reader sees."""

    key: str
    label: str
    value: object
