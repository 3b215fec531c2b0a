"""Who may open which dashboard page: every URL × every role, forbidden cells included."""

import pytest
from django.urls import reverse

from brobygning.core.models import AccessLog

# url name → (kwargs, query) of one request to it.
PAGES = {
    "dashboard:index": ({}, {}),
    "dashboard:cases": ({}, {"figure": "open"}),
    "dashboard:export_figures": ({"fmt": "csv"}, {}),
    "dashboard:export_shared_figures": ({"fmt": "csv"}, {}),
    "dashboard:export_cases": ({"fmt": "xlsx"}, {"figure": "open"}),
}
# Figures for managers and administrators; cases (names) for managers only.
CASE_PAGES = {"dashboard:cases", "dashboard:export_cases"}

ROLE_STATUS = {
    "manager": 200,
    "administrator": 200,
    "bridge_builder": 403,
    "rehousing_consultant": 403,
    "actor_contact": 403,
}


def expected_status(url_name, role):
    if url_name in CASE_PAGES and role == "administrator":
        return 403
    return ROLE_STATUS[role]


def url_for(url_name):
    kwargs, query = PAGES[url_name]
    return reverse(url_name, kwargs=kwargs), query


def test_every_dashboard_url_is_in_the_access_matrix():
    from brobygning.urls import urlpatterns

    resolver = next(p for p in urlpatterns if getattr(p, "namespace", None) == "dashboard")
    names = {f"dashboard:{p.name}" for p in resolver.url_patterns}
    assert names == set(PAGES)


@pytest.mark.parametrize("role", list(ROLE_STATUS))
@pytest.mark.parametrize("url_name", list(PAGES))
def test_role_gets_the_expected_status_on_each_dashboard_page(client, request, url_name, role):
    client.force_login(request.getfixturevalue(role))
    url, query = url_for(url_name)
    assert client.get(url, query).status_code == expected_status(url_name, role)


@pytest.mark.parametrize("url_name", list(PAGES))
def test_anonymous_visitor_is_sent_to_login_from_every_dashboard_page(client, db, url_name):
    url, query = url_for(url_name)
    response = client.get(url, query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", list(PAGES))
def test_dashboard_pages_refuse_to_be_posted_to(client, manager, url_name):
    client.force_login(manager)
    url, query = url_for(url_name)
    assert client.post(url, query).status_code == 405


@pytest.mark.parametrize("fmt", ["pdf", "csv.exe", "CSV"])
def test_an_unknown_export_format_is_not_found(client, manager, fmt):
    client.force_login(manager)
    assert client.get(f"/oversigt/eksport/tal.{fmt}").status_code == 404


@pytest.mark.parametrize("role", ["administrator", "bridge_builder", "actor_contact"])
def test_refused_case_lists_write_no_access_log_row(client, request, role):
    client.force_login(request.getfixturevalue(role))
    for url_name in CASE_PAGES:
        url, query = url_for(url_name)
        client.get(url, query)
    assert not AccessLog.objects.exists()


def test_only_managers_and_administrators_see_the_dashboard_in_the_menu(
    client, manager, administrator, bridge_builder
):
    url = reverse("dashboard:index")
    for user, shown in [(manager, True), (administrator, True), (bridge_builder, False)]:
        client.force_login(user)
        assert (f'href="{url}"' in client.get(reverse("home")).content.decode()) is shown
