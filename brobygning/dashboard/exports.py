"""CSV and XLSX exports of the dashboard's figures and of the cases behind a figure.

The figures exports carry no personal data: only the aggregates of the page (no household,
and no bridge-builder by name: the caseload goes out per phase). They come in two kinds, named
so in the UI: exact, for the team's own use, and "for sharing" outside the team, with counts
of 1–4 suppressed, primary and secondary (`suppression.suppress_cells`). The case
list export does carry names and is for managers only. Headers are translated (Danish by
default); the views log every export.

CSV is written the way Danish spreadsheets open it: UTF-8 with a byte-order mark, ";"
between fields, decimals in the active language. Text that a spreadsheet would run as a
formula (=, +, -, @) is neutralised in both formats (CSV injection).
"""

import csv
import io
from datetime import date

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from brobygning.core.suppression import (
    SUPPRESSED_TEXT,
    Cell,
    Median,
    Share,
    shared_text,
    suppress_cells,
    suppress_table,
)
from brobygning.dashboard.charts import age_label
from brobygning.dashboard.forms import REQUEST_AGES

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

FIGURE_COLUMNS = [
    ("section", gettext_lazy("Section")),
    ("figure", gettext_lazy("Figure")),
    ("category", gettext_lazy("Category")),
    ("measure", gettext_lazy("Measure")),
    ("value", gettext_lazy("Value")),
]

CASE_COLUMNS = [
    ("reference", gettext_lazy("Reference")),
    ("name", gettext_lazy("Household")),
    ("phase", gettext_lazy("Phase")),
    ("bridge_builder", gettext_lazy("Bridge-builder")),
    ("team", gettext_lazy("Team")),
    ("origin_area", gettext_lazy("Transformation area")),
    ("receiving_area", gettext_lazy("Receiving area")),
    ("rehousing_scope", gettext_lazy("Rehousing")),
    ("opened_on", gettext_lazy("Opened")),
    ("closed_on", gettext_lazy("Closed")),
    ("next_contact_on", gettext_lazy("Next contact")),
]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def headers(columns) -> list[str]:
    return [str(label) for _key, label in columns]


# --- What goes in ------------------------------------------------------------------------


def export_values(value, *, shared: bool = True, hidden: bool = False) -> list[tuple[str, object]]:
    """(measure, value) pairs of one figure. For sharing, a count of 1–4 — or one `hidden` by
    secondary suppression — goes out as "< 5", and so does a share or median built on one;
    for the team's own use every number is exact."""
    if isinstance(value, Share):
        if shared and (hidden or value.small):
            return [(_("number"), SUPPRESSED_TEXT), (_("share (%)"), SUPPRESSED_TEXT)]
        return [(_("number"), value.part), (_("share (%)"), value.percent)]
    if isinstance(value, Median):
        if shared:
            median = None if value.small else value.value
            return [(_("median"), median), (_("number"), shared_text(value.n))]
        return [(_("median"), value.value), (_("number"), value.n)]
    if isinstance(value, Cell):
        return [(_("number"), shared_text(value.count, hidden) if shared else value.count)]
    return [(_("value"), value)]


def _count_of(value) -> int:
    return value.part if isinstance(value, Share) else value.count


class _Rows:
    """The export's rows, suppressed for sharing: single figures on their own (primary),
    figures with categories as a group (primary and secondary, `suppress_cells`)."""

    def __init__(self, shared: bool):
        self.shared = shared
        self.rows = []

    def add(self, section, figure, category, value, *, hidden=False):
        for measure, exported in export_values(value, shared=self.shared, hidden=hidden):
            self.rows.append([str(section), str(figure), str(category), str(measure), exported])

    def group(self, section, figure, items, total=None):
        """`items` (category, figure) whose counts add up to `total` (category, figure) —
        or, without a total, whose sum is known elsewhere on the page."""
        items = list(items)
        counts = [_count_of(value) for _category, value in items]
        total_count = _count_of(total[1]) if total else None
        mask, total_hidden = suppress_cells(counts, total_count)
        for (category, value), hide in zip(items, mask, strict=True):
            self.add(section, figure, category, value, hidden=hide)
        if total:
            self.add(section, figure, total[0], total[1], hidden=total_hidden)


