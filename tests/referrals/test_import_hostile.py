"""Hostile imports (issue #21): spreadsheet bombs, floods of bad rows and a confirm clicked
twice must cost bounded memory and answer with a clear message, never a server error."""

import io
import threading
import time
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from referrals import importing
from referrals.importing import COLUMNS
from referrals.models import Referral
from referrals.views import IMPORT_SESSION_KEY
from tests.factories import AreaFactory
from tests.referrals.test_import import HEADER, confirm, csv_file, row, upload

BIGGEST_DIMENSION = "A1:XFD1048576"  # every row and column a sheet can have

XML = '<?xml version="1.0" encoding="UTF-8"?>'
OOXML = "http://schemas.openxmlformats.org"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
RELS = f"{OOXML}/package/2006/relationships"
DOC_RELS = f"{OOXML}/officeDocument/2006/relationships"
CONTENT_TYPES = (
    f'{XML}<Types xmlns="{OOXML}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{SHEET_TYPE}.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    f'{XML}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
    f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'{XML}<workbook xmlns="{OOXML}/spreadsheetml/2006/main" xmlns:r="{DOC_RELS}">'
    '<sheets><sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'{XML}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
    f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _row_xml(number, cells):
    """A sheet row of inline strings; `cells` maps a column letter to its text."""
    xml = "".join(
        f'<c r="{column}{number}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        for column, text in cells.items()
    )
    return f'<row r="{number}">{xml}</row>'


def crafted_xlsx(rows_xml, dimension=BIGGEST_DIMENSION):
    """An XLSX written part by part, as an attacker would: a few KB whatever it declares."""
    sheet = (
        f'{XML}<worksheet xmlns="{OOXML}/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{"".join(rows_xml)}</sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return SimpleUploadedFile("liste.xlsx", buffer.getvalue())


HEADER_ROW = _row_xml(1, dict(zip("ABCDEFGHI", COLUMNS, strict=True)))
VALID_ROW = _row_xml(
    2,
    dict(
        zip(
            "ABCDEFGHI",
            ["X-1", "Familien Blå", "Vej 1", "Vollsmose", "", "nej", "", "", ""],
            strict=True,
        )
    ),
)


@pytest.fixture
def vollsmose(db):
    return AreaFactory(name="Vollsmose", is_transformation_area=True)


def peak_memory_of(call):
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_xlsx_declaring_every_cell_of_a_sheet_is_read_as_the_rows_it_holds(
    client, rehousing_consultant, vollsmose
):
    bomb = crafted_xlsx([HEADER_ROW, VALID_ROW])
    assert bomb.size < 5_000
    client.force_login(rehousing_consultant)

    response, peak = peak_memory_of(lambda: upload(client, bomb))

    assert response.status_code == 200
    assert [values["external_ref"] for _n, values in response.context["result"].rows] == ["X-1"]
    # Padding to the declared A1:XFD1048576 took gigabytes; the rows held take kilobytes.
    assert peak < 20 * 1024 * 1024


def test_xlsx_with_a_row_at_the_end_of_the_sheet_is_refused_naming_the_limits(
    client, rehousing_consultant, vollsmose
):
    last_row = _row_xml(1_048_576, {"A": "x"})
    client.force_login(rehousing_consultant)

    response, peak = peak_memory_of(
        lambda: upload(client, crafted_xlsx([HEADER_ROW, VALID_ROW, last_row]))
    )

    assert response.status_code == 400
    assert "5.000" in response.context["file_error"]
    assert "50" in response.context["file_error"]
    assert peak < 20 * 1024 * 1024
    assert confirm(client).status_code == 302
    assert not Referral.objects.exists()


def test_xlsx_cells_beyond_the_column_limit_are_left_out(client, rehousing_consultant, vollsmose):
    far_cells = _row_xml(3, {"AY": "column 51", "XFD": "the last column"})
    client.force_login(rehousing_consultant)

    response, peak = peak_memory_of(
        lambda: upload(client, crafted_xlsx([HEADER_ROW, VALID_ROW, far_cells]))
    )

    assert response.status_code == 200
    result = response.context["result"]
    assert ([n for n, _values in result.rows], result.errors) == ([2], [])
    assert peak < 20 * 1024 * 1024


def test_reader_stops_one_row_past_the_limit_and_reads_no_further(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 10)
    read = []

    def rows():
        for number in range(1_000_000):
            read.append(number)
            yield ["x"]

    with pytest.raises(importing.ImportFileError):
        importing._bounded(rows())
    assert len(read) == 11


def test_xlsx_whose_parts_unpack_beyond_the_limit_is_refused_before_it_is_parsed(
    client, rehousing_consultant, vollsmose
):
    # A zip bomb: a part of 51 MB of zeros packs into some 50 KB. What the parts unpack to
    # is read from the zip's directory; nothing is unpacked.
    bomb = crafted_xlsx([HEADER_ROW, VALID_ROW], dimension="A1:I2")
    buffer = io.BytesIO(bomb.read())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w") as part:
            for _ in range(51):
                part.write(bytes(1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    client.force_login(rehousing_consultant)

    response, peak = peak_memory_of(
        lambda: upload(client, SimpleUploadedFile("liste.xlsx", buffer.getvalue()))
    )

    assert response.status_code == 400
    assert "50 MB" in response.context["file_error"]
    assert peak < 20 * 1024 * 1024


def test_csv_with_more_rows_than_the_limit_is_refused_naming_the_limits(
    client, rehousing_consultant, vollsmose, monkeypatch
):
    monkeypatch.setattr(importing, "MAX_ROWS", 20)
    client.force_login(rehousing_consultant)
    response = upload(client, csv_file([HEADER] + [row(f"A-{n}") for n in range(20)]))
    assert response.status_code == 400
    assert "20" in response.context["file_error"]


def test_a_flood_of_bad_rows_shows_the_first_errors_and_counts_the_rest(
    client, rehousing_consultant, vollsmose
):
    client.force_login(rehousing_consultant)
    lines = [HEADER] + [row(f"A-{n}", area="Atlantis") for n in range(3_000)]

    response = upload(client, csv_file(lines))

    result = response.context["result"]
    assert (len(result.errors), result.error_count) == (importing.MAX_SHOWN_ERRORS, 3_000)
    # Counts are grouped in thousands: "2.900" in Danish, "2,900" in English.
    assert "2,900 more errors are not shown" in response.content.decode().replace("\xa0", " ") or (
        "2.900 fejl mere" in response.content.decode()
    )
    assert len(response.content) < 100_000


def test_imported_dates_out_of_all_reason_are_row_errors(client, rehousing_consultant, vollsmose):
    client.force_login(rehousing_consultant)
    lines = [HEADER, row("A-1", notice="01-01-0001"), row("A-2", move="31-12-9999")]

    result = upload(client, csv_file(lines)).context["result"]

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Opsagt"),
        (3, "Forventet fraflytning"),
    ]
    assert all("1900" in e.message for e in result.errors)


def wait_until_a_query_waits_for_a_lock(timeout=60):
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # kept per transaction otherwise
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second import never waited for the first")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two transactions at once need PostgreSQL (SQLite locks the whole file)",
)
@pytest.mark.django_db(transaction=True)
def test_confirm_racing_another_import_of_the_same_rows_says_so_and_writes_nothing(
    rehousing_consultant, vollsmose
):
    second = Client()
    second.force_login(rehousing_consultant)
    assert upload(second, csv_file([HEADER, row("A-1"), row("A-2")])).status_code == 200
    rows = second.session[IMPORT_SESSION_KEY]
    responses = []

    def confirm_in_another_request():
        try:
            responses.append(confirm(second))
        finally:
            connection.close()

    # The first confirm holds its new rows uncommitted while the second one saves the same.
    with transaction.atomic():
        assert importing.import_rows(rows, sender=rehousing_consultant) == 2
        thread = threading.Thread(target=confirm_in_another_request)
        thread.start()
        wait_until_a_query_waits_for_a_lock()
    thread.join(timeout=60)

    (response,) = responses
    assert response.status_code == 302
    assert response.url == reverse("referrals:import")
    [message] = get_messages(response.wsgi_request)
    assert "Nothing was imported" in str(message) or "Intet blev importeret" in str(message)
    assert Referral.objects.count() == 2
