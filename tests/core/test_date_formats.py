"""One way to write a date per language: "5. dec. 2026" in Danish, "5 Dec 2026" in English,
on pages (plain `|date`, through brobygning/formats), in lists and in reminder texts."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from brobygning.core.models import Notification
from followups.reminders import _reminder_text
from tests.factories import (
    ConsentFactory,
    FollowUpFactory,
    HousingOfferFactory,
    JournalEntryFactory,
    MoveFactory,
)

NOW = datetime(2026, 12, 5, 14, 5, tzinfo=ZoneInfo("Europe/Copenhagen"))
DAY = NOW.date()
# A capitalised English-style month after a day number ("5. Dec", "1 Nov"), or 05-12-2026.
CAPITALISED_MONTH = re.compile(r"\d\.? (Jan|Feb|Mar|Apr|Maj|Jun|Jul|Aug|Sep|Okt|Nov|Dec)\b")
NUMERIC_DATE = re.compile(r"\b\d{1,2}[-./]\d{1,2}[-./]\d{4}\b")


@pytest.fixture
def case(household, bridge_builder, time_machine):
    time_machine.move_to(NOW, tick=False)
    household.next_contact_on = DAY
    household.termination_received_on = DAY - timedelta(days=20)
    household.save()
    JournalEntryFactory(household=household, occurred_on=DAY, next_contact_on=DAY)
    offer = HousingOfferFactory(household=household, offered_on=DAY, answer_deadline=DAY)
    MoveFactory(household=household, moved_on=DAY, offer=offer)
    ConsentFactory(household=household, given_on=DAY)
    FollowUpFactory(household=household, due_on=DAY)
    Notification.objects.create(user=bridge_builder, text="Påmindelse", url="/")
    return household


def _pages(client, household):
    entry = household.journal.get()
    followup = household.followups.get()
    for url in (
        reverse("households:caseload"),
        reverse("households:detail", args=[household.pk]),
        reverse("households:timeline", args=[household.pk]),
        reverse("households:journal_detail", args=[household.pk, entry.pk]),
        reverse("followups:tasks"),
        reverse("followups:detail", args=[followup.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


def test_something_that_just_happened_is_just_now_not_zero_minutes_ago(
    client, bridge_builder, case
):
    client.force_login(bridge_builder)
    for language, words in (("da", "lige nu"), ("en", "just now")):
        _choose(client, language)
        html = client.get(reverse("notifications")).content.decode()
        assert words in html
        assert "0 minut" not in html
    with translation.override("en"):
        earlier = NOW - timedelta(hours=2, minutes=5)
        assert Template("{% load dates %}{{ t|ago }}").render(Context({"t": earlier})) == (
            "2\xa0hours ago"
        )


def _choose(client, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def test_danish_pages_write_dates_one_way(client, bridge_builder, case):
    client.force_login(bridge_builder)
    _choose(client, "da")
    for url, html in _pages(client, case):
        assert not CAPITALISED_MONTH.findall(html), url
        assert not NUMERIC_DATE.findall(html), url
        assert "5. dec. 2026" in html, url


def test_english_pages_write_dates_the_english_way(client, bridge_builder, case):
    client.force_login(bridge_builder)
    _choose(client, "en")
    for url, html in _pages(client, case):
        assert not NUMERIC_DATE.findall(html), url
        assert "5. dec." not in html, url
        assert "5 Dec 2026" in html, url


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "5. dec. 2026 kl. 14.05"), ("en", "5 Dec 2026, 14:05")],
)
def test_date_and_time_read_as_the_language_writes_them(language, expected):
    with translation.override(language), timezone.override(ZoneInfo("Europe/Copenhagen")):
        rendered = Template('{{ when|date:"DATETIME_FORMAT" }}').render(Context({"when": NOW}))
    assert rendered == expected


@pytest.mark.parametrize(
    ("month", "danish"),
    [(3, "5. marts 2026"), (5, "5. maj 2026"), (9, "5. sept. 2026"), (11, "5. nov. 2026")],
)
def test_danish_month_abbreviations_are_lower_case_with_a_dot_only_where_shortened(month, danish):
    with translation.override("da"):
        assert Template("{{ day|date }}").render(Context({"day": date(2026, month, 5)})) == danish


def test_reminder_texts_use_the_same_date(db):
    with translation.override("da"):
        text = _reminder_text("H-2026-0001", "Opfølgning", DAY)
    assert "5. dec. 2026" in text and not NUMERIC_DATE.findall(text)
