"""Column and stacked-bar charts with axes, drawn on the server as SVG geometry.

Kept hand-written, like `charts` (horizontal bars): the page needs three chart shapes, and
computing ~100 rectangles in Python costs well under a millisecond, where a plotting library
would add a dependency and tens of milliseconds of import and render time per chart. The
templates (`_column_chart.html`, `_stacked_bar.html`) turn this geometry into SVG with
presentation attributes only (the Content-Security-Policy forbids inline styles).

Accessibility: every series has its own fill *and* pattern (solid, hatched, dotted), so
the chart reads in greyscale and for colour-blind readers; colours have at least 3:1
contrast against white; each chart has a title, axis labels, a one-sentence summary, and
its data table behind a disclosure.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import localize, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def concat(parts) -> SafeString:
    """Safe HTML fragments (from `markup`) joined into one, escaping nothing again."""
    return mark_safe("".join(conditional_escape(part) for part in parts))  # noqa: S308


def markup(template: str, *values) -> SafeString:
    """format_html for chart markup: `template` (a literal) with `values` put in, each
    escaped — except an int or a float, whose text HTML-escaping would leave as it is. A
    chart is hundreds of numeric attributes, and escaping each cost the dashboard's charts
    most of their rendering time. (tests/security/test_escaping.py holds every caller to a
    literal template.)"""
    return mark_safe(  # noqa: S308 (every value that is not a number is escaped)
        template.format(*(v if v.__class__ in _NUMBERS else conditional_escape(v) for v in values))
    )


def markup_join(template: str, rows) -> SafeString:
    """format_html_join("", template, rows) with `markup`."""
    return concat(markup(template, *row) for row in rows)


_NUMBERS = (int, float)


# (colour, pattern) per series; non-text contrast ≥ 3:1 against white (WCAG 1.4.11).
STYLES = [
    ("#0b5e6b", "solid"),
    ("#b45309", "hatch"),
    ("#6d28d9", "dots"),
    ("#1d4ed8", "cross"),
]
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#adb5bd"


def axis_step(value: float) -> int:
    """A whole, round step (1, 2, 5, 10, 20, 25, 50, …) giving at most five steps up to
    `value`: counts get whole-number ticks."""
    for power in range(0, 9):
        for base in (1, 2, 2.5, 5):
            step = base * 10**power
            if step == int(step) and math.ceil(value / step) <= 5:
                return int(step)
    return 10**9  # pragma: no cover


def nice_ceiling(value: float) -> int:
    """The top of the y axis: a whole number of `axis_step`s at least `value` (at least 1)."""
    if value <= 1:
        return 1
    step = axis_step(value)
    return step * math.ceil(value / step)


@dataclass
class Series:
    label: str
    values: list[int]
    index: int

    @property
    def colour(self) -> str:
        return STYLES[self.index % len(STYLES)][0]

    @property
    def pattern(self) -> str:
        return STYLES[self.index % len(STYLES)][1]


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: Series
    label: str  # for the <title> tooltip
    value: int


@dataclass
class ColumnChart:
    """Vertical bars per category (a month, a delay), one bar per series, with a y axis."""

    id: str
    title: str
    x_label: str
    y_label: str
    categories: list[str]
    series_values: list[tuple[str, list[int]]]
    summary: str = ""
    width: int = 560
    height: int = 230
    left: int = 44
    right: int = 8
    top: int = 12
    bottom: int = 48
    series: list[Series] = field(init=False)

    def __post_init__(self):
        self.series = [
            Series(label, [int(v or 0) for v in values], i)
            for i, (label, values) in enumerate(self.series_values)
        ]

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def baseline(self) -> float:
        return self.top + self.plot_height

    @property
    def maximum(self) -> int:
        return nice_ceiling(max((v for s in self.series for v in s.values), default=0))

    @property
    def ticks(self) -> list[tuple[float, str]]:
        """(y, label) of the y axis: 0 and four steps up to the maximum."""
        top = self.maximum
        step = axis_step(top) if top > 1 else 1
        out = []
        for value in range(0, top + 1, step):
            y = self.baseline - self.plot_height * value / top
            out.append((round(y, 1), number_format(value)))
        return out

    @property
    def bars(self) -> list[Rect]:
        n = len(self.categories) or 1
        group = self.plot_width / n
        inner = group * 0.8
        width = inner / max(1, len(self.series))
        top = self.maximum
        rects = []
        for c, category in enumerate(self.categories):
            for s in self.series:
                value = s.values[c]
                height = self.plot_height * value / top
                rects.append(
                    Rect(
                        x=round(self.left + c * group + group * 0.1 + s.index * width, 1),
                        y=round(self.baseline - height, 1),
                        width=round(max(width - 1, 1), 1),
                        height=round(height, 1),
                        series=s,
                        label=f"{category}: {s.label} {value}",
                        value=value,
                    )
                )
        return rects

    @property
    def bars_svg(self) -> SafeString:
        """The bars with a value as SVG `<rect>`s (with their tooltips), written here rather
        than in the template: the flow chart has 36 bars of a dozen attributes each, which
        cost the template language ~3 ms a chart, and this string well under 0.5 ms."""
        return markup_join(
            '\n      <rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
            'stroke-width="0.8"><title>{}</title></rect>\n    ',
            (
                (bar.x, bar.y, bar.width, bar.height, self._fill(bar.series), bar.series.colour)
                + (bar.label,)
                for bar in self.bars
                if bar.value
            ),
        )

    def _fill(self, series: Series) -> str:
        return series.colour if series.pattern == "solid" else f"url(#{self.id}-p{series.index})"

    # The other repeated elements, written here for the same reason (the template keeps the
    # chart's frame; the markup is the same as the template's loops wrote).

    @property
    def ticks_svg(self) -> SafeString:
        """The y axis's grid lines (the baseline solid, the rest dashed) and labels."""
        parts = []
        for i, (y, text) in enumerate(self.ticks):
            line = (self.left, self.width - 8, y, y, GRID_COLOUR)
            parts.append(
                markup(
                    '\n      <line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="0.6" '
                    'stroke-dasharray="2 3"/>',
                    *line,
                )
                if i
                else markup(
                    '\n      <line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" '
                    'stroke-width="0.6"/>',
                    *line,
                )
            )
            parts.append(
                markup(
                    '\n      <text x="{}" y="{}" dy="4" text-anchor="end" fill="{}">{}</text>'
                    "\n    ",
                    self.left - 4,
                    y,
                    TEXT_COLOUR,
                    text,
                )
            )
        return concat(parts)

    @property
    def x_ticks_svg(self) -> SafeString:
        y = int(self.baseline) + 14
        return markup_join(
            '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
            ((x, y, TEXT_COLOUR, label) for x, label in self.x_ticks),
        )

    @property
    def legend_svg(self) -> SafeString:
        return markup_join(
            '\n      <rect x="{}" y="{}" width="12" height="12" fill="{}" stroke="{}"/>'
            '\n      <text x="{}" y="{}" fill="{}">{}</text>\n    ',
            (
                (int(x) + 120, self.legend_y - 9, self._fill(s), s.colour)
                + (int(x) + 136, self.legend_y, TEXT_COLOUR, s.label)
                for x, s in self.legend
            ),
        )

    @property
    def rows_html(self) -> SafeString:
        """The data table's rows (numbers localised, as the template shows them)."""
        rows = [
            markup(
                '<tr><th scope="row" class="fw-normal">{}</th>{}</tr>',
                label,
                markup_join('<td class="text-end">{}</td>', ((localize(v),) for v in values)),
            )
            for label, values in self.rows
        ]
        return concat(rows)

    @property
    def x_ticks(self) -> list[tuple[float, str]]:
        """Category labels under the axis; every k-th when there are many (months)."""
        n = len(self.categories)
        if not n:
            return []
        group = self.plot_width / n
        every = max(1, math.ceil(n * 46 / self.plot_width))
        return [
            (round(self.left + c * group + group / 2, 1), label)
            for c, label in enumerate(self.categories)
            if c % every == 0
        ]

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """The data table: one row per category, one column per series."""
        return [
            (category, [s.values[c] for s in self.series])
            for c, category in enumerate(self.categories)
        ]

    @property
    def legend(self) -> list[tuple[float, Series]]:
        return [(self.left + i * 110, s) for i, s in enumerate(self.series)]

    @property
    def legend_y(self) -> int:
        return self.height - 12

    @property
    def x_label_y(self) -> int:
        return self.baseline + 30


