"""Search finds a case by reference, name, a member's first name and old or new address,
closed cases included and marked; the box is in the top bar; the term never enters a URL."""

import pytest
from django.urls import reverse
from django.utils import timezone

from households.models import Phase
from tests.factories import HouseholdFactory, MemberFactory, MoveFactory

pytestmark = pytest.mark.django_db


def search(client, term):
    url = reverse("households:caseload")
    response = client.post(url, {"q": term, "include_closed": "on"})
    assert response.status_code == 303
    assert term not in response["Location"]
    return client.get(response["Location"])


@pytest.fixture
def haddad(bridge_builder):
    household = HouseholdFactory(
        bridge_builder=bridge_builder,
        display_name="Familien Haddad",
        origin_address="Granparken 12, 5240 Odense NØ",
    )
    MemberFactory(household=household, first_name="Samira")
    MoveFactory(household=household, new_address="Kongensgade 40, 5000 Odense C")
    HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Jensen")
    return household


@pytest.mark.parametrize("term", ["Haddad", "samira", "Granparken 12", "Kongensgade 40"])
def test_search_finds_the_case_by_name_member_and_old_or_new_address(
    client, bridge_builder, haddad, term
):
    client.force_login(bridge_builder)
    found = list(search(client, term).context["page"].object_list)
    assert found == [haddad]


def test_search_finds_the_case_by_reference(client, bridge_builder, haddad):
    client.force_login(bridge_builder)
    assert list(search(client, haddad.reference).context["page"].object_list) == [haddad]


def test_closed_cases_are_found_and_marked(client, bridge_builder, haddad):
    haddad.phase = Phase.CLOSED
    haddad.closed_on = timezone.localdate()
    haddad.save()
    client.force_login(bridge_builder)
    response = search(client, "Samira")
    assert list(response.context["page"].object_list) == [haddad]
    assert "Afsluttet" in response.content.decode()


def test_search_stays_inside_what_the_user_may_see(client, other_bridge_builder, haddad):
    client.force_login(other_bridge_builder)
    assert list(search(client, "Samira").context["page"].object_list) == []


def test_search_box_is_in_the_top_bar_for_case_roles_only(
    client, bridge_builder, rehousing_consultant, haddad
):
    client.force_login(bridge_builder)
    html = client.get(reverse("notifications")).content.decode()
    assert 'data-testid="top-search"' in html
    assert f'action="{reverse("households:caseload")}"' in html
    client.force_login(rehousing_consultant)
    assert 'data-testid="top-search"' not in client.get(reverse("notifications")).content.decode()


def test_search_runs_a_fixed_number_of_queries(
    client, bridge_builder, haddad, django_assert_max_num_queries
):
    for _ in range(5):
        MemberFactory(household=HouseholdFactory(bridge_builder=bridge_builder))
    client.force_login(bridge_builder)
    url = client.post(reverse("households:caseload"), {"q": "Samira"})["Location"]
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
