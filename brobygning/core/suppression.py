"""Small-cell suppression, applied where figures leave the team — and only there.

On the manager's own screen every number is exact: each one links to the cases behind it,
which the manager may open anyway, so hiding it would protect nobody and hide everything.

Figures that leave the team — the exports marked "for sharing", the receiving-area monitor
shown to a municipality or housing organisation, a printed report — must not let anyone
recognise a family ("the one household from Vollsmose that moved to Bolbro"), so there a
count of 1–4 is shown as "< 5" (primary suppression). Zero reveals nobody and is shown.
Because a total minus the shown cells would give a hidden cell back, further cells of the
same group are hidden until the hidden ones cannot be worked out (secondary suppression):
see `suppress_cells`, the one rule every shared figure goes through.
"""

from collections import ChainMap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from html import escape
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

THRESHOLD = 5
SUPPRESSED_TEXT = f"< {THRESHOLD}"


def is_suppressed(count: int | None) -> bool:
    """A count of 1–4 households, which is hidden wherever figures leave the team."""
    return count is not None and 0 < count < THRESHOLD


def suppress_cells(
    counts: Sequence[int], total: int | None = None, *, hidden: Sequence[bool] | None = None
) -> tuple[list[bool], bool]:
    """Which cells of a group — and whether its total — to hide when the figures are shared.

    `counts` are the cells of one group whose sum is, or can be, known (the categories of a
    figure; `total` when the group is shown with a total, else their sum is assumed known).
    Primary: every count of 1–4 is hidden. Secondary: while the hidden cells could be worked
    out from the total — a single hidden cell, or hidden cells summing to less than
    THRESHOLD (two hidden cells summing to 2 are 1 and 1) — the smallest shown non-zero
    cell is hidden too. When no cell is left to hide, the total is hidden instead.
    `hidden` marks cells already hidden by another group (a table's rows and columns).
    Returns (hidden per cell, hide the total).
    """
    mask = [is_suppressed(count) or bool(hidden and hidden[i]) for i, count in enumerate(counts)]
    total_hidden = is_suppressed(sum(counts) if total is None else total)
    while any(mask):
        chosen = [count for count, hide in zip(counts, mask, strict=True) if hide]
        if len(chosen) >= 2 and sum(chosen) >= THRESHOLD:
            break
        shown = [i for i, count in enumerate(counts) if not mask[i] and count > 0]
        if not shown:
            total_hidden = True
            break
        mask[min(shown, key=lambda i: counts[i])] = True
    return mask, total_hidden


def suppress_table(rows: Sequence[Sequence[int]]) -> list[list[bool]]:
    """`suppress_cells` over a cross table (e.g. from area → to area): applied to every row
    and every column until no further cell needs hiding, so neither a row total nor a column
    total gives a hidden cell back."""
    mask = [[False] * len(row) for row in rows]
    changed = True
    while changed:
        changed = False
        for r, row in enumerate(rows):
            new, _total = suppress_cells(row, hidden=mask[r])
            if new != mask[r]:
                mask[r], changed = new, True
        for c in range(len(rows[0]) if rows else 0):
            column = [row[c] for row in rows]
            new, _total = suppress_cells(column, hidden=[m[c] for m in mask])
            for r, hide in enumerate(new):
                if hide and not mask[r][c]:
                    mask[r][c], changed = True, True
    return mask


def shared_text(count: int | None, hidden: bool = False):
    """A count as it may leave the team: the number, or "< 5"."""
    if count is None:
        return None
    return SUPPRESSED_TEXT if hidden or is_suppressed(count) else count


def shared_share(count: int | None, share):
    """A share computed from `count` (e.g. percent of an area's homes) as it may leave the
    team: None when the count is hidden, since the share would give it back. Zero is shown."""
    return None if count is None or is_suppressed(count) else share


def _encode(params) -> str:
    try:
        return "&".join(
            [_encode_pair(name, "on" if value is True else value) for name, value in params.items()]
        )
    except TypeError:  # an unhashable value (a list): encoded as urlencode does, uncached
        return urlencode({name: "on" if value is True else value for name, value in params.items()})


@lru_cache(maxsize=4096, typed=True)
def _encode_pair(name, value) -> str:
    """One `name=value` of a link, as urlencode writes it. The same few pairs (a figure, a
    phase, a bridge-builder) recur in hundreds of cells per table; `typed` keeps 1 and True
    apart."""
    return urlencode({name: value})


