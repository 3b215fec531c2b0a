import pytest
from django.urls import reverse
from icalendar import Calendar

from brobygning.urls import urlpatterns
from followups.models import CalendarToken, Event, Invitation
from tests.factories import FollowUpFactory, HouseholdFactory
from tests.policy import APP_ROLES, expected_get

OBJECT_PAGES = {
    "followups:detail": lambda o: {"pk": o["followup"].pk},
    "followups:create": lambda o: {"household_pk": o["followup"].household_id},
    "followups:event_detail": lambda o: {"pk": o["event"].pk},
}
LIST_PAGES = {"followups:tasks", "followups:events", "followups:event_create"}
EVERY_ROLE_PAGES = {"followups:preferences"}
POST_ONLY = {
    "followups:complete",
    "followups:cancel",
    "followups:calendar_token",
    "followups:invitation_status",
}
TOKEN_PAGES = {"followups:calendar_feed"}


@pytest.fixture
def objects(household, bridge_builder):
    event = Event.objects.create(
        kind="reunion_coffee",
        title="Gensynskaffe",
        starts_at="2026-12-01T10:00Z",
        place="Beboerhuset",
        organiser=bridge_builder,
    )
    Invitation.objects.create(event=event, household=household)
    return {"followup": FollowUpFactory(household=household), "event": event}


def test_every_followups_url_is_covered():
    resolver = next(p for p in urlpatterns if getattr(p, "namespace", None) == "followups")
    names = {f"followups:{p.name}" for p in resolver.url_patterns}
    assert names == set(OBJECT_PAGES) | LIST_PAGES | EVERY_ROLE_PAGES | POST_ONLY | TOKEN_PAGES


@pytest.mark.parametrize("role", APP_ROLES)
@pytest.mark.parametrize("url_name", [*OBJECT_PAGES, *sorted(LIST_PAGES), *EVERY_ROLE_PAGES])
def test_role_gets_the_status_the_policy_table_gives(client, request, objects, url_name, role):
    client.force_login(request.getfixturevalue(role))
    kwargs = OBJECT_PAGES[url_name](objects) if url_name in OBJECT_PAGES else {}
    assert client.get(reverse(url_name, kwargs=kwargs)).status_code == expected_get(url_name, role)


def test_outsider_cannot_complete_a_follow_up(client, other_bridge_builder, objects):
    client.force_login(other_bridge_builder)
    followup = objects["followup"]
    response = client.post(reverse("followups:complete", args=[followup.pk]))
    assert response.status_code == 404
    followup.refresh_from_db()
    assert followup.status == "open"


def test_event_page_shows_only_invited_households_the_user_may_see(
    client, other_bridge_builder, objects
):
    client.force_login(other_bridge_builder)
    html = client.get(reverse("followups:event_detail", args=[objects["event"].pk])).content
    assert objects["followup"].household.display_name not in html.decode()


def test_calendar_feed_is_valid_and_carries_no_sensitive_text(client, bridge_builder, household):
    followup = FollowUpFactory(household=household, title="MRK-TITLE ring om gæld")
    token = CalendarToken.objects.create(user=bridge_builder)
    response = client.get(reverse("followups:calendar_feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert summaries == [f"{household.reference}: {followup.get_kind_display()}"]
    body = response.content.decode()
    assert "MRK-TITLE" not in body and household.display_name not in body


def test_revoked_or_forged_calendar_tokens_get_nothing(client, bridge_builder, household):
    FollowUpFactory(household=household)
    token = CalendarToken.objects.create(user=bridge_builder)
    old = token.token
    client.force_login(bridge_builder)
    client.post(reverse("followups:calendar_token"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("followups:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("followups:calendar_feed", args=["forged-token"])).status_code == 404


def test_another_users_follow_ups_never_appear_in_my_feed(client, bridge_builder, teammate):
    mine = HouseholdFactory(bridge_builder=bridge_builder)
    FollowUpFactory(household=mine, assignee=teammate)
    token = CalendarToken.objects.create(user=bridge_builder)
    calendar = Calendar.from_ical(
        client.get(reverse("followups:calendar_feed", args=[token.token])).content
    )
    assert list(calendar.walk("VEVENT")) == []