@dataclass
class Segment:
    x: float
    width: float
    label: str
    short: str  # drawn inside the segment when it is wide enough
    value: int
    colour: str
    pattern: str

    @property
    def fits(self) -> bool:
        return self.width >= 30


@dataclass
class StackedBar:
    """One bar split into parts (open cases per phase), each labelled directly."""

    id: str
    title: str
    x_label: str
    parts: list[tuple[str, str, int]]  # (label, short label, value)
    summary: str = ""
    width: int = 300
    height: int = 62
    bar_y: int = 4
    bar_height: int = 34

    @property
    def total(self) -> int:
        return sum(value for _label, _short, value in self.parts)

    @property
    def segments(self) -> list[Segment]:
        total = self.total or 1
        x = 0.0
        out = []
        for i, (label, short, value) in enumerate(self.parts):
            width = self.width * value / total
            # Neighbours alternate two solid fills (white text passes contrast on both) and
            # carry their phase number, so no reader needs the colours.
            colour = STYLES[i % 2][0]
            out.append(Segment(round(x, 1), round(width, 1), label, short, value, colour, "solid"))
            x += width
        return [segment for segment in out if segment.value]

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        return [(label, [value]) for label, _short, value in self.parts]

    @property
    def segments_svg(self) -> SafeString:
        """The segments and their labels (as `ColumnChart.bars_svg`)."""
        parts = []
        for seg in self.segments:
            label = (
                markup(
                    '<text x="{}" y="{}" font-size="12" fill="#ffffff" font-weight="600">'
                    "{}: {}</text>",
                    int(seg.x) + 4,
                    self.bar_y + 21,
                    seg.short,
                    seg.value,
                )
                if seg.fits
                else ""
            )
            parts.append(
                markup(
                    '\n      <rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" '
                    'stroke-width="1"><title>{}: {}</title></rect>\n      {}\n    ',
                    seg.x,
                    self.bar_y,
                    seg.width,
                    self.bar_height,
                    seg.colour,
                    seg.label,
                    seg.value,
                    label,
                )
            )
        return concat(parts)

    @property
    def rows_html(self) -> SafeString:
        """The legend table's rows (numbers localised, as the template shows them)."""
        return markup_join(
            '<tr><th scope="row" class="fw-normal py-0">{}</th>'
            '<td class="text-end fw-semibold py-0">{}</td></tr>',
            ((label, localize(value)) for label, _short, value in self.parts),
        )