# The shared part of many links (a dashboard's filters: one dict behind hundreds of cells),
# encoded once: {id(dict): (dict, its query string)}. Holding the dict keeps its id unique.
_encoded_bases: dict[int, tuple[dict, str]] = {}


def link_query(link: dict | None) -> str:
    if not link:
        return ""
    if isinstance(link, ChainMap) and len(link.maps) == 2:
        # A figure's own parameters over the filters' (Filters.link). A ChainMap lists the
        # last map's keys first, so the filters' encoded query, then the figure's own: the
        # same string as encoding the whole, without re-encoding the filters per cell.
        params, base = link.maps
        if params and base and not params.keys() & base.keys():
            held = _encoded_bases.get(id(base))
            if held is None or held[0] is not base:
                if len(_encoded_bases) >= 64:
                    _encoded_bases.clear()
                held = _encoded_bases[id(base)] = (base, _encode(base))
            return f"{held[1]}&{_encode(params)}"
    return _encode(link)


@cache
def _cases_url(prefix: str) -> str:
    return reverse("dashboard:cases")  # one reverse() per script prefix, not per cell


def cases_url() -> str:
    """The case list's URL (`dashboard:cases`) under the current script prefix."""
    return _cases_url(get_script_prefix())


def linked(figure, url: str | None = None) -> str:
    """The figure as a link to the cases behind it (for managers), or as text. Rendered here
    rather than by a template include per cell: a caseload table has hundreds of cells.
    `url` is `cases_url()`, when the caller renders many cells and looks it up once."""
    if not figure.link:
        return str(figure)
    # Plain string building (escaped), not format_html: it runs for every cell of a table.
    href = escape(f"{url or cases_url()}?{link_query(figure.link)}")
    return mark_safe(f'<a href="{href}" data-testid="figure-link">{escape(str(figure))}</a>')  # noqa: S308


class Linked:
    """A figure with `link`: the query parameters of the case list behind it (managers only),
    or None."""

    @cached_property
    def query(self) -> str:
        """The link as a query string for `dashboard:cases`."""
        return link_query(self.link)

    @property
    def linked(self) -> str:
        return linked(self)


@dataclass(frozen=True)
class Cell(Linked):
    """A count of households (or of records each belonging to one household), exact: this
    is the manager's own figure. Exports for sharing suppress it through `suppress_cells`."""

    count: int
    link: dict | None = None

    # Nothing is hidden on the manager's screen; kept for the charts' "no bar" case.
    suppressed = False

    @property
    def small(self) -> bool:
        """Would be hidden if the figure left the team."""
        return is_suppressed(self.count)

    @property
    def value(self) -> int:
        return self.count

    def __str__(self):
        return str(self.count)


@dataclass(frozen=True)
class Share(Linked):
    """`part` of `whole`, as a percentage."""

    part: int
    whole: int
    link: dict | None = None

    suppressed = False

    @property
    def small(self) -> bool:
        return is_suppressed(self.part) or is_suppressed(self.whole)

    @property
    def percent(self) -> float | None:
        if not self.whole:
            return None
        return round(self.part * 100 / self.whole, 1)

    @property
    def part_cell(self) -> Cell:
        return Cell(self.part, self.link)

    @property
    def whole_cell(self) -> Cell:
        return Cell(self.whole)

    def __str__(self):
        if not self.whole:
            return "–"
        return f"{number_format(self.percent, 1)} %"

    @property
    def detail(self) -> str:
        """ "42 of 48"."""
        return _("%(part)s of %(whole)s") % {"part": self.part, "whole": self.whole}


@dataclass(frozen=True)
class Median:
    """A median over `n` households. Exact on the screen; exports for sharing leave it out
    for fewer than THRESHOLD households, since a median of one or two values is those
    values."""

    value: float | None
    n: int
    decimals: int = 1

    suppressed = False

    @property
    def small(self) -> bool:
        return self.n < THRESHOLD

    @property
    def shown(self) -> float | None:
        return self.value

    def __str__(self):
        if self.n == 0 or self.value is None:
            return "–"
        return number_format(round(self.value, self.decimals), self.decimals)
