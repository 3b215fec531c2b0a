"""Art. 17 (issue #21.12): the names of an anonymised household leave the traces people type
them into too — search terms in the access log and in signed-in sessions, the reason for a
break-the-glass opening and the notice that tells the bridge-builder about it."""

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse

from brobygning.core.models import AccessLog, Notification
from brobygning.privacy.erasure import anonymise_household
from tests.factories import AccessLogFactory

REASON = "The household asked for erasure in writing"


def first_name(case):
    return case.household.members.get().first_name


def surname(case):
    return case.name.split()[-1]  # "MRK-A-name" of "Familien MRK-A-name"


def test_searches_for_part_of_the_name_or_a_members_first_name_lose_the_term(case, manager):
    searches = [
        AccessLogFactory(user=manager, action=AccessLog.Action.SEARCH, detail=term)
        for term in (surname(case), first_name(case), case.household.origin_address)
    ]
    unrelated = AccessLogFactory(user=manager, action=AccessLog.Action.SEARCH, detail="Vollsmose")

    anonymise_household(household=case.household, by=manager, reason=REASON)

    for row in searches:
        row.refresh_from_db()
        assert row.detail == case.household.reference
    unrelated.refresh_from_db()
    assert unrelated.detail == "Vollsmose"


def test_break_the_glass_reason_and_its_notice_lose_the_names(client, case, administrator, manager):
    household = case.household
    reason = f"Klage fra {first_name(case)} om {case.name}, ringede om {surname(case)}"
    client.force_login(administrator)
    client.post(reverse("households:break_glass", args=[household.pk]), {"reason": reason})
    opening = AccessLog.objects.get(action=AccessLog.Action.BREAK_GLASS)
    notice = Notification.objects.get(text__contains="Klage fra")

    anonymise_household(household=household, by=manager, reason=REASON)

    opening.refresh_from_db()
    notice.refresh_from_db()
    for text in (opening.detail, notice.text):
        assert first_name(case) not in text
        assert surname(case) not in text
        assert "Klage fra" in text and household.reference in text
    assert (opening.user, opening.household_reference) == (administrator, household.reference)


def test_search_terms_kept_in_signed_in_sessions_lose_the_name(
    client, case, other_case, bridge_builder, manager
):
    client.force_login(bridge_builder)
    for term in (surname(case), surname(other_case)):
        response = client.post(reverse("households:caseload"), {"q": term})
        assert response.status_code == 303

    anonymise_household(household=case.household, by=manager, reason=REASON)

    kept = [
        SessionStore().decode(session.session_data).get("searches", {})
        for session in Session.objects.all()
    ]
    terms = [
        value
        for searches in kept
        for entry in searches.values()
        for values in entry["criteria"].values()
        for value in values
    ]
    assert terms == [case.household.reference, surname(other_case)]
