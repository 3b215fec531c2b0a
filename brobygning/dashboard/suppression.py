"""Small-number suppression for every figure about households.

A count between 1 and 4 could identify a family to someone who knows the area ("the one
household from Vollsmose that moved to Bolbro"), so such cells are shown as "< 5" on the
page, in charts and in exports. Zero reveals nobody and is shown. A share or a median built
on a suppressed count is suppressed with it.

Only primary suppression is done: a suppressed cell can sometimes be worked out from a
total and the other cells of its row. Figures leave the system only as aggregates, and
managers may see the cases anyway; complementary suppression is left for when figures are
published outside the organisation.
"""

from dataclasses import dataclass
from functools import cache, cached_property
from html import escape
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

THRESHOLD = 5
SUPPRESSED_TEXT = f"< {THRESHOLD}"


def link_query(link: dict | None) -> str:
    if not link:
        return ""
    return urlencode({name: "on" if value is True else value for name, value in link.items()})


@cache
def _cases_url(prefix: str) -> str:
    return reverse("dashboard:cases")  # one reverse() per script prefix, not per cell


def linked(figure) -> str:
    """The figure as a link to the cases behind it (for managers), or as text. Rendered here
    rather than by a template include per cell: a caseload table has hundreds of cells."""
    if not figure.link:
        return str(figure)
    # Plain string building (escaped), not format_html: it runs for every cell of a table.
    url = escape(f"{_cases_url(get_script_prefix())}?{figure.query}")
    return mark_safe(f'<a href="{url}" data-testid="figure-link">{escape(str(figure))}</a>')  # noqa: S308


def is_suppressed(count: int | None) -> bool:
    return count is not None and 0 < count < THRESHOLD


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
    """A count of households (or of records each belonging to one household)."""

    count: int
    link: dict | None = None

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.count)

    @property
    def value(self) -> int | None:
        """The number to draw or export, None when it must not be shown."""
        return None if self.suppressed else self.count

    def __str__(self):
        return SUPPRESSED_TEXT if self.suppressed else str(self.count)


@dataclass(frozen=True)
class Share(Linked):
    """`part` of `whole`, as a percentage; suppressed when either count is."""

    part: int
    whole: int
    link: dict | None = None

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.part) or is_suppressed(self.whole)

    @property
    def percent(self) -> float | None:
        if self.suppressed or not self.whole:
            return None
        return round(self.part * 100 / self.whole, 1)

    @property
    def part_cell(self) -> Cell:
        return Cell(self.part, self.link)

    @property
    def whole_cell(self) -> Cell:
        return Cell(self.whole)

    def __str__(self):
        if self.suppressed:
            return SUPPRESSED_TEXT
        if not self.whole:
            return "–"
        return f"{number_format(self.percent, 1)} %"

    @property
    def detail(self) -> str:
        """ "42 of 48", with each count suppressed on its own."""
        return _("%(part)s of %(whole)s") % {"part": self.part_cell, "whole": self.whole_cell}


@dataclass(frozen=True)
class Median:
    """A median over `n` households; not shown for fewer than THRESHOLD of them, since a
    median of one or two values is those values."""

    value: float | None
    n: int
    decimals: int = 1

    @property
    def suppressed(self) -> bool:
        return self.n < THRESHOLD

    @property
    def shown(self) -> float | None:
        return None if self.suppressed or self.value is None else self.value

    def __str__(self):
        if self.n == 0 or self.value is None:
            return "–"
        if self.suppressed:
            return str(_("(fewer than %(threshold)s)") % {"threshold": THRESHOLD})
        return number_format(round(self.value, self.decimals), self.decimals)
