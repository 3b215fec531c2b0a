"""Outcomes the system records on a follow-up are words at display time, in the reader's
language, with the one date format."""

import importlib
from datetime import date

from django.apps import apps
from django.urls import reverse

from followups.models import FollowUp
from households import services as household_services
from households.models import JournalEntry
from referrals import services as referral_services
from tests.factories import FollowUpFactory, ReferralFactory


def test_the_first_contact_outcome_is_worded_in_the_readers_language(
    client, rehousing_consultant, bridge_builder
):
    household = referral_services.referral_accept(
        referral=ReferralFactory(sender=rehousing_consultant),
        bridge_builder=bridge_builder,
        by=bridge_builder,
    )
    household_services.journal_entry_add(
        entry=JournalEntry(
            household=household, kind="home_visit", note="Besøg", occurred_on=date(2026, 12, 5)
        ),
        by=bridge_builder,
    )
    followup = FollowUp.objects.get(household=household)
    assert (followup.outcome, followup.outcome_note) == ("contact_logged", "")
    client.force_login(bridge_builder)
    url = reverse("followups:detail", args=[followup.pk])

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Contact logged 5 Dec 2026" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert "Kontakt registreret 5. dec. 2026" in client.get(url).content.decode()


def test_the_migration_turns_stored_outcome_words_into_codes(household):
    migration = importlib.import_module("followups.migrations.0004_system_outcomes_as_events")
    logged = FollowUpFactory(household=household, outcome_note="Kontakt registreret 05-12-2026")
    answered = FollowUpFactory(household=household, outcome_note="Besvaret")
    typed = FollowUpFactory(household=household, outcome_note="Ringede, ingen svar")

    migration.convert_outcomes(apps, None)

    for followup in (logged, answered, typed):
        followup.refresh_from_db()
    assert (logged.outcome, logged.outcome_on, logged.outcome_note) == (
        "contact_logged",
        date(2026, 12, 5),
        "",
    )
    assert (answered.outcome, answered.outcome_note) == ("answered", "")
    assert (typed.outcome, typed.outcome_text) == ("", "Ringede, ingen svar")
