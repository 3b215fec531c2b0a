"""Filters narrow the figures; bad input gets a clear message (400), never a server error."""

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse

from brobygning.dashboard.forms import CaseListForm, DashboardFilterForm, default_period
from tests.dashboard import datasets
from tests.dashboard.conftest import TODAY
from tests.factories import AreaFactory, HouseholdFactory, TeamFactory, UserFactory

INDEX = reverse("dashboard:index")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_without_filters_the_period_is_the_last_twelve_whole_months(manager_client):
    response = manager_client.get(INDEX)

    assert response.status_code == 200
    filters = response.context["data"]["filters"]
    assert (filters.date_from, filters.date_to) == (date(2025, 4, 1), TODAY)
    assert default_period(date(2026, 1, 31)) == (date(2025, 2, 1), date(2026, 1, 31))


def test_without_filters_the_date_fields_show_the_period_the_figures_are_for(manager_client):
    response = manager_client.get(INDEX)

    html = response.content.decode()
    assert 'name="period_from" value="2025-04-01"' in html
    assert 'name="period_to" value="2026-03-16"' in html


@pytest.mark.parametrize("query", [{}, {"period_to": "2025-06-30"}, {"period_from": "2025-02-01"}])
def test_the_date_fields_are_the_markup_crispy_forms_writes_for_them(manager_client, query):
    """The page writes the two valid date inputs itself (faster); it must stay what crispy
    would write, so the form looks and behaves like every other form."""
    response = manager_client.get(INDEX, query)
    form = response.context["form"]
    crispy = Template(
        "{% load crispy_forms_tags %}"
        '<div class="col-6 col-md-2">{{ form.period_from|as_crispy_field }}</div>'
        '<div class="col-6 col-md-2">{{ form.period_to|as_crispy_field }}</div>'
    ).render(Context({"form": form}))

    def tags(html):
        return re.sub(r"\s+", " ", re.sub(r"\s*(<|>)\s*", r"\1", html)).strip()

    assert tags(crispy) in tags(response.content.decode())


def test_only_an_end_gives_the_twelve_months_before_it(manager_client):
    response = manager_client.get(INDEX, {"period_to": "2025-06-30"})

    filters = response.context["data"]["filters"]
    assert (filters.date_from, filters.date_to) == (date(2024, 7, 1), date(2025, 6, 30))


BAD_FILTERS = {
    "inverted period": {"period_from": "2026-03-01", "period_to": "2026-01-01"},
    "start in year 1": {"period_from": "0001-01-01"},
    "end far ahead": {"period_to": "9999-12-31"},
    "more than five years": {"period_from": "2010-01-01", "period_to": "2026-01-01"},
    "garbage date": {"period_from": "last tuesday"},
    "impossible date": {"period_from": "2026-02-30"},
    "garbage team": {"team": "Team Nord"},
    "unknown team": {"team": "999999"},
    "negative id": {"origin_area": "-1"},
    "overflowing id": {"origin_area": "99999999999999999999999999"},
    "unknown receiving area": {"receiving_area": "424242"},
    "sql in an id": {"receiving_area": "1 OR 1=1"},
    "nul byte": {"team": "1\x00"},
}


@pytest.mark.parametrize("query", BAD_FILTERS.values(), ids=BAD_FILTERS.keys())
def test_bad_filters_answer_400_with_a_message_and_no_figures(manager_client, query):
    response = manager_client.get(INDEX, query)

    assert response.status_code == 400
    assert b'data-testid="filter-errors"' in response.content
    assert response.context["form"].errors
    assert "data" not in response.context
    assert b'data-testid="section-caseload"' not in response.content


@pytest.mark.parametrize("query", BAD_FILTERS.values(), ids=BAD_FILTERS.keys())
def test_bad_filters_on_case_lists_and_exports_answer_400(manager_client, query):
    for url in [
        reverse("dashboard:cases"),
        reverse("dashboard:export_figures", args=["csv"]),
        reverse("dashboard:export_cases", args=["csv"]),
    ]:
        assert manager_client.get(url, {"figure": "open", **query}).status_code == 400


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"period_from": "2026-03-01", "period_to": "2026-01-01"}, "period_inverted"),
        ({"period_from": "1999-12-31"}, "period_too_early"),
        ({"period_to": "2027-12-31"}, "period_too_late"),
        ({"period_from": "2020-01-01", "period_to": "2025-03-01"}, "period_too_long"),
    ],
)
def test_each_bad_period_gets_its_own_message(manager_client, query, code):
    form = manager_client.get(INDEX, query).context["form"]
    assert [error.code for error in form.non_field_errors().as_data()] == [code]