def overview_charts(data: dict) -> dict:
    """The three charts on the first screen: referral flow per month, open cases per
    phase, and overdue follow-ups by how late they are."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    flow, caseload, followups = data["flow"], data["caseload"], data["followups"]
    months = flow["months"]
    received = [row.received.count for row in months]
    busiest = max(range(len(months)), key=lambda i: received[i], default=None)
    flow_summary = _(
        "In the period %(received)s referrals were received, %(accepted)s accepted and "
        "%(declined)s declined."
    ) % {
        "received": flow["received"].count,
        "accepted": flow["accepted"].count,
        "declined": flow["declined"].count,
    }
    if busiest is not None and received[busiest]:
        flow_summary += " " + _("Most were received in %(month)s (%(n)s).") % {
            "month": date_format(months[busiest].month, "F Y"),
            "n": received[busiest],
        }

    phases = list(zip(caseload["phases"], caseload["phase_totals"], strict=True))
    largest = max(phases, key=lambda item: item[1].count, default=None)
    phase_summary = _("%(total)s open cases.") % {"total": caseload["total"].count}
    if largest and largest[1].count:
        phase_summary += " " + _("Most are in phase “%(phase)s” (%(n)s).") % {
            "phase": largest[0].label,
            "n": largest[1].count,
        }

    ages = followups["overdue_by_age"]
    late = sum(cell.count for low, _high, cell in ages if low > 30)
    delay_summary = _(
        "%(total)s follow-ups are overdue, %(late)s of them by more than 30 days."
    ) % {
        "total": followups["overdue_total"].count,
        "late": late,
    }
    return {
        "flow": ColumnChart(
            id="chart-flow",
            title=_("Referrals per month"),
            x_label=_("Month"),
            y_label=_("Referrals"),
            categories=[date_format(row.month, "N y") for row in months],
            series_values=[
                (_("Received"), received),
                (_("Accepted"), [row.accepted.count for row in months]),
                (_("Declined"), [row.declined.count for row in months]),
            ],
            summary=flow_summary,
            width=480,
        ),
        "phases": StackedBar(
            id="chart-phase-stack",
            title=_("Open cases per phase"),
            x_label=_("Share of open cases, phases 1–8 from left"),
            parts=[
                (phase.label, str(index), cell.count)
                for index, (phase, cell) in enumerate(phases, start=1)
            ],
            summary=phase_summary,
        ),
        "delays": ColumnChart(
            id="chart-delays",
            title=_("Overdue follow-ups by days overdue"),
            x_label=_("Days overdue"),
            y_label=_("Follow-ups"),
            categories=[f"{low}–{high}" if high else f"> {low - 1}" for low, high, _c in ages],
            series_values=[(_("Overdue follow-ups"), [cell.count for _l, _h, cell in ages])],
            summary=delay_summary,
            width=380,
        ),
    }
