"""The household record as PDF, rendered by WeasyPrint.

WeasyPrint reads every stylesheet, image and font the document names through a URL fetcher;
its default one opens any `file://` path and any `http(s)://` address, the internal network
included. Ours serves our own static files and refuses every other URL, so
nothing a record holds can make the server read a file or send a request.

WeasyPrint needs Pango from the operating system; where it or Pango is missing, `load()`
raises `Unavailable` and the view offers the printable HTML record instead.
"""

import dataclasses
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from brobygning.privacy import export

# A word longer than this gets a zero-width space after every LONGEST_WORD characters.
# WeasyPrint (Pango) lays out an unbreakable word again for every line it fills: a
# 20,000-character word took 7-40 s and 100,000 exhausted the worker, quadratic in the
# word's length, though the stylesheet says `overflow-wrap: anywhere`. In pieces shorter
# than a line the work is linear again, as for ordinary text; pieces of 80 characters (more
# than a line of the value column) were as slow as before (bench/hostile_input.py).
LONGEST_WORD = 30
SOFT_BREAK = "\u200b"
_LONG_WORD = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")


def breakable(text: str) -> str:
    """`text` with a soft break in every word longer than LONGEST_WORD characters."""
    return _LONG_WORD.sub(
        lambda word: SOFT_BREAK.join(
            word[0][i : i + LONGEST_WORD] for i in range(0, len(word[0]), LONGEST_WORD)
        ),
        text,
    )


def _breakable_sections(sections):
    return [
        dataclasses.replace(
            section,
            rows=[
                [(label, breakable(v) if isinstance(v, str) else v) for label, v in row]
                for row in section.rows
            ],
        )
        for section in sections
    ]


class Unavailable(Exception):
    """WeasyPrint or the system libraries it loads (Pango) cannot be imported here."""


class Refused(ValueError):
    """A URL outside our static files; WeasyPrint logs it and leaves the resource out."""


def load():
    """The weasyprint module, imported on first use so the rest of the app runs without it."""
    try:
        import weasyprint
        import weasyprint.urls
    except (ImportError, OSError) as error:  # OSError: Pango's shared library is missing
        raise Unavailable(str(error)) from error
    return weasyprint


def static_file(url: str, static_base: str) -> Path:
    """The file of our static files that `url` names, if it lies under `static_base` (the
    absolute STATIC_URL the document is rendered with); `Refused` for any other URL."""
    if not url.startswith(static_base):
        raise Refused(url)
    name = unquote(url[len(static_base) :].partition("#")[0].partition("?")[0])
    if not name or name.startswith("/") or ".." in name.split("/"):
        raise Refused(url)
    try:
        found = finders.find(name)  # the source files (development, tests)
        if not found and staticfiles_storage.exists(name):
            found = staticfiles_storage.path(name)  # collected, hashed names (production)
    except SuspiciousFileOperation as error:
        raise Refused(url) from error
    if not found or not Path(found).is_file():
        raise Refused(url)
    return Path(found)


def _fetcher(weasyprint, static_base):
    class StaticFilesOnly(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file(url, static_base)
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": mime_type}
            )

    return StaticFilesOnly()


def write_pdf(html: str, *, base_url: str) -> bytes:
    """`html` as PDF. Relative URLs resolve against `base_url` (the site's root), and only
    those under STATIC_URL are read, from disk."""
    weasyprint = load()
    fetcher = _fetcher(weasyprint, urljoin(base_url, settings.STATIC_URL))
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def record_html(household, sections, *, request=None) -> str:
    """The record's `sections` (export.household_sections) as the PDF's HTML, long words
    breakable."""
    return render_to_string(
        "privacy/record_pdf.html",
        {"household": household, "sections": _breakable_sections(sections)},
        request=request,
    )


def record_pdf(household, sections, *, base_url, request=None) -> bytes:
    return write_pdf(record_html(household, sections, request=request), base_url=base_url)


def household_record(request, household) -> bytes:
    """The printable record of `household` (the sections of the HTML record) as PDF."""
    return record_pdf(
        household,
        export.household_sections(household),
        base_url=request.build_absolute_uri("/"),
        request=request,
    )
