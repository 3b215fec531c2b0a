"""The receiving-area monitor: how many rehoused households arrive in each receiving area,
and warnings against the waterbed effect (vandsengseffekt) the report warns about.

Counts and area statistics only — never anything about individual ethnicity or convictions.
The inflow share is local policy (no national "safe share" exists), set in settings.

One rule, `receiving_warning`, marks an area both here (the monitor page, shared with the
municipality and housing organisations) and on the manager dashboard. Figures here are exact;
the pages that show them apply the one small-cell rule (brobygning.core.suppression)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import (
    Area,
    AreaCriterionValue,
    AreaListStatus,
    Criterion,
    CriterionThreshold,
    ListStatus,
)
from households.models import Move

QUARTERS_SHOWN = 8
LISTED = {
    ListStatus.VULNERABLE,
    ListStatus.PARALLEL_SOCIETY,
    ListStatus.TRANSFORMATION,
    ListStatus.PREVENTION,
}
# Lower is worse for the income criterion; higher is worse for the others.
LOWER_IS_WORSE = {Criterion.INCOME_RATIO}


@dataclass
class AreaRow:
    area: Area
    quarters: dict = field(default_factory=dict)  # quarter start → (households, persons)
    last_year_households: int = 0
    list_status: AreaListStatus | None = None
    criteria: list = field(default_factory=list)
    departments: list = field(default_factory=list)  # (department, households)
    warnings: list = field(default_factory=list)
    inflow_warning: str = ""  # the share warning (also in `warnings`), "" when none

    @property
    def inflow_share(self):
        return inflow_share(self.last_year_households, self.area.homes_count)


def share_limit() -> Decimal:
    """The local policy: percent of an area's homes a year (settings, env
    BROBYGNING_MONITOR_INFLOW_SHARE_PERCENT)."""
    return Decimal(settings.BROBYGNING["MONITOR_INFLOW_SHARE_PERCENT"])


def inflow_share(households: int, homes: int | None, days: int = 365) -> Decimal | None:
    """Rehoused households moved in over `days` as a percentage of the area's homes per year
    (None when the number of homes is not recorded). Zero households is 0.0 %."""
    if not homes:
        return None
    return (Decimal(households) * 365 / days / homes * 100).quantize(Decimal("0.1"))


def is_listed(list_status: str | None) -> bool:
    """On one of the official lists (its newest status)."""
    return list_status in LISTED


def receiving_warning(
    households: int, homes: int | None, list_status: str | None, days: int = 365
) -> bool:
    """The waterbed rule: an area that received rehoused households over `days` is marked
    when it is on an official list, or when they make more than the local policy's share
    of its homes per year."""
    if not households:
        return False
    share = inflow_share(households, homes, days)
    return is_listed(list_status) or (share is not None and share > share_limit())


def _quarter_starts(today, count):
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for _step in range(count):
        quarters.append(start)
        start = (start - timedelta(days=1)).replace(day=1)
        start = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    return list(reversed(quarters))


def _near(value, threshold, criterion, margin):
    if criterion in LOWER_IS_WORSE:
        return value <= threshold * (1 + margin)
    return value >= threshold * (1 - margin)


def monitor(*, today=None, areas=None):
    """One row per receiving area; a fixed number of queries whatever the data size."""
    today = today or timezone.localdate()
    quarters = _quarter_starts(today, QUARTERS_SHOWN)
    year_ago = today - timedelta(days=365)
    areas = list(areas if areas is not None else Area.objects.filter(is_receiving_area=True))
    rows = {area.pk: AreaRow(area=area, quarters={q: (0, 0) for q in quarters}) for area in areas}

    moves = Move.objects.filter(receiving_area__in=rows, moved_on__gte=quarters[0])
    for item in (
        moves.annotate(quarter=TruncQuarter("moved_on"))
        .values("receiving_area", "quarter")
        .annotate(
            households=Count("household", distinct=True),
            persons=Count("household__members", distinct=True),
        )
    ):
        quarter = item["quarter"]
        quarter = quarter.date() if hasattr(quarter, "date") else quarter
        rows[item["receiving_area"]].quarters[quarter] = (item["households"], item["persons"])
    for item in (
        Move.objects.filter(receiving_area__in=rows, moved_on__gt=year_ago, moved_on__lte=today)
        .values("receiving_area")
        .annotate(households=Count("household", distinct=True))
    ):
        rows[item["receiving_area"]].last_year_households = item["households"]
    for item in (
        Move.objects.filter(receiving_area__in=rows, moved_on__gt=year_ago)
        .values("receiving_area", "offer__department")
        .annotate(households=Count("household", distinct=True))
        .order_by("receiving_area", "offer__department")
    ):
        rows[item["receiving_area"]].departments.append(
            (item["offer__department"] or _("Not recorded"), item["households"])
        )
    for status in AreaListStatus.objects.filter(area__in=rows).order_by("area", "-year"):
        rows[status.area_id].list_status = rows[status.area_id].list_status or status
    latest_values = {}
    for value in AreaCriterionValue.objects.filter(area__in=rows).order_by("area", "-year"):
        latest_values.setdefault((value.area_id, value.criterion), value)
    thresholds = {}
    for threshold in CriterionThreshold.objects.order_by("-valid_from"):
        thresholds.setdefault((threshold.criterion, threshold.list_status), threshold)

    margin = Decimal(settings.BROBYGNING["MONITOR_MARGIN_PERCENT"]) / 100
    limit = share_limit()
    for (area_id, criterion), value in latest_values.items():
        row = rows[area_id]
        row.criteria.append(value)
        for (th_criterion, list_status), threshold in thresholds.items():
            if th_criterion == criterion and _near(value.value, threshold.value, criterion, margin):
                row.warnings.append(
                    _(
                        "%(criterion)s is %(value)s, near or past the threshold %(threshold)s "
                        "for the list '%(list)s'."
                    )
                    % {
                        "criterion": value.get_criterion_display(),
                        "value": value.value,
                        "threshold": threshold.value,
                        "list": ListStatus(list_status).label,
                    }
                )
    for row in rows.values():
        status = row.list_status.status if row.list_status else None
        if receiving_warning(row.last_year_households, row.area.homes_count, status):
            # The one rule; the texts say which part of it the area meets.
            if is_listed(status):
                row.warnings.insert(
                    0,
                    _("On the %(year)s list as '%(list)s' and still receiving rehoused households.")
                    % {"year": row.list_status.year, "list": row.list_status.get_status_display()},
                )
            if (share := row.inflow_share) is not None and share > limit:
                row.inflow_warning = _(
                    "Took %(share)s %% of its homes in rehoused households in the last year; "
                    "local policy warns above %(limit)s %%."
                ) % {"share": share, "limit": limit}
                row.warnings.append(row.inflow_warning)
        row.criteria.sort(key=lambda value: value.criterion)
    return quarters, sorted(rows.values(), key=lambda row: row.area.name)


def area_warnings(area):
    """Warnings for one area, shown to a bridge-builder making an offer or move into it."""
    if area is None:
        return []
    _quarters, rows = monitor(areas=[area])
    return rows[0].warnings if rows else []