def figure_rows(data: dict, *, shared: bool = True) -> list[list]:
    """The dashboard's figures as long rows: section, figure, category, measure, value.
    `shared`: for figures that leave the team, small cells suppressed; else exact."""
    out = _Rows(shared)
    add, group, rows = out.add, out.group, out.rows

    filters = data["filters"]
    section = _("Filters")
    rows.append([section, _("Period"), "", _("from"), filters.date_from])
    rows.append([section, _("Period"), "", _("to"), filters.date_to])
    for label, obj in [
        (_("Team"), filters.team),
        (_("Transformation area"), filters.origin_area),
        (_("Receiving area"), filters.receiving_area),
    ]:
        rows.append([section, label, "", "", str(obj) if obj else _("All")])
    rows.append(
        [
            section,
            _("Small numbers"),
            "",
            "",
            _("Counts of 1 to 4 are shown as “< 5”, with further cells where needed")
            if shared
            else _("Exact counts: for use within the team only"),
        ]
    )

    caseload = data["caseload"]
    section = _("Caseload")
    mask, total_hidden = suppress_cells(
        [cell.count for cell in caseload["phase_totals"]], caseload["total"].count
    )
    for phase, cell, hide in zip(caseload["phases"], caseload["phase_totals"], mask, strict=True):
        add(section, _("Open cases per phase"), phase.label, cell, hidden=hide)
    add(section, _("Open cases"), "", caseload["total"], hidden=total_hidden)
    add(section, _("Overdue follow-ups"), "", caseload["overdue_total"])

    flow = data["flow"]
    section = _("Flow")
    months = [row.month.strftime("%Y-%m") for row in flow["months"]]
    for figure, attribute in [
        (_("Referrals received"), "received"),
        (_("Referrals accepted"), "accepted"),
        (_("Referrals declined"), "declined"),
    ]:
        group(
            section,
            figure,
            [(m, getattr(row, attribute)) for m, row in zip(months, flow["months"], strict=True)],
        )
    add(section, _("Referrals accepted"), _("Share of answered"), flow["share_accepted"])
    group(
        section,
        _("Decline reasons"),
        [(item.label, item.value) for item in flow["decline_reasons"]],
    )
    add(section, _("Days from referral to acceptance"), "", flow["median_days_to_accept"])
    add(
        section,
        _("Days from acceptance to first contact"),
        "",
        flow["median_days_to_first_contact"],
    )
    add(section, _("Case duration in days"), "", flow["median_case_days"])
    add(section, _("Reopened cases"), "", flow["reopened"])

    followups = data["followups"]
    section = _("Follow-up quality")
    add(section, _("Visit within 14 days"), _("Moves due a call"), followups["visits_due"])
    add(section, _("Visit within 14 days"), _("Offered"), followups["offered"])
    add(section, _("Visit within 14 days"), _("Offered on time"), followups["offered_on_time"])
    group(
        section,
        _("Visit within 14 days"),
        [(item.label, item.value) for item in followups["answers"]],
    )
    group(
        section,
        _("Overdue follow-ups"),
        [(age_label(low, high), cell) for low, high, cell in followups["overdue_by_age"]],
    )
    add(section, _("Does the bridge hold?"), _("Checks due"), followups["holds_due"])
    add(section, _("Does the bridge hold?"), _("Done"), followups["holds_done"])
    add(section, _("Does the bridge hold?"), _("Done on time"), followups["holds_on_time"])

    outcomes = data["outcomes"]
    section = _("Outcomes")
    add(section, _("Closed cases"), "", outcomes["closed"])
    for item in outcomes["criteria"]:  # overlapping, not parts of a whole: primary only
        add(section, _("Closure criteria met"), item.label, item.value)
    add(section, _("Closure criteria met"), _("All four"), outcomes["all_criteria"])
    group(
        section,
        _("Housing offers"),
        [
            (_("Accepted"), outcomes["offers_accepted"]),
            (_("Declined"), outcomes["offers_declined"]),
        ],
    )
    group(
        section,
        _("Housing offers declined"),
        [(item.label, item.value) for item in outcomes["offer_decline_reasons"]],
    )
    add(section, _("Rent change after moving"), _("Percent"), outcomes["rent_median_percent"])
    add(
        section,
        _("Rent change after moving"),
        _("More than %(limit)s %% higher") % {"limit": outcomes["rent_limit_percent"]},
        outcomes["rent_above_limit"],
    )

    section = _("Needs")
    for row in data["needs"]:  # a household has several needs: primary only
        add(section, _("Needs found"), row.label, row.found)
        add(section, _("Needs met"), row.label, row.met)

    bridges = data["bridges"]
    section = _("Bridges")
    add(section, _("Households with a bridge to a support offer"), "", bridges["used"])
    for row in bridges["offers"]:
        add(section, _("Most-used support offers"), row.label, row.households)
    for row in bridges["actors"]:
        add(section, _("Most-used actors"), row.label, row.households)
    group(
        section,
        _("Requests pending at actors"),
        [(age_label(low, high), cell) for low, high, cell in bridges["pending_by_age"]],
        (_("All"), bridges["pending_total"]),
    )
    for row in bridges["pending"]:
        group(
            section,
            _("Requests pending per actor"),
            [
                (f"{row.name}: {age_label(low, high)}", cell)
                for (low, high), cell in zip(REQUEST_AGES, row.ages, strict=True)
            ],
            (f"{row.name}: {_('All')}", row.total),
        )
    add(
        section,
        _("Accepted referrals that led to a confirmed bridge"),
        "",
        bridges["referrals_bridged"],
    )

    areas = data["areas"]
    section = _("Receiving areas")
    mask, _total = suppress_cells([row.households.count for row in areas["rows"]])
    for row, hide in zip(areas["rows"], mask, strict=True):
        add(section, _("Households moved in"), row.area.name, row.households, hidden=hide)
        add(section, _("Share of all moves"), row.area.name, row.share, hidden=hide)
    add(section, _("Households moved in"), _("Into listed areas"), areas["into_listed"])
    matrix = areas["matrix"]
    table = suppress_table([[cell.count for cell in cells] for _o, cells, _i, _e in matrix.rows])
    for (origin, cells, internal, external), hidden_row in zip(matrix.rows, table, strict=True):
        for (_pk, destination), cell, hide in zip(
            matrix.destinations, cells, hidden_row, strict=True
        ):
            add(section, _("From → to"), f"{origin} → {destination}", cell, hidden=hide)
        (hide_internal, hide_external), _total = suppress_cells([internal.count, external.count])
        add(section, _("Internal rehousing"), origin, internal, hidden=hide_internal)
        add(section, _("External rehousing"), origin, external, hidden=hide_external)
    return rows


