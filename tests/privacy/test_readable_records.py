"""The art. 15 record and the audit screen read as sentences in the user's language: labelled,
translated field names and values, never the stored codes of the change history."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from brobygning.core.models import AccessLog
from brobygning.core.readable import target_label
from tests.factories import (
    FollowUpFactory,
    JournalEntryFactory,
    MemberFactory,
    MoveFactory,
)

# What a stored value or a field's code name looks like when it leaks onto a page.
RAW = [
    re.compile(r"\bNone\b(?!\.)"),  # "None." is the English for an empty section
    re.compile(r"\d{4}-\d{2}-\d{2}"),  # ISO dates and datetimes
    re.compile(r"\b[a-z]+_[a-z_]+\b"),  # phone_call, created_at, journal_entry
    re.compile(r"move_checklist:"),
]


def _raw_leaks(text):
    return [match.group() for pattern in RAW for match in pattern.finditer(text)]


def _main(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _visible_text(html):
    return re.sub(r"<[^>]+>", " ", _main(html))


@pytest.fixture
def busy_household(household, bridge_builder):
    JournalEntryFactory(household=household, kind="phone_call", note="Ringede")
    MemberFactory(household=household, birth_year=1985)
    move = MoveFactory(household=household, registered_by=bridge_builder)
    FollowUpFactory(household=household, rule="move_checklist:address", move=move)
    AccessLog.objects.create(
        user=bridge_builder,
        action=AccessLog.Action.VIEW,
        target_type="journal_entry",
        target_id="10",
        household_reference=household.reference,
        path="/",
    )
    return household


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_record_shows_labels_and_values_never_stored_codes(
    client, manager, busy_household, language
):
    client.force_login(manager)
    client.cookies["__Host-django_language"] = language
    client.cookies["django_language"] = language
    html = client.get(
        reverse("privacy:export_html", args=[busy_household.pk]),
        headers={"accept-language": language},
    ).content.decode()
    text = _visible_text(html)
    assert _raw_leaks(text) == []
    if language == "da":
        assert "Telefonsamtale" in text
        assert "Registered by" not in text and "Source" not in text
        assert "Journalnotat #10" in text
        assert "Flytning meldt" in text  # the rule move_checklist:address, by its title
        assert "Oprettet" in text and "create" not in text
        assert "1985" in text and "1.985" not in text
    else:
        assert "Phone call" in text and "Journal entry #10" in text


def test_the_audit_screen_shows_the_change_history_in_words(client, manager, busy_household):
    client.force_login(manager)
    response = client.post(
        reverse("audit:log"), {"household": busy_household.reference}, follow=True
    )
    html = response.content.decode()
    history = html.split('data-testid="change-history"', 1)[1].split("</table>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", history)
    assert "Telefonsamtale" in text
    assert "Oprettet" in text and "create" not in text
    assert _raw_leaks(text) == []


def test_an_access_log_target_is_named_in_the_language():
    with translation.override("da"):
        assert target_label("journal_entry", "10") == "Journalnotat #10"
    with translation.override("en"):
        assert target_label("journal_entry", "10") == "Journal entry #10"
