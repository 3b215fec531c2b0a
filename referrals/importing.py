"""Import the spreadsheet rehousing teams already keep (CSV or XLSX) as draft referrals.

Parsing validates every row and reports row, column and problem; `import_rows` then saves all
valid rows in one transaction or none. Rows are keyed by the tenancy number, so importing the
same file again creates no duplicates.

A hostile file must not exhaust the worker (issue #21): an XLSX is a zip whose parts may
unpack to gigabytes and whose declared dimension may claim a million rows by 16,384 columns.
So the unpacked size is checked before openpyxl opens the file, the sheet is read in
read-only mode with its declared dimension ignored, and at most MAX_ROWS (+1, to notice
more) rows of at most MAX_COLUMNS cells are ever read, from CSV files too. The preview keeps
the first MAX_SHOWN_ERRORS errors and counts the rest.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import Area
from brobygning.core.forms import validate_sensible_date
from brobygning.core.places import split_address
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
# A rehousing list holds hundreds of households; these bound what one upload can cost.
MAX_ROWS = 5_000  # rows of the sheet, the header and empty rows included
MAX_COLUMNS = 50
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX's parts, unpacked
MAX_SHOWN_ERRORS = 100


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


class ImportNotSaved(Exception):
    """Nothing of the import was saved; the message says why, in the user's language."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParseResult:
    rows: list = field(default_factory=list)  # (row number, cleaned values)
    errors: list = field(default_factory=list)  # the first MAX_SHOWN_ERRORS
    error_count: int = 0
    duplicates: list = field(default_factory=list)  # row numbers already imported

    @property
    def errors_not_shown(self) -> int:
        return self.error_count - len(self.errors)

    def add_errors(self, errors):
        self.error_count += len(errors)
        self.errors.extend(errors[: max(0, MAX_SHOWN_ERRORS - len(self.errors))])


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


def _too_large():
    return ImportFileError(
        _(
            "The file has too many rows: at most %(rows)s rows are read (and the first "
            "%(columns)s columns). Split the list into several files, or delete empty rows at "
            "the end."
        )
        % {"rows": f"{MAX_ROWS:,}".replace(",", "."), "columns": MAX_COLUMNS}
    )


def _bounded(rows):
    """At most MAX_ROWS rows (ImportFileError beyond) of their first MAX_COLUMNS cells.

    Reads one row past the limit to notice it, and never more: the rest of the file is not
    parsed. Columns beyond the limit are left out, not refused: the import reads its columns
    by their headings, and a heading out there is reported missing."""
    table = []
    for row in islice(rows, MAX_ROWS + 1):
        if len(table) == MAX_ROWS:
            raise _too_large()
        table.append(row[:MAX_COLUMNS])
    return table


def _unpacked_size(content) -> int:
    """What the zip's parts unpack to, as declared in its directory; zipfile never unpacks
    more than a part declares, so this bounds what openpyxl can read."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return sum(info.file_size for info in archive.infolist())


def _read_xlsx(content):
    from openpyxl import load_workbook

    unreadable = ImportFileError(
        _("The file could not be read as an XLSX spreadsheet. Upload a CSV or XLSX file.")
    )
    try:
        if _unpacked_size(content) > MAX_UNPACKED_BYTES:
            raise ImportFileError(
                _(
                    "The spreadsheet is too large unpacked (at most %(mb)s MB). Save it again "
                    "with only the rehousing list, or as CSV."
                )
                % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
            )
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The declared dimension (<dimension ref="A1:XFD1048576"/>) is the file's claim, not
        # its content: openpyxl would pad every row to it and add empty rows up to it.
        sheet.reset_dimensions()
        rows = _bounded(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds on damaged files
        raise unreadable from exc
    return [[_cell_text("" if v is None else v) for v in row] for row in rows]


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
        rows = _bounded(csv.reader(io.StringIO(text), delimiter=delimiter))
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
            result.add_errors(errors)
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
            day = datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        try:
            validate_sensible_date(day)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from error
        return day.isoformat()
    raise ValueError(_("Not a date (use dd-mm-åååå): %(value)s") % {"value": raw})


def import_rows(rows, *, sender) -> int:
    """Create a draft referral per row, all or none; rows imported before are skipped.

    ImportNotSaved when nothing was saved: a row the rules or the database refuse, or the same
    rows imported by another request at the same moment (a second click on confirm), which
    the unique tenancy number per sender stops."""
    try:
        return _save_rows(rows, sender=sender)
    except ValidationError as exc:
        raise ImportNotSaved(
            _("Nothing was imported: %(error)s") % {"error": " ".join(exc.messages)}
        ) from exc
    except IntegrityError as exc:
        raise ImportNotSaved(
            _(
                "Nothing was imported: some of the households were saved by another import at "
                "the same moment (a second click, perhaps). See My referrals, and upload the "
                "file again to import any that are missing."
            )
        ) from exc


@transaction.atomic
def _address(text):
    """The list's one-line address ("Granparken 12, 5240 Odense NØ") as street, postcode and
    town; the whole text as the street when it names no known postcode."""
    parts = split_address(text)
    return {
        "origin_address": parts["street"],
        "origin_postcode": parts["postcode"],
        "origin_town": parts["town"],
    }


def _save_rows(rows, *, sender):
    already = set(
        Referral.objects.select_for_update()
        .filter(sender=sender, external_ref__in=[values["external_ref"] for values in rows])
        .values_list("external_ref", flat=True)
    )
    new = [
        Referral(
            sender=sender,
            origin_area_id=values["origin_area"],
            **{k: v for k, v in values.items() if k not in ("origin_area", "origin_address")},
            **_address(values["origin_address"]),
        )
        for values in rows
        if values["external_ref"] not in already
    ]
    for referral in new:
        referral.full_clean(exclude=["sender", "origin_area", "household"])
    for referral in new:
        referral.save()  # one by one, so each draft's creation is in the change history
    return len(new)
