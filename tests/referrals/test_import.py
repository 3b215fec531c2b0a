import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from referrals.importing import COLUMNS
from referrals.models import Referral
from tests.factories import AreaFactory

HEADER = ";".join(COLUMNS)


@pytest.fixture
def vollsmose(db):
    return AreaFactory(name="Vollsmose", is_transformation_area=True)


def csv_file(lines, encoding="utf-8", name="liste.csv"):
    return SimpleUploadedFile(name, "\n".join(lines).encode(encoding), content_type="text/csv")


def row(
    ref="A-1",
    name="Familien Ærø",
    area="Vollsmose",
    interpreter="ja",
    notice="01-03-2026",
    move="01-06-2026",
):
    return (
        f"{ref};{name};Granparken 1, Odense NØ;{area};arabisk;{interpreter};{notice};{move};Behov"
    )


def upload(client, file):
    return client.post(reverse("referrals:import"), {"file": file})


def confirm(client):
    return client.post(reverse("referrals:import_confirm"))


def test_valid_csv_is_previewed_then_imported_as_drafts(client, rehousing_consultant, vollsmose):
    client.force_login(rehousing_consultant)
    response = upload(client, csv_file([HEADER, row("A-1"), row("A-2", name="Familien Øst")]))
    assert response.status_code == 200
    assert len(response.context["result"].rows) == 2
    assert not Referral.objects.exists()  # the preview saves nothing

    assert confirm(client).status_code == 302
    referrals = Referral.objects.order_by("external_ref")
    assert [r.display_name for r in referrals] == ["Familien Ærø", "Familien Øst"]
    assert all(r.status == "draft" and r.sender == rehousing_consultant for r in referrals)
    assert (
        referrals[0].interpreter_needed and referrals[0].notice_given_on.isoformat() == "2026-03-01"
    )


def test_each_imported_draft_is_in_the_change_history_with_its_importer(
    client, rehousing_consultant, vollsmose
):
    client.force_login(rehousing_consultant)
    upload(client, csv_file([HEADER, row("A-1"), row("A-2", name="Familien Øst")]))
    confirm(client)

    for referral in Referral.objects.all():
        created = LogEntry.objects.get_for_object(referral).get(action=LogEntry.Action.CREATE)
        assert created.actor == rehousing_consultant
        assert created.changes_dict["display_name"] == ["None", referral.display_name]


def test_reimporting_the_same_file_creates_no_duplicates(client, rehousing_consultant, vollsmose):
    client.force_login(rehousing_consultant)
    lines = [HEADER, row("A-1"), row("A-2")]
    upload(client, csv_file(lines))
    confirm(client)
    response = upload(client, csv_file(lines))
    assert response.context["result"].duplicates == [2, 3]
    assert response.context["result"].rows == []
    assert Referral.objects.count() == 2


def test_csv_saved_by_danish_windows_excel_keeps_its_letters(
    client, rehousing_consultant, vollsmose
):
    client.force_login(rehousing_consultant)
    upload(client, csv_file([HEADER, row(name="Familien Ødegård-Æbelø")], encoding="cp1252"))
    confirm(client)
    assert Referral.objects.get().display_name == "Familien Ødegård-Æbelø"


def test_xlsx_is_imported(client, rehousing_consultant, vollsmose):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(["X-9", "Familien Blå", "Vej 1", "Vollsmose", "", "nej", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(rehousing_consultant)
    upload(client, SimpleUploadedFile("liste.xlsx", buffer.getvalue()))
    confirm(client)
    assert Referral.objects.get().external_ref == "X-9"


def test_rows_with_errors_are_reported_by_row_and_column_and_not_imported(
    client, rehousing_consultant, vollsmose
):
    client.force_login(rehousing_consultant)
    response = upload(
        client,
        csv_file(
            [
                HEADER,
                row("A-1"),
                row("A-2", area="Atlantis"),
                row("A-3", notice="31-02-2026"),
                row("", name=""),
            ]
        ),
    )
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert errors == {(3, "Område"), (4, "Opsagt"), (5, "Lejemålsnummer"), (5, "Husstand")}
    confirm(client)
    assert list(Referral.objects.values_list("external_ref", flat=True)) == ["A-1"]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (csv_file(["Navn;Adresse", "x;y"]), "Missing columns"),
        (csv_file([]), "empty"),
        (csv_file([HEADER]), "no households"),
        (SimpleUploadedFile("liste.pdf", b"%PDF-1.4 binary"), "not a spreadsheet"),
        (SimpleUploadedFile("liste.xlsx", b"PK\x03\x04 broken zip"), "XLSX"),
        (SimpleUploadedFile("liste.csv", b"a\x00b\x00c"), "not a spreadsheet"),
    ],
    ids=["wrong-header", "empty", "header-only", "pdf", "broken-xlsx", "binary"],
)
def test_bad_files_get_a_clear_message_and_nothing_is_imported(
    client, rehousing_consultant, vollsmose, file, message
):
    client.force_login(rehousing_consultant)
    with_language_en = client.post(reverse("set_language"), {"language": "en"})
    assert with_language_en.status_code == 302
    response = upload(client, file)
    assert response.status_code == 400
    assert message in response.context["file_error"]
    assert confirm(client).status_code == 302
    assert not Referral.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, rehousing_consultant, vollsmose, settings):
    settings.BROBYGNING = {**settings.BROBYGNING, "IMPORT_MAX_BYTES": 1024}
    client.force_login(rehousing_consultant)
    response = upload(client, csv_file([HEADER] + [row(f"A-{n}") for n in range(100)]))
    assert response.status_code == 400
    assert "MB" in response.context["file_error"]
    assert not Referral.objects.exists()


def test_template_has_the_danish_headers(client, rehousing_consultant):
    client.force_login(rehousing_consultant)
    content = client.get(reverse("referrals:import_template")).content.decode("utf-8-sig")
    assert content.splitlines()[0] == HEADER
