"""The follow-up calendar feed (RFC 5545)."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event


def feed(followups) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Brobygning//Opfølgning//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Brobygning")
    stamp = timezone.now()
    for followup in followups:
        event = Event()
        event.add("uid", f"followup-{followup.pk}@brobygning")
        event.add("dtstamp", stamp)
        event.add("dtstart", followup.due_on)
        event.add("dtend", followup.due_on + timedelta(days=1))
        # Reference and what it is only: calendars are synced to phones and third-party services.
        event.add("summary", f"{followup.household.reference}: {followup.calendar_title}")
        calendar.add_component(event)
    return calendar.to_ical()
