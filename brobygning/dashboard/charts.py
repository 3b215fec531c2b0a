"""Horizontal bar charts drawn on the server as inline SVG.

No JavaScript and no inline styles (the Content-Security-Policy forbids `style=` and
<style>): colours are presentation attributes (`fill="…"`), so a chart also prints and
survives "save as PDF" without the stylesheet. Each category's label sits on its own line
above its bars, so long names need no room beside the bars and the chart stays readable at
375 px. Counts are exact (the manager's own screen). The numbers themselves are always in a
data table next to the chart; the SVG is a picture of that table.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from brobygning.core.suppression import SUPPRESSED_TEXT, Cell, Share
from brobygning.dashboard.svg import STYLES, Series, concat, markup

WIDTH = 360
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 10
VALUE_ROOM = 56  # room right of the longest bar for its number
LEGEND_ROW = 18
FONT_SIZE = 12
MAX_BARS = 20  # categories drawn where there can be many (bridge-builders, areas)
MAX_LABEL = 52  # characters of a category label that fit the width at FONT_SIZE
TEXT_COLOUR = "#212529"
# Non-text contrast ≥ 3:1 against white (WCAG 1.4.11). Series are told apart by pattern as
# well as colour (svg.STYLES: solid, hatched, dotted): teal and purple, both dark, are only
# 1.05:1 to each other, so colour alone would not do.
PALETTE = [colour for colour, _pattern in STYLES]


def _fill(chart_id: str, index: int) -> str:
    """The fill of series `index`: its colour, or its pattern (defined in the SVG)."""
    colour, pattern = STYLES[index % len(STYLES)]
    return colour if pattern == "solid" else f"url(#{chart_id}-p{index})"


def _truncate(label: str) -> str:
    # SVG text does not wrap; the full label is in the data table.
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def numeric(value) -> float | None:
    """The drawable number of a figure: None when suppressed or missing."""
    if isinstance(value, Share):
        return value.percent
    if isinstance(value, Cell):
        return value.value
    return value


def text(value, unit="") -> str:
    if isinstance(value, Share):
        return str(value)
    if isinstance(value, Cell):
        return str(value)
    if value is None:
        return "–"
    return f"{number_format(value)}{unit}"


@dataclass
class Bar:
    x: int
    y: int
    width: float
    height: int
    fill: str
    stroke: str
    text: str
    text_x: float
    text_y: int


@dataclass
class Group:
    label: str
    label_y: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class BarChart:
    """`series` is a list of (label, values), one value per category."""

    id: str
    title: str
    categories: list[str]
    series: list[tuple[str, list]]
    unit: str = ""
    maximum: float | None = None  # e.g. 100 for percentages

    @property
    def legend(self):
        if len(self.series) < 2:
            return []
        return [
            {
                "label": label,
                "fill": _fill(self.id, index),
                "stroke": PALETTE[index % len(PALETTE)],
                "y": index * LEGEND_ROW,
                "text_y": index * LEGEND_ROW + 11,
            }
            for index, (label, _values) in enumerate(self.series)
        ]

    @property
    def patterns(self):
        """The series' patterns, for `_svg_patterns.html` (one series: none needed)."""
        series = [Series(label, [], i) for i, (label, _values) in enumerate(self.series)]
        return SimpleNamespace(id=self.id, series=series if len(series) > 1 else [])

    @property
    def top(self) -> int:
        legend = self.legend
        return len(legend) * LEGEND_ROW + (6 if legend else 0)

    @property
    def groups(self) -> list[Group]:
        numbers = [numeric(v) for _label, values in self.series for v in values]
        largest = self.maximum or max([n for n in numbers if n is not None] or [0]) or 1
        room = WIDTH - VALUE_ROOM
        groups, y = [], self.top
        for index, category in enumerate(self.categories):
            group = Group(label=_truncate(str(category)), label_y=y + FONT_SIZE)
            y += LABEL_HEIGHT
            for number, (_label, values) in enumerate(self.series):
                value = values[index]
                amount = numeric(value)
                width = 0 if not amount else max(1.0, round(amount / largest * room, 1))
                group.bars.append(
                    Bar(
                        x=0,
                        y=y,
                        width=width,
                        height=BAR_HEIGHT,
                        fill=_fill(self.id, number),
                        stroke=PALETTE[number % len(PALETTE)],
                        text=text(value, self.unit),
                        text_x=width + 4,
                        text_y=y + BAR_HEIGHT - 3,
                    )
                )
                y += BAR_HEIGHT + BAR_GAP
            y += GROUP_GAP
            groups.append(group)
        return groups

    @property
    def svg_body(self) -> str:
        """The legend and the bars as SVG elements, the markup `_bar_chart.html`'s loops
        wrote: a chart of twenty bridge-builders is a hundred elements, which cost the
        template language a few milliseconds per chart and format_html a fraction of one."""
        parts = [
            markup(
                '<rect x="0" y="{}" width="12" height="12" fill="{}" stroke="{}" '
                'class="bb-chart-bar"/><text x="18" y="{}" fill="{}">{}</text>',
                item["y"],
                item["fill"],
                item["stroke"],
                item["text_y"],
                TEXT_COLOUR,
                item["label"],
            )
            for item in self.legend
        ]
        for group in self.groups:
            parts.append(
                markup(
                    '<text x="0" y="{}" fill="{}" font-weight="600">{}</text>',
                    group.label_y,
                    TEXT_COLOUR,
                    group.label,
                )
            )
            for bar in group.bars:
                if bar.width:
                    parts.append(
                        markup(
                            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
                            'stroke-width="0.8" class="bb-chart-bar"/>',
                            bar.x,
                            bar.y,
                            bar.width,
                            bar.height,
                            bar.fill,
                            bar.stroke,
                        )
                    )
                parts.append(
                    markup(
                        '<text x="{}" y="{}" fill="{}">{}</text>',
                        bar.text_x,
                        bar.text_y,
                        TEXT_COLOUR,
                        bar.text,
                    )
                )
        return concat(parts)

    @property
    def height(self) -> int:
        per_group = LABEL_HEIGHT + len(self.series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
        return self.top + max(1, len(self.categories)) * per_group

    @property
    def rows(self) -> list[tuple[str, list]]:
        """The chart's numbers as table rows: category, one value per series."""
        return [
            (category, [values[index] for _label, values in self.series])
            for index, category in enumerate(self.categories)
        ]

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def font_size(self) -> int:
        return FONT_SIZE

    @property
    def text_colour(self) -> str:
        return TEXT_COLOUR

    @property
    def is_empty(self) -> bool:
        """Nothing to draw: no categories, or only zeros and blanks (a suppressed value is
        something: a few households)."""
        return not any(
            numeric(value) or getattr(value, "suppressed", False)
            for _label, values in self.series
            for value in values
        )

    @property
    def has_suppressed(self) -> bool:
        return any(
            getattr(v, "suppressed", False) for _label, values in self.series for v in values
        )

    @property
    def suppressed_text(self) -> str:
        return SUPPRESSED_TEXT


def dashboard_charts(data: dict) -> dict:
    """The charts of the dashboard page, one per figure that reads well as bars: those of
    the sections `data` holds (the whole page's, or one section's)."""
    charts = {}
    if "caseload" in data:
        caseload = data["caseload"]
        # A picture of 200 bars says no more than the table: draw the largest caseloads.
        rows = [*caseload["rows"], *filter(None, [caseload["unassigned"]])]
        largest = sorted(rows, key=lambda row: -row.open)[:MAX_BARS]
        charts["caseload"] = BarChart(
            id="chart-caseload",
            title=_("Open cases per bridge-builder")
            if len(largest) == len(rows)
            else _("Open cases: the %(count)s largest caseloads") % {"count": MAX_BARS},
            categories=[row.name or _("Not assigned") for row in largest],
            series=[(_("Open cases"), [row.total for row in largest])],
        )
        charts["phases"] = BarChart(
            id="chart-phases",
            title=_("Open cases per phase"),
            categories=[phase.label for phase in caseload["phases"]],
            series=[(_("Open cases"), caseload["phase_totals"])],
        )
    if "flow" in data:
        flow = data["flow"]
        charts["referrals"] = BarChart(
            id="chart-referrals",
            title=_("Referrals per month"),
            categories=[date_format(row.month, "YEAR_MONTH_FORMAT") for row in flow["months"]],
            series=[
                (_("Received"), [row.received for row in flow["months"]]),
                (_("Accepted"), [row.accepted for row in flow["months"]]),
                (_("Declined"), [row.declined for row in flow["months"]]),
            ],
        )
    if "followups" in data:
        followups = data["followups"]
        charts["visits"] = BarChart(
            id="chart-visits",
            title=_("Answers to the offer of a visit within 14 days"),
            categories=[item.label for item in followups["answers"]],
            series=[(_("Households"), [item.value.part_cell for item in followups["answers"]])],
        )
        charts["overdue"] = BarChart(
            id="chart-overdue",
            title=_("Overdue follow-ups by days overdue"),
            categories=[age_label(low, high) for low, high, _cell in followups["overdue_by_age"]],
            series=[(_("Follow-ups"), [cell for _low, _high, cell in followups["overdue_by_age"]])],
        )
    if "criteria" in data.get("outcomes", {}):
        outcomes = data["outcomes"]
        charts["criteria"] = BarChart(
            id="chart-criteria",
            title=_("Closure criteria met"),
            categories=[item.label for item in outcomes["criteria"]],
            series=[(_("Share of closed cases"), [item.value for item in outcomes["criteria"]])],
            unit=" %",
            maximum=100,
        )
    if "needs" in data:
        charts["needs"] = BarChart(
            id="chart-needs",
            title=_("Needs found and met"),
            categories=[row.label for row in data["needs"]],
            series=[
                (_("Found"), [row.found for row in data["needs"]]),
                (_("Met"), [row.met for row in data["needs"]]),
            ],
        )
    if "offers" in data.get("bridges", {}):
        bridges = data["bridges"]
        charts["bridge_offers"] = BarChart(
            id="chart-bridge-offers",
            title=_("Most-used support offers"),
            categories=[row.label for row in bridges["offers"]],
            series=[(_("Households"), [row.households for row in bridges["offers"]])],
        )
        charts["bridge_actors"] = BarChart(
            id="chart-bridge-actors",
            title=_("Most-used actors"),
            categories=[row.label for row in bridges["actors"]],
            series=[(_("Households"), [row.households for row in bridges["actors"]])],
        )
        charts["pending"] = BarChart(
            id="chart-pending",
            title=_("Requests pending at actors by days since the request"),
            categories=[age_label(low, high) for low, high, _cell in bridges["pending_by_age"]],
            series=[(_("Households"), [cell for _low, _high, cell in bridges["pending_by_age"]])],
        )
    if "areas" in data:
        areas = data["areas"]
        charts["areas"] = BarChart(
            id="chart-areas",
            title=_("Households moved into each receiving area")
            if len(areas["rows"]) <= MAX_BARS
            else _("Households moved in: the %(count)s areas taking most") % {"count": MAX_BARS},
            categories=[row.area.name for row in areas["rows"][:MAX_BARS]],
            series=[(_("Households"), [row.households for row in areas["rows"][:MAX_BARS]])],
        )
    return charts


def age_label(low, high) -> str:
    if high is None:
        return _("More than %(days)s days") % {"days": low - 1}
    return _("%(low)s–%(high)s days") % {"low": low, "high": high}
