"""Who may open which dashboard page: every URL × every role, forbidden cells included, as
the one policy table (tests/policy.py) gives them."""

import pytest
from django.urls import reverse

from brobygning.core.models import AccessLog
from tests.policy import APP_ROLES, URL_POLICY, expected_get

# url name → (kwargs, query) of one request to it.
PAGES = {
    "dashboard:index": ({}, {}),
    "dashboard:cases": ({}, {"figure": "open"}),
    "dashboard:export_figures": ({"fmt": "csv"}, {}),
    "dashboard:export_shared_figures": ({"fmt": "csv"}, {}),
    "dashboard:export_cases": ({"fmt": "xlsx"}, {"figure": "open"}),
}
# The pages that name cases, not only count them: the policy table refuses them to
# administrators, who read the figures.
CASE_PAGES = {name for name in PAGES if expected_get(name, "administrator") == 403}


def url_for(url_name):
    kwargs, query = PAGES[url_name]
    return reverse(url_name, kwargs=kwargs), query


def test_every_dashboard_url_is_in_the_access_matrix():
    from brobygning.urls import urlpatterns

    resolver = next(p for p in urlpatterns if getattr(p, "namespace", None) == "dashboard")
    names = {f"dashboard:{p.name}" for p in resolver.url_patterns}
    assert names == set(PAGES)


def test_case_pages_are_the_ones_for_managers_only():
    assert CASE_PAGES == {"dashboard:cases", "dashboard:export_cases"}


@pytest.mark.parametrize("role", APP_ROLES)
@pytest.mark.parametrize("url_name", list(PAGES))
def test_role_gets_the_status_the_policy_table_gives_on_each_dashboard_page(
    client, request, url_name, role
):
    client.force_login(request.getfixturevalue(role))
    url, query = url_for(url_name)
    assert client.get(url, query).status_code == expected_get(url_name, role)


@pytest.mark.parametrize("url_name", list(PAGES))
def test_anonymous_visitor_is_sent_to_login_from_every_dashboard_page(client, db, url_name):
    url, query = url_for(url_name)
    response = client.get(url, query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", list(PAGES))
def test_dashboard_pages_refuse_to_be_posted_to(client, manager, url_name):
    assert "POST" not in URL_POLICY[url_name].methods
    client.force_login(manager)
    url, query = url_for(url_name)
    assert client.post(url, query).status_code == 405


@pytest.mark.parametrize("fmt", ["pdf", "csv.exe", "CSV"])
def test_an_unknown_export_format_is_not_found(client, manager, fmt):
    client.force_login(manager)
    assert client.get(f"/oversigt/eksport/tal.{fmt}").status_code == 404


@pytest.mark.parametrize(
    "role",
    [role for role in APP_ROLES if all(expected_get(name, role) != 200 for name in CASE_PAGES)],
)
def test_refused_case_lists_write_no_access_log_row(client, request, role):
    client.force_login(request.getfixturevalue(role))
    for url_name in CASE_PAGES:
        url, query = url_for(url_name)
        client.get(url, query)
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("role", APP_ROLES)
def test_the_dashboard_is_in_the_menu_of_the_roles_that_may_open_it(client, request, role):
    url = reverse("dashboard:index")
    client.force_login(request.getfixturevalue(role))
    shown = f'href="{url}"' in client.get(reverse("home")).content.decode()
    assert shown is (expected_get("dashboard:index", role) == 200)
