"""Import the spreadsheet rehousing teams already keep (CSV or XLSX) as draft referrals.

Parsing validates every row and reports row, column and problem; `import_rows` then saves all
valid rows in one transaction or none. Rows are keyed by the tenancy number, so importing the
same file again creates no duplicates.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import Area
from referrals.models import Referral

COLUMNS = {
    # header (Danish, as in the template) → (field, required)
    "Lejemålsnummer": ("external_ref", True),
    "Husstand": ("display_name", True),
    "Adresse": ("origin_address", True),
    "Område": ("origin_area", True),
    "Sprog": ("preferred_language", False),
    "Tolk": ("interpreter_needed", False),
    "Opsagt": ("notice_given_on", False),
    "Forventet fraflytning": ("expected_move_on", False),
    "Bemærkning": ("reason", False),
}
DEFAULT_REASON = gettext_lazy("Imported from the rehousing list")
YES = {"ja", "j", "yes", "x", "1", "true"}
NO = {"nej", "n", "no", "0", "false", ""}
DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParseResult:
    rows: list = field(default_factory=list)  # (row number, cleaned values)
    errors: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)  # row numbers already imported


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "A-123",
            "Familien Hansen",
            "Granparken 1, 5240 Odense NØ",
            "Vollsmose",
            "arabisk",
            "ja",
            "01-03-2026",
            "01-06-2026",
            "Enlig mor med fire børn",
        ]
    )
    return buffer.getvalue().encode("utf-8-sig")


def read_table(upload) -> list[list[str]]:
    """The uploaded file as rows of strings; raises ImportFileError with a clear message."""
    if upload.size == 0:
        raise ImportFileError(_("The file is empty."))
    limit = settings.BROBYGNING["IMPORT_MAX_BYTES"]
    if upload.size > limit:
        raise ImportFileError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        )
    content = upload.read()
    name = (upload.name or "").lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    if name.endswith((".csv", ".txt")):
        return _read_csv(content)
    raise ImportFileError(_("The file is not a spreadsheet. Upload a CSV or XLSX file."))


def _read_xlsx(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # openpyxl raises many kinds on damaged or foreign files
        raise ImportFileError(
            _("The file could not be read as an XLSX spreadsheet. Upload a CSV or XLSX file.")
        ) from exc
    return [[_cell_text(v) for v in row] for row in rows]


def _cell_text(value):
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(content):
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Danish Windows saves CSV as cp1252
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file's characters could not be read. Save it as CSV UTF-8."))
    if "\x00" in text:
        raise ImportFileError(_("The file is not a spreadsheet. Upload a CSV or XLSX file."))
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("The file could not be read as CSV.")) from exc
    return [[cell.strip() for cell in row] for row in rows]


def parse(table, *, sender) -> ParseResult:
    rows = [row for row in table if any(cell for cell in row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header = [cell.strip() for cell in rows[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ImportFileError(
            _("The header row is wrong. Missing columns: %(columns)s. Use the template.")
            % {"columns": ", ".join(missing)}
        )
    if len(rows) == 1:
        raise ImportFileError(_("The file has a header but no households."))
    areas = {area.name.lower(): area for area in Area.objects.filter(is_transformation_area=True)}
    already = set(
        Referral.objects.filter(sender=sender)
        .exclude(external_ref="")
        .values_list("external_ref", flat=True)
    )
    result, seen = ParseResult(), set()
    for number, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, row + [""] * (len(header) - len(row)), strict=False))
        values, errors = _clean_row(number, cells, areas)
        ref = values.get("external_ref")
        if not errors and ref in seen:
            errors.append(RowError(number, "Lejemålsnummer", _("Appears twice in the file.")))
        if errors:
            result.errors.extend(errors)
        elif ref in already:
            result.duplicates.append(number)
        else:
            seen.add(ref)
            result.rows.append((number, values))
    return result


def _clean_row(number, cells, areas):
    values, errors = {}, []
    for column, (name, required) in COLUMNS.items():
        raw = cells.get(column, "").strip()
        if required and not raw:
            errors.append(RowError(number, column, _("Required.")))
            continue
        try:
            values[name] = _convert(name, raw, areas)
        except ValueError as exc:
            errors.append(RowError(number, column, str(exc)))
    return values, errors


def _convert(name, raw, areas):
    if name == "origin_area":
        area = areas.get(raw.lower())
        if area is None:
            raise ValueError(_("Unknown transformation area: %(name)s") % {"name": raw})
        return area.pk
    if name == "interpreter_needed":
        if raw.lower() in YES:
            return True
        if raw.lower() in NO:
            return False
        raise ValueError(_("Write 'ja' or 'nej'."))
    if name in ("notice_given_on", "expected_move_on"):
        return _date(raw)
    if name == "reason":
        return raw or str(DEFAULT_REASON)
    if len(raw) > Referral._meta.get_field(name).max_length:
        raise ValueError(_("Too long."))
    return raw


def _date(raw):
    if not raw:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(_("Not a date (use dd-mm-åååå): %(value)s") % {"value": raw})


@transaction.atomic
def import_rows(rows, *, sender) -> int:
    """Create a draft referral per row, all or none; rows imported before are skipped."""
    already = set(
        Referral.objects.select_for_update()
        .filter(sender=sender, external_ref__in=[values["external_ref"] for values in rows])
        .values_list("external_ref", flat=True)
    )
    new = [
        Referral(
            sender=sender,
            origin_area_id=values["origin_area"],
            **{k: v for k, v in values.items() if k != "origin_area"},
        )
        for values in rows
        if values["external_ref"] not in already
    ]
    for referral in new:
        referral.full_clean(exclude=["sender", "origin_area", "household"])
    for referral in new:
        referral.save()  # one by one, so each draft's creation is in the change history
    return len(new)