def case_rows(households) -> list[list]:
    return [
        [
            household.reference,
            household.display_name,
            household.get_phase_display(),
            str(household.bridge_builder or ""),
            str(household.team or ""),
            str(household.origin_area),
            str(household.receiving_area or ""),
            household.get_rehousing_scope_display(),
            household.opened_on,
            household.closed_on,
            household.next_contact_on,
        ]
        for household in households.select_related("receiving_area")
    ]


# --- How it goes out ---------------------------------------------------------------------


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return number_format(value)
    if isinstance(value, int):
        return value
    return _safe_text(str(value))


def csv_response(filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_csv_value(value) for value in row] for row in rows)
    return _attachment(buffer.getvalue().encode("utf-8"), filename, "csv")


def xlsx_response(filename: str, sheet: str, header: list[str], rows: list[list]):
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    bold = Font(bold=True)

    def cell(value, font=None):
        written = WriteOnlyCell(worksheet, value=value)
        if isinstance(value, str):
            # Never a formula, whatever the text starts with.
            written.data_type = "s"
        if font:
            written.font = font
        return written

    worksheet.append([cell(title, bold) for title in header])
    for row in rows:
        worksheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(buffer.getvalue(), filename, "xlsx")


def _attachment(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def download(fmt: str, filename: str, sheet: str, columns, rows: list[list]) -> HttpResponse:
    """`rows` under the headings of `columns`, as an Excel sheet or a CSV file."""
    header = headers(columns)
    if fmt == "xlsx":
        return xlsx_response(filename, sheet, header, rows)
    return csv_response(filename, header, rows)
