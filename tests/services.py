"""Gate tests that need real servers (Redis, a Celery worker, Chromium).

On a developer's machine without them such tests skip with a clear reason. CI sets
BROBYGNING_REQUIRE_SERVICES=1, which turns every such skip into a failure, so CI always
runs them all.
"""

import os

import pytest

REQUIRE_SERVICES = os.environ.get("BROBYGNING_REQUIRE_SERVICES") == "1"


def service_unavailable(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (BROBYGNING_REQUIRE_SERVICES=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


def require_weasyprint():
    """The PDF record needs WeasyPrint and the system's Pango library."""
    from brobygning.privacy import pdf

    try:
        return pdf.load()
    except pdf.Unavailable as error:
        service_unavailable(f"WeasyPrint or Pango cannot be loaded here: {error}")