def test_a_transformation_area_is_not_a_receiving_area_filter(manager_client):
    only_leaving = AreaFactory(name="Vollsmose", is_receiving_area=False)

    response = manager_client.get(INDEX, {"receiving_area": only_leaving.pk})

    assert response.status_code == 400
    assert "receiving_area" in response.context["form"].errors


BAD_CELLS = {
    "no figure": {},
    "unknown figure": {"figure": "salaries"},
    "unknown phase": {"figure": "open", "phase": "9_party"},
    "unknown answer": {"figure": "post_move_visit", "answer": "maybe"},
    "unknown criterion": {"figure": "closed", "criterion": "is_happy"},
    "garbage bridge-builder": {"figure": "open", "bridge_builder": "x"},
    "unknown bridge-builder": {"figure": "open", "bridge_builder": "987654"},
    "unknown need": {"figure": "needs", "category": "yachts"},
    "unknown scope": {"figure": "moved", "scope": "abroad"},
}


@pytest.mark.parametrize("query", BAD_CELLS.values(), ids=BAD_CELLS.keys())
def test_bad_case_list_parameters_answer_400(manager_client, query):
    response = manager_client.get(reverse("dashboard:cases"), query)

    assert response.status_code == 400
    assert b'data-testid="filter-errors"' in response.content


def test_team_filter_narrows_every_section_to_the_team(
    manager_client, bridge_builder, other_bridge_builder, other_team
):
    HouseholdFactory.create_batch(5, bridge_builder=bridge_builder)
    HouseholdFactory.create_batch(6, bridge_builder=other_bridge_builder)

    everyone = manager_client.get(INDEX).context["data"]
    team = manager_client.get(INDEX, {"team": other_team.pk}).context["data"]

    assert everyone["caseload"]["total"].count == 11
    assert team["caseload"]["total"].count == 6
    assert team["filters"].team == other_team


def test_receiving_area_filter_narrows_the_figures_to_households_moving_there(
    manager_client, bridge_builder
):
    areas = datasets.receiving_areas(bridge_builder)

    query = {"receiving_area": areas["bolbro"].pk}
    areas_section = manager_client.get(INDEX, {**query, "section": "areas"}).context["data"]
    data = manager_client.get(INDEX, query).context["data"]

    assert areas_section["areas"]["total"].count == 8
    assert data["caseload"]["total"].count == 8  # households with Bolbro as receiving area


def test_the_team_choices_are_the_teams_the_user_may_filter(manager, bridge_builder, db):
    TeamFactory(name="Team Øst")
    manager_form = DashboardFilterForm({}, user=manager)
    builder_form = DashboardFilterForm({}, user=bridge_builder)

    assert {team.name for team in manager_form.fields["team"].queryset} >= {"Team Nord", "Team Øst"}
    assert not builder_form.fields["team"].queryset.exists()


def test_a_team_outside_the_users_choices_is_an_unknown_id(bridge_builder, db):
    team = TeamFactory(name="Team Vest")
    form = DashboardFilterForm({"team": team.pk}, user=bridge_builder)
    assert not form.is_valid()
    assert "team" in form.errors


def test_case_list_cell_parameters_are_normalised(manager, db):
    builder = UserFactory(username="bb2")
    form = CaseListForm(
        {"figure": "open", "bridge_builder": builder.pk, "phase": "4_bridging", "met": "on"},
        user=manager,
    )

    assert form.is_valid(), form.errors
    assert form.cell == {
        "figure": "open",
        "bridge_builder": builder,
        "phase": "4_bridging",
        "met": True,
    }
    assert form.cell_query() == {
        "figure": "open",
        "bridge_builder": builder.pk,
        "phase": "4_bridging",
        "met": "on",
    }
