"""The art. 15 record as PDF (GDPR art. 15): it holds the whole record, is
logged, re-authenticated and limited to managers like the HTML and JSON forms, and WeasyPrint
reads nothing but our own static files while making it."""

import io
import socket
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from brobygning.core.models import AccessLog
from brobygning.privacy import export, pdf
from tests.factories import PASSWORD, HouseholdFactory, JournalEntryFactory
from tests.privacy.test_views import NOT_EXPORTED
from tests.services import require_weasyprint

STATIC = "http://testserver/static/"


@pytest.fixture
def weasyprint():
    return require_weasyprint()


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of whitespace (line and page breaks) as one space."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def export_pdf(client, household):
    return client.get(reverse("privacy:export_pdf", args=[household.pk]))


class Listener:
    """A TCP port on the loopback that tells whether anything connected to it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0), backlog=8)
        self.server.setblocking(False)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def connected(self) -> bool:
        try:
            self.server.accept()[0].close()
        except BlockingIOError:
            return False
        return True


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.server.close()


# --- The record ------------------------------------------------------------------------------


def test_pdf_holds_every_exported_marker_of_the_household(weasyprint, client, case, manager):
    client.force_login(manager)

    response = export_pdf(client, case.household)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert case.household.reference in text
    for key, marker in case.markers.items():
        assert (marker in text) is (key not in NOT_EXPORTED), key


def test_pdf_is_an_uncached_attachment_named_for_the_household(
    weasyprint, client, household, manager
):
    client.force_login(manager)

    response = export_pdf(client, household)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{household.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]


def test_pdf_export_is_logged_once_and_lists_itself(weasyprint, client, household, manager):
    client.force_login(manager)

    text = pdf_text(export_pdf(client, household).content)

    row = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (row.user, row.detail, row.target_type, row.household_reference) == (
        manager,
        "pdf",
        "household_record",
        household.reference,
    )
    assert str(manager) in text  # the access-log section holds this export


def test_pdf_pages_carry_the_reference_and_page_numbers(weasyprint, client, manager, household):
    # Enough rows for several pages; the running header and footer come from our stylesheet.
    for n in range(60):
        JournalEntryFactory(household=household, note=f"Note {n}\n" * 3)
    client.force_login(manager)

    pages = PdfReader(io.BytesIO(export_pdf(client, household).content)).pages

    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert household.reference in text
        assert f"{number} / {len(pages)}" in text
        assert (page.mediabox.width, page.mediabox.height) == pytest.approx(
            (595.28, 841.89), abs=0.5
        )


# --- Who may have it -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["bridge_builder", "rehousing_consultant", "administrator"])
def test_only_managers_get_the_pdf(client, household, request, role):
    client.force_login(request.getfixturevalue(role))

    response = export_pdf(client, household)

    assert response.status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_pdf_of_an_unknown_household_is_404(client, manager):
    client.force_login(manager)

    response = client.get(reverse("privacy:export_pdf", args=[999_999]))

    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_the_login_page(client, household):
    response = export_pdf(client, household)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_pdf_after_a_stale_login_asks_for_the_password_first(
    weasyprint, client, manager, household, time_machine
):
    now = timezone.now()
    time_machine.move_to(now - timedelta(minutes=6))
    client.force_login(manager)
    time_machine.move_to(now)
    url = reverse("privacy:export_pdf", args=[household.pk])

    response = client.get(url)

    location = urlsplit(response["Location"])
    assert response.status_code == 302
    assert location.path == reverse("account_reauthenticate")
    # After the password, a page that fetches the file (the browser would otherwise stay on
    # the password form while the file arrives).
    (after,) = parse_qs(location.query)["next"]
    assert urlsplit(after).path == reverse("download")
    assert parse_qs(urlsplit(after).query)["file"] == [url]
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()

    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD, "next": after})

    assert response["Location"] == after
    assert client.get(after).status_code == 200
    assert client.get(url).content.startswith(b"%PDF-")
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, detail="pdf").count() == 1


# --- Without WeasyPrint -----------------------------------------------------------------------


class RefuseImport:
    """A meta-path finder that fails the import of weasyprint as a machine without it (or
    without Pango, which WeasyPrint loads at import) does."""

    def __init__(self, error):
        self.error = error

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise self.error
        return None


@pytest.mark.parametrize(
    "error",
    [ImportError("No module named 'weasyprint'"), OSError("cannot load library 'pango-1.0-0'")],
    ids=["weasyprint-missing", "pango-missing"],
)
def test_without_weasyprint_the_pdf_link_offers_the_printable_record(
    client, manager, household, monkeypatch, error
):
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [RefuseImport(error), *sys.meta_path])
    client.force_login(manager)

    response = export_pdf(client, household)

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert 'data-testid="pdf-unavailable"' in content
    assert reverse("privacy:export_html", args=[household.pk]) in content
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


# --- What WeasyPrint may read (only our own files) -----------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "http://127.0.0.1:9/static/css/record-pdf.css",  # our path, another host
        "https://testserver/static/css/record-pdf.css",  # another scheme
        "data:text/css,body{}",
        "http://testserver/media/x.png",
        "http://testserver/static/../../../etc/passwd",
        "http://testserver/static/css/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "http://testserver/static//etc/passwd",
        "http://testserver/static/",
        "http://testserver/static/css/does-not-exist.css",
    ],
)
def test_fetcher_refuses_every_url_but_our_static_files(url):
    with pytest.raises(pdf.Refused):
        pdf.static_file(url, STATIC)


def test_fetcher_serves_our_static_files_from_disk():
    found = pdf.static_file(STATIC + "css/record-pdf.css?v=1", STATIC)

    assert found == Path(finders.find("css/record-pdf.css"))


def test_pdf_reads_no_local_file_and_no_address_named_in_the_html(
    weasyprint, listener, tmp_path, caplog
):
    leak = tmp_path / "leak.css"
    leak.write_text('body::after { content: "LEAKED-FROM-DISK" }')
    other = listener.url
    html = f"""<!DOCTYPE html><html><head>
      <link rel="stylesheet" href="/static/css/record-pdf.css">
      <link rel="stylesheet" href="{leak.as_uri()}">
      <link rel="stylesheet" href="{other}/style.css">
    </head><body><h1>Record MRK-PDF</h1>
      <img src="file:///etc/passwd"><img src="{other}/x.png">
      <object data="{other}/x.svg"></object>
    </body></html>"""

    content = pdf.write_pdf(html, base_url="http://testserver/")

    text = pdf_text(content)
    assert "Record MRK-PDF" in text
    assert "1 / 1" in text  # our own stylesheet was read: its page footer is there
    assert "LEAKED-FROM-DISK" not in text
    assert not listener.connected()
    refused = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("weasyprint"))
    for url in (leak.as_uri(), "file:///etc/passwd", f"{other}/style.css", f"{other}/x.png"):
        assert f"Refused: {url}" in refused, url


def test_a_note_with_markup_naming_files_and_addresses_renders_as_text_and_fetches_nothing(
    weasyprint, client, manager, bridge_builder, listener
):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    note = (
        '<img src="file:///etc/passwd">\n'
        f'<img src="{listener.url}/x">\n'
        f'<link rel="stylesheet" href="{listener.url}/s.css">'
    )
    JournalEntryFactory(household=household, note=note)
    client.force_login(manager)

    response = export_pdf(client, household)

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert '<img src="file:///etc/passwd">' in text  # shown as the text it is
    assert "root:" not in text
    assert not listener.connected()


# --- Hostile text (issue #21.11) -------------------------------------------------------------


def test_a_note_of_one_100000_character_word_reaches_weasyprint_in_breakable_pieces(household):
    # Laid out as one unbreakable word it took WeasyPrint minutes (quadratic in its length);
    # in pieces of LONGEST_WORD it costs what ordinary text of that length costs.
    word = "Æ" * 100_000
    JournalEntryFactory(household=household, note=word)

    html = pdf.record_html(household, export.household_sections(household))

    assert "Æ" * (pdf.LONGEST_WORD + 1) not in html
    assert word in html.replace(pdf.SOFT_BREAK, "")


def test_breakable_leaves_ordinary_text_alone_and_keeps_every_character():
    text = "Familien Hansen ringede.\nhttps://example.org/" + "x" * 95 + " sammenlægningsudvalg"
    assert pdf.breakable("Familien Hansen ringede.") == "Familien Hansen ringede."
    pieces = pdf.breakable(text)
    assert pieces.replace(pdf.SOFT_BREAK, "") == text
    assert max(len(word) for word in pieces.replace(pdf.SOFT_BREAK, " ").split()) <= 30
    assert pieces.endswith(" sammenlægningsudvalg")  # an ordinary long word stays whole


def test_pdf_of_a_note_with_a_long_word_holds_the_whole_word(
    weasyprint, client, manager, household
):
    word = "".join(f"{n:03d}" for n in range(500))  # 1,500 characters, no space
    JournalEntryFactory(household=household, note=word)
    client.force_login(manager)

    response = export_pdf(client, household)

    assert response.status_code == 200
    text = pdf_text(response.content).replace(pdf.SOFT_BREAK, "").replace(" ", "")
    assert word in text
