"""Who may open which case-file page: a matrix of roles × pages, forbidden cells included."""

import pytest
from django.urls import reverse

from brobygning.core.models import AccessLog
from households.models import Phase
from tests.factories import (
    BridgeFactory,
    HouseholdFactory,
    HousingOfferFactory,
    JournalEntryFactory,
    LocalContactFactory,
    MemberFactory,
    MoveFactory,
    NeedFactory,
)
from tests.policy import APP_ROLES, expected_get, expected_post

# url name → how to build its kwargs from the case fixture objects.
PAGES = {
    "households:caseload": lambda o: {},
    "households:create": lambda o: {},
    "households:detail": lambda o: {"pk": o["household"].pk},
    "households:timeline": lambda o: {"pk": o["household"].pk},
    "households:break_glass": lambda o: {"pk": o["household"].pk},
    "households:edit": lambda o: {"pk": o["household"].pk},
    "households:tenancy": lambda o: {"pk": o["household"].pk},
    "households:member_add": lambda o: {"pk": o["household"].pk},
    "households:member_edit": lambda o: {"pk": o["household"].pk, "member_pk": o["member"].pk},
    "households:need_add": lambda o: {"pk": o["household"].pk},
    "households:need_edit": lambda o: {"pk": o["household"].pk, "need_pk": o["need"].pk},
    "households:journal_add": lambda o: {"pk": o["household"].pk},
    "households:journal_detail": lambda o: {"pk": o["household"].pk, "entry_pk": o["entry"].pk},
    "households:phase_change": lambda o: {"pk": o["household"].pk},
    "households:offer_add": lambda o: {"pk": o["household"].pk},
    "households:offer_edit": lambda o: {"pk": o["household"].pk, "offer_pk": o["offer"].pk},
    "households:offer_answer": lambda o: {"pk": o["household"].pk, "offer_pk": o["offer"].pk},
    "households:move": lambda o: {"pk": o["household"].pk},
    "households:move_edit": lambda o: {"pk": o["household"].pk, "move_pk": o["move"].pk},
    "households:close": lambda o: {"pk": o["household"].pk},
    "households:reopen": lambda o: {"pk": o["household"].pk},
    "households:assign": lambda o: {"pk": o["household"].pk},
    "households:consent_add": lambda o: {"pk": o["household"].pk},
    "households:bridge_add": lambda o: {"pk": o["household"].pk},
}
POST_ONLY_PAGES = {
    "households:bridge_request": lambda o: {"pk": o["household"].pk, "bridge_pk": o["bridge"].pk},
    "households:bridge_status": lambda o: {"pk": o["household"].pk, "bridge_pk": o["bridge"].pk},
    "households:bridge_reissue": lambda o: {"pk": o["household"].pk, "bridge_pk": o["bridge"].pk},
    "households:offer_check": lambda o: {"pk": o["household"].pk},
}


@pytest.fixture
def case_objects(household):
    return {
        "household": household,
        "member": MemberFactory(household=household),
        "need": NeedFactory(household=household),
        "entry": JournalEntryFactory(household=household),
        "offer": HousingOfferFactory(household=household),
        "move": MoveFactory(household=household),
        "bridge": BridgeFactory(household=household, local_contact=LocalContactFactory()),
    }


def test_every_case_file_url_is_in_the_matrix():
    from brobygning.urls import urlpatterns

    resolver = next(p for p in urlpatterns if getattr(p, "namespace", None) == "households")
    names = {f"households:{p.name}" for p in resolver.url_patterns}
    assert names == set(PAGES) | set(POST_ONLY_PAGES)


@pytest.mark.parametrize("role", APP_ROLES)
@pytest.mark.parametrize("url_name", list(PAGES))
def test_role_gets_the_status_the_policy_table_gives_on_each_case_page(
    client, request, case_objects, url_name, role
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    if url_name == "households:reopen":
        case_objects["household"].phase = Phase.CLOSED
        case_objects["household"].closed_on = case_objects["household"].opened_on
        case_objects["household"].save()
    url = reverse(url_name, kwargs=PAGES[url_name](case_objects))
    assert client.get(url).status_code == expected_get(url_name, role)


@pytest.mark.parametrize("url_name", list(PAGES))
def test_anonymous_visitor_is_sent_to_login_from_every_case_page(client, case_objects, url_name):
    response = client.get(reverse(url_name, kwargs=PAGES[url_name](case_objects)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["other_bridge_builder", "rehousing_consultant", "actor_contact"])
def test_outsiders_cannot_change_a_case_by_posting(client, request, case_objects, role):
    client.force_login(request.getfixturevalue(role))
    household = case_objects["household"]
    response = client.post(
        reverse("households:journal_add", args=[household.pk]),
        {"kind": "home_visit", "occurred_on": "2026-01-01", "note": "indbrud"},
    )
    assert response.status_code in (403, 404)
    assert household.journal.count() == 1


def test_read_only_pages_refuse_other_methods(client, bridge_builder, household):
    client.force_login(bridge_builder)
    assert client.post(reverse("households:detail", args=[household.pk])).status_code == 405
    assert client.delete(reverse("households:edit", args=[household.pk])).status_code == 405


def test_caseload_lists_only_the_cases_in_the_users_scope(
    client, bridge_builder, other_bridge_builder, manager, household
):
    other = HouseholdFactory(bridge_builder=other_bridge_builder)
    client.force_login(bridge_builder)
    html = client.get(reverse("households:caseload")).content.decode()
    assert household.display_name in html and other.display_name not in html
    client.force_login(manager)
    html = client.get(reverse("households:caseload")).content.decode()
    assert household.display_name in html and other.display_name in html


def test_viewing_a_case_and_a_journal_entry_writes_access_log_rows(
    client, bridge_builder, case_objects
):
    household, entry = case_objects["household"], case_objects["entry"]
    client.force_login(bridge_builder)
    client.get(reverse("households:detail", args=[household.pk]))
    client.get(reverse("households:journal_detail", args=[household.pk, entry.pk]))
    client.post(reverse("households:caseload"), {"q": "Haddad"})

    rows = list(
        AccessLog.objects.order_by("at", "pk").values_list(
            "action", "target_type", "household_reference", "detail"
        )
    )
    assert rows == [
        ("view", "household", household.reference, ""),
        ("view", "journal_entry", household.reference, ""),
        ("search", "household", "", "Haddad"),
    ]
    assert all(log.user == bridge_builder for log in AccessLog.objects.all())


def test_refused_access_writes_no_access_log_row(client, other_bridge_builder, household):
    client.force_login(other_bridge_builder)
    client.get(reverse("households:detail", args=[household.pk]))
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("role", APP_ROLES)
@pytest.mark.parametrize("url_name", list(POST_ONLY_PAGES))
def test_bridge_actions_refuse_get_and_outsiders(client, request, case_objects, url_name, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse(url_name, kwargs=POST_ONLY_PAGES[url_name](case_objects))
    status = client.post(url, {"status": "ended"}).status_code
    assert status == expected_post(url_name, role)
    assert client.get(url).status_code == expected_get(url_name, role) == 405
