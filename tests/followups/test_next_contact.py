"""'Next contact' on a journal entry is a task: it appears in 'My tasks' and the calendar feed,
moves when a later entry gives another date, is done when the contact is logged, and can be
ticked off from the list."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from followups import calendar, services
from followups.models import CalendarToken, FollowUp
from households import services as household_services
from households.models import JournalEntry
from tests.factories import FollowUpFactory, MoveFactory

TODAY = timezone.localdate()


def log(household, by, *, kind=JournalEntry.Kind.OTHER, next_contact_on=None):
    return household_services.journal_entry_add(
        entry=JournalEntry(
            household=household, kind=kind, occurred_on=TODAY, next_contact_on=next_contact_on
        ),
        by=by,
    )


def next_contacts(household):
    return household.followups.filter(rule=FollowUp.Rule.NEXT_CONTACT)


def test_a_next_contact_on_a_journal_entry_becomes_the_bridge_builders_task(
    household, bridge_builder
):
    log(household, bridge_builder, next_contact_on=TODAY + timedelta(days=7))
    task = next_contacts(household).get()
    assert (task.kind, task.status, task.assignee) == ("next_contact", "open", bridge_builder)
    assert task.due_on == TODAY + timedelta(days=7)
    assert str(task.display_title) == "Næste kontakt med husstanden"


def test_a_later_entry_with_another_date_moves_the_open_next_contact(household, bridge_builder):
    log(household, bridge_builder, next_contact_on=TODAY + timedelta(days=7))
    first = next_contacts(household).get()
    log(household, bridge_builder, next_contact_on=TODAY + timedelta(days=3))
    moved = next_contacts(household).get()
    assert moved.pk == first.pk and moved.due_on == TODAY + timedelta(days=3)


def test_logging_the_contact_completes_the_next_contact_and_schedules_the_new_one(
    household, bridge_builder
):
    log(household, bridge_builder, next_contact_on=TODAY + timedelta(days=7))
    log(
        household,
        bridge_builder,
        kind=JournalEntry.Kind.PHONE_CALL,
        next_contact_on=TODAY + timedelta(days=30),
    )
    done, upcoming = next_contacts(household).order_by("due_on")
    assert (done.status, done.outcome) == ("done", FollowUp.Outcome.CONTACT_LOGGED)
    assert (upcoming.status, upcoming.due_on) == ("open", TODAY + timedelta(days=30))
    household.refresh_from_db()
    assert household.next_contact_on == TODAY + timedelta(days=30)


def test_a_case_has_at_most_one_open_next_contact(household, bridge_builder):
    log(household, bridge_builder, next_contact_on=TODAY + timedelta(days=7))
    with pytest.raises(IntegrityError):
        FollowUp.objects.create(
            household=household,
            kind=FollowUp.Kind.NEXT_CONTACT,
            assignee=bridge_builder,
            due_on=TODAY,
            trigger_on=TODAY,
            rule=FollowUp.Rule.NEXT_CONTACT,
        )


def test_my_tasks_lists_the_next_contact_with_a_button_to_tick_it_off(
    client, household, bridge_builder
):
    log(household, bridge_builder, next_contact_on=TODAY + timedelta(days=2))
    visit = FollowUpFactory(household=household, kind=FollowUp.Kind.POST_MOVE_VISIT)
    client.force_login(bridge_builder)
    html = client.get(reverse("followups:tasks")).content.decode()
    task = next_contacts(household).get()
    assert "Næste kontakt med husstanden" in html
    tick = reverse("followups:complete", args=[task.pk])
    assert f'action="{tick}"' in html
    # The 14-day visit needs its outcome recorded on its own page: no tick box.
    assert f'action="{reverse("followups:complete", args=[visit.pk])}"' not in html


def test_ticking_off_the_next_contact_from_the_list_clears_the_cases_next_contact(
    client, household, bridge_builder
):
    log(household, bridge_builder, next_contact_on=TODAY + timedelta(days=2))
    task = next_contacts(household).get()
    client.force_login(bridge_builder)
    response = client.post(reverse("followups:complete", args=[task.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("followups:tasks")
    task.refresh_from_db()
    household.refresh_from_db()
    assert (task.status, task.completed_by) == ("done", bridge_builder)
    assert household.next_contact_on is None


def test_the_14_day_visit_cannot_be_ticked_off_without_its_outcome(household, bridge_builder):
    visit = FollowUpFactory(household=household, kind=FollowUp.Kind.POST_MOVE_VISIT)
    assert visit.needs_outcome
    with pytest.raises(ValidationError):
        services.followup_complete(followup=visit, by=bridge_builder)


def test_calendar_entries_say_what_the_task_is_not_only_the_case(household, bridge_builder):
    log(household, bridge_builder, next_contact_on=TODAY + timedelta(days=2))
    services.on_move_registered(move=MoveFactory(household=household, moved_on=TODAY))
    own = FollowUpFactory(household=household, title="Ring om gælden")
    summaries = [
        str(event["summary"])
        for event in Calendar.from_ical(
            calendar.feed(household.followups.open().select_related("household"))
        ).walk("VEVENT")
    ]
    ref = household.reference
    assert f"{ref}: Næste kontakt med husstanden" in summaries
    assert f"{ref}: Flytning meldt" in summaries
    assert f"{ref}: {own.get_kind_display()}" in summaries  # an own task's text stays out
    assert len(set(summaries)) == len(summaries)


def test_the_calendar_feed_carries_the_next_contact(client, household, bridge_builder):
    log(household, bridge_builder, next_contact_on=TODAY + timedelta(days=2))
    token = CalendarToken.objects.create(user=bridge_builder)
    body = client.get(reverse("followups:calendar_feed", args=[token.token])).content
    summaries = [str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")]
    assert summaries == [f"{household.reference}: Næste kontakt med husstanden"]
