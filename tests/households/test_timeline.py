"""The case timeline: one order for every kind of entry, and words written at display time."""

import importlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from households import services
from households.models import Household, Move, Phase
from households.selectors import timeline
from referrals import services as referral_services
from tests.factories import (
    AreaFactory,
    HousingOfferFactory,
    JournalEntryFactory,
    MoveFactory,
    NeedFactory,
    PhaseChangeFactory,
)

CPH = ZoneInfo("Europe/Copenhagen")
DAY = date(2026, 11, 16)


def at(hour, minute):
    return datetime(2026, 11, 16, hour, minute, tzinfo=CPH)


@pytest.fixture
def opened_case(bridge_builder, time_machine):
    time_machine.move_to(at(14, 0), tick=False)
    return services.household_create(
        household=Household(
            display_name="Familien Jensen",
            origin_area=AreaFactory(name="Vollsmose"),
            origin_address="Granparken 1",
            bridge_builder=bridge_builder,
        ),
        by=bridge_builder,
    )


def test_timeline_orders_every_kind_by_day_then_by_when_it_was_recorded(opened_case, time_machine):
    household = opened_case
    time_machine.move_to(at(14, 2), tick=False)
    visit = JournalEntryFactory(household=household, occurred_on=DAY)
    time_machine.move_to(at(14, 5), tick=False)
    offer = HousingOfferFactory(household=household, offered_on=DAY)
    time_machine.move_to(at(14, 10), tick=False)
    move = MoveFactory(household=household, moved_on=DAY, offer=offer)
    time_machine.move_to(at(14, 15), tick=False)
    late_note = JournalEntryFactory(household=household, occurred_on=DAY - timedelta(days=1))

    items = timeline(household)

    opened = household.phase_changes.get()
    assert [item.obj for item in items] == [move, offer, visit, opened, late_note]


def test_the_capped_timeline_keeps_the_newest_of_every_kind(opened_case, time_machine):
    household = opened_case
    for minute in range(1, 4):
        time_machine.move_to(at(15, minute), tick=False)
        MoveFactory(household=household, moved_on=DAY)
    items = timeline(household, limit=2)
    assert [item.kind for item in items] == ["move", "move"]
    assert items[0].at > items[1].at


@pytest.fixture
def area(db):
    return AreaFactory(name="Bolbro", is_receiving_area=True)


def _case_page(client, household, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client.get(reverse("households:detail", args=[household.pk])).content.decode()


def test_entries_the_system_wrote_are_shown_in_the_readers_language(
    client, referral, bridge_builder, area
):
    household = referral_services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=bridge_builder
    )
    services.move_register(
        move=Move(household=household, moved_on=DAY, new_address="Ny vej 2", receiving_area=area),
        by=bridge_builder,
    )
    client.force_login(bridge_builder)

    english = _case_page(client, household, "en")
    referral_entry = next(i for i in timeline(household) if i.kind == "journal")
    with translation.override("en"):
        assert referral_entry.obj.title == "Referral accepted"
    for words in (
        "Case opened",
        "Move registered",
        "Referral accepted from",
        "From the referral",
    ):
        assert words in english
    for danish in ("Sag oprettet", "Flytning registreret", "Fra henvisningen", "Henvisning fra"):
        assert danish not in english
    entry = household.journal.get()
    detail = client.get(reverse("households:journal_detail", args=[household.pk, entry.pk]))
    assert "Why support is needed: Enlig mor" in detail.content.decode()

    danish = _case_page(client, household, "da")
    for words in ("Sag oprettet", "Flytning registreret", "Fra henvisningen", "Henvisning fra"):
        assert words in danish


def test_the_migration_turns_stored_system_words_into_events(household, bridge_builder):
    from django.apps import apps

    migration = importlib.import_module(
        "households.migrations.0009_timeline_system_entries_as_events"
    )
    opened = PhaseChangeFactory(household=household, from_phase="", note="Sag oprettet")
    typed = PhaseChangeFactory(household=household, note="Familien fortrød")
    need = NeedFactory(household=household, note="Fra henvisningen")
    entry = JournalEntryFactory(
        household=household, kind="other", what_changed="Henvisning fra Hanne Holm accepteret"
    )

    migration.convert_system_text(apps, None)

    for row in (opened, typed, need, entry):
        row.refresh_from_db()
    assert (opened.event, opened.note) == ("case_opened", "")
    assert (typed.event, typed.note) == ("", "Familien fortrød")
    assert (need.source, need.note) == ("referral", "")
    assert entry.what_changed == "" and entry.event_data == {"sender": "Hanne Holm"}
    with translation.override("en"):
        assert opened.note_text == "Case opened"
        assert need.note_text == "From the referral"
        assert entry.what_changed_text == "Referral accepted from Hanne Holm"


def test_the_timeline_says_who_recorded_each_entry_and_what_it_changed(
    client, opened_case, bridge_builder
):
    bridge_builder.first_name, bridge_builder.last_name = "Bente", "Bro"
    bridge_builder.save()
    JournalEntryFactory(
        household=opened_case, author=bridge_builder, what_changed="", note="ord " * 40
    )
    PhaseChangeFactory(household=opened_case, note="Familien fortrød")
    client.force_login(bridge_builder)

    page = _case_page(client, opened_case, "da")

    assert "· Bente Bro" in page
    with translation.override("da"):
        assert f"{Phase.CLOSED.label}: → {Phase.ONGOING.label}" not in page
        assert f"{Phase.CLOSED.label} → {Phase.ONGOING.label}" in page
    assert "ord " * 24 + "ord …" in page  # the note's first 25 words
    assert "Familien fortrød" in page
