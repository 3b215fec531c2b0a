"""Searches go by POST and keep their terms out of URLs (ASVS 8.3.1):
the criteria wait in the session under a random key, the list is shown at `?s=<key>`, and
the search is logged once, when it is submitted."""

import re

import pytest
from django.urls import reverse

from brobygning.core import search
from brobygning.core.models import AccessLog
from tests.factories import ActorFactory, AreaFactory, HouseholdFactory


def caseload_url():
    return reverse("households:caseload")


def names_listed(response):
    return {household.display_name for household in response.context["page"].object_list}


@pytest.fixture
def cases(bridge_builder):
    return {
        "haddad": HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Haddad"),
        "jensen": HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Jensen"),
    }


def test_a_caseload_search_is_found_by_post_and_the_url_after_it_holds_no_search_term(
    client, bridge_builder, cases
):
    client.force_login(bridge_builder)
    response = client.post(caseload_url(), {"q": "Haddad", "phase": ""})
    assert response.status_code == 303
    location = response["Location"]
    assert re.fullmatch(rf"{caseload_url()}\?s=[\w-]+", location), location
    listed = client.get(location)
    assert names_listed(listed) == {"Familien Haddad"}
    # The search box still shows the term, in the page rather than in the address.
    assert 'value="Haddad"' in listed.content.decode()


def test_non_personal_filters_stay_in_the_url_next_to_the_search_key(client, bridge_builder, cases):
    client.force_login(bridge_builder)
    location = client.post(caseload_url(), {"q": "Familien", "overdue": "on"})["Location"]
    assert "overdue=on" in location and "s=" in location and "Familien" not in location
    assert client.get(location).context["form"].cleaned_data["overdue"] is True


def test_a_search_is_logged_once_with_its_criterion_however_often_its_pages_are_read(
    client, bridge_builder, cases, settings
):
    settings.BROBYGNING = {**settings.BROBYGNING, "CASELOAD_PAGE_SIZE": 1}
    client.force_login(bridge_builder)
    location = client.post(caseload_url(), {"q": "Familien"})["Location"]
    first = client.get(location)
    second = client.get(f"{location}&side=2")
    client.get(location)  # Back, or a reload
    assert names_listed(first) | names_listed(second) == {"Familien Haddad", "Familien Jensen"}
    assert f"?s={location.split('s=')[1]}&amp;side=2" in first.content.decode()  # paging link
    (row,) = AccessLog.objects.filter(action=AccessLog.Action.SEARCH)
    assert (row.user, row.target_type, row.detail) == (bridge_builder, "household", "Familien")
    assert "Familien" not in row.path


@pytest.mark.parametrize("key", ["unknown", "", "x" * 500, "%00"])
def test_an_unknown_or_expired_search_key_shows_the_unfiltered_list(
    client, bridge_builder, cases, key
):
    client.force_login(bridge_builder)
    response = client.get(caseload_url(), {"s": key})
    assert response.status_code == 200
    assert names_listed(response) == {"Familien Haddad", "Familien Jensen"}


def test_a_search_key_of_an_ended_session_shows_the_unfiltered_list(client, bridge_builder, cases):
    client.force_login(bridge_builder)
    location = client.post(caseload_url(), {"q": "Haddad"})["Location"]
    client.logout()
    client.force_login(bridge_builder)
    assert names_listed(client.get(location)) == {"Familien Haddad", "Familien Jensen"}


def test_a_search_key_does_not_apply_to_another_list(client, bridge_builder, cases):
    client.force_login(bridge_builder)
    ActorFactory(name="Røde Kors")
    ActorFactory(name="Haddad Rådgivning")
    location = client.post(caseload_url(), {"q": "Haddad"})["Location"]
    key = location.split("s=")[1]
    response = client.get(reverse("actors:actor_list"), {"s": key})
    assert response.context["page"].paginator.count == 2


def test_a_search_term_put_in_the_url_by_hand_is_ignored_and_not_logged(
    client, bridge_builder, cases
):
    client.force_login(bridge_builder)
    response = client.get(caseload_url(), {"q": "Haddad"})
    assert names_listed(response) == {"Familien Haddad", "Familien Jensen"}
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()


def test_an_empty_search_clears_the_search_and_logs_nothing(client, bridge_builder, cases):
    client.force_login(bridge_builder)
    response = client.post(caseload_url(), {"q": "  "})
    assert response["Location"] == caseload_url()
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()


def test_a_search_too_long_is_refused_with_the_form_error_and_not_remembered(
    client, bridge_builder, cases
):
    client.force_login(bridge_builder)
    response = client.post(caseload_url(), {"q": "x" * 101})
    assert response.status_code == 400
    assert "q" in response.context["form"].errors
    assert search.SESSION_KEY not in client.session
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()


def test_a_session_remembers_a_bounded_number_of_searches(client, bridge_builder, cases):
    client.force_login(bridge_builder)
    locations = [
        client.post(caseload_url(), {"q": f"Familien {n}"})["Location"]
        for n in range(search.KEEP + 5)
    ]
    assert len(client.session[search.SESSION_KEY]) == search.KEEP
    oldest, newest = locations[0], locations[-1]
    assert client.get(oldest).context["form"]["q"].value() in (None, "")
    assert client.get(newest).context["form"]["q"].value() == f"Familien {search.KEEP + 4}"


@pytest.mark.parametrize(
    ("url_name", "make", "term"),
    [
        ("actors:actor_list", lambda: ActorFactory(name="Mentorforeningen"), "Mentor"),
        ("actors:area_list", lambda: AreaFactory(name="Skovparken"), "Skovpark"),
    ],
)
def test_directory_searches_go_by_post_too(client, bridge_builder, url_name, make, term):
    client.force_login(bridge_builder)
    make()
    ActorFactory(name="Andet")
    AreaFactory(name="Andet")
    response = client.post(reverse(url_name), {"q": term}, follow=True)
    ((location, status),) = response.redirect_chain
    assert status == 303 and term not in location
    assert term in response.content.decode()
    assert "Andet" not in response.content.decode()


def test_the_audit_log_search_by_user_is_logged_once_and_kept_out_of_the_url(
    client, manager, bridge_builder
):
    client.force_login(manager)
    response = client.post(reverse("audit:log"), {"user": bridge_builder.pk}, follow=True)
    ((location, _status),) = response.redirect_chain
    assert "user=" not in location
    assert response.context["form"].cleaned_data["user"] == bridge_builder
    client.get(f"{location}&side=2")
    (row,) = AccessLog.objects.filter(target_type="audit_log")
    assert row.detail == f"user={bridge_builder.pk}"
