"""Receiving areas: moves into each area, their share, list status and warnings; the
origin → destination matrix."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Count,
    Max,
    OuterRef,
    Q,
    Subquery,
)

from actors.models import Area, AreaListStatus, ListStatus
from brobygning.core.suppression import Cell, Share
from brobygning.dashboard.forms import Figure, Filters
from brobygning.dashboard.selectors.rows import moves
from households.models import Household
from households.monitor import is_listed, receiving_warning, share_limit


@dataclass
class AreaRow:
    area: object
    households: Cell
    internal: Cell
    external: Cell
    share: Share
    homes_share: Share | None
    list_status: str = ""  # the ListStatus code on the newest list, "" when not listed
    list_label: str = ""
    listed: bool = False
    warning: bool = False


@dataclass
class Matrix:
    origins: list = field(default_factory=list)
    destinations: list = field(default_factory=list)
    rows: list = field(default_factory=list)


def receiving_areas(filters: Filters, today: date) -> dict:
    """The receiving-area monitor: households moved into each area in the period, their share
    of all moves and of the area's homes, list status, and warnings (the waterbed effect); and
    the origin → destination matrix, internal and external."""
    area_moves = moves(filters)
    # One grouping by origin, destination and scope serves both tables. A household has one
    # transformation area and one scope, so the households moved into an area are the sum of
    # its cells over origins and scopes: no second pass over the period's moves.
    cells = list(
        area_moves.values(
            "household__origin_area",
            "household__origin_area__name",
            "receiving_area",
            "receiving_area__name",
            "household__rehousing_scope",
        )
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )
    counts = {}
    for cell in cells:
        row = counts.setdefault(
            cell["receiving_area"], {"households": 0, "internal": 0, "external": 0}
        )
        row["households"] += cell["n"]
        scope = cell["household__rehousing_scope"]
        if scope in Household.RehousingScope.values:
            row[scope] += cell["n"]
    total = area_moves.aggregate(n=Count("household", distinct=True))["n"]
    newest_list = AreaListStatus.objects.aggregate(year=Max("year"))["year"]
    latest = AreaListStatus.objects.filter(area=OuterRef("pk")).order_by("-year")
    areas = Area.objects.filter(Q(is_receiving_area=True) | Q(pk__in=list(counts))).annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_year=Subquery(latest.values("year")[:1]),
    )
    if filters.receiving_area:
        areas = areas.filter(pk=filters.receiving_area.pk)
    days = (filters.date_to - filters.date_from).days + 1
    labels = dict(ListStatus.choices)
    rows = []
    for area in areas.order_by("name"):
        row = counts.get(area.pk, {"households": 0, "internal": 0, "external": 0})
        link = {"figure": Figure.MOVED, "receiving_area": area.pk}
        share = Share(row["households"], total)
        listed = is_listed(area.latest_status) and area.latest_year == newest_list
        rows.append(
            AreaRow(
                area=area,
                households=Cell(row["households"], filters.link(link)),
                internal=Cell(row["internal"], filters.link({**link, "scope": "internal"})),
                external=Cell(row["external"], filters.link({**link, "scope": "external"})),
                share=share,
                homes_share=Share(row["households"], area.homes_count)
                if area.homes_count
                else None,
                list_status=area.latest_status if listed else "",
                list_label=labels.get(area.latest_status, "") if listed else "",
                listed=listed,
                # The monitor's rule (households.monitor), over the period's length.
                warning=receiving_warning(
                    row["households"], area.homes_count, area.latest_status, days
                ),
            )
        )
    rows.sort(key=lambda r: (-r.households.count, r.area.name))
    into_listed = sum(r.households.count for r in rows if r.listed)

    origins, destinations, grid, scopes = {}, {}, {}, {}
    for cell in cells:
        origin, destination = cell["household__origin_area"], cell["receiving_area"]
        origins[origin] = cell["household__origin_area__name"]
        destinations[destination] = cell["receiving_area__name"]
        grid[origin, destination] = grid.get((origin, destination), 0) + cell["n"]
        key = (origin, cell["household__rehousing_scope"])
        scopes[key] = scopes.get(key, 0) + cell["n"]
    matrix = Matrix(
        origins=sorted(origins.items(), key=lambda item: item[1]),
        destinations=sorted(destinations.items(), key=lambda item: item[1]),
    )
    for origin, _name_ in matrix.origins:
        link = {"figure": Figure.MOVED, "origin_area": origin}
        matrix.rows.append(
            (
                _name_,
                [
                    Cell(grid.get((origin, d), 0), filters.link({**link, "receiving_area": d}))
                    for d, _ in matrix.destinations
                ],
                Cell(
                    scopes.get((origin, "internal"), 0), filters.link({**link, "scope": "internal"})
                ),
                Cell(
                    scopes.get((origin, "external"), 0), filters.link({**link, "scope": "external"})
                ),
            )
        )
    return {
        "rows": rows,
        "total": Cell(total, filters.link({"figure": Figure.MOVED})),
        "into_listed": Cell(into_listed),
        "warn_percent": share_limit(),
        "matrix": matrix,
    }
