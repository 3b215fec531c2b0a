"""The cases behind a figure: as many as the figure counts, for managers, access-logged."""

import dataclasses

import pytest
from django.http import QueryDict
from django.urls import reverse

from brobygning.core.models import AccessLog
from brobygning.core.suppression import Cell, Share
from brobygning.dashboard import selectors
from brobygning.dashboard.forms import CaseListForm, Figure
from tests.dashboard import datasets
from tests.dashboard.conftest import PERIOD, TODAY
from tests.factories import HouseholdFactory

CASES = reverse("dashboard:cases")


def linked_figures(data):
    """Every (figure, expected count) on the dashboard that links to a case list."""
    found = []

    def walk(value):
        if isinstance(value, Cell | Share):
            if value.link:
                found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))

    walk(data)
    return found


@pytest.fixture
def everything(bridge_builder, teammate, other_bridge_builder):
    datasets.caseload(bridge_builder, teammate, other_bridge_builder)
    datasets.referrals(bridge_builder)
    datasets.phases(bridge_builder)
    datasets.post_move_visits(bridge_builder)
    datasets.closures(bridge_builder)
    datasets.needs(bridge_builder)
    datasets.receiving_areas(bridge_builder)
    datasets.bridges_used(bridge_builder)
    datasets.pending_requests(bridge_builder)
    datasets.referral_bridges(bridge_builder)


def test_every_linked_figure_lists_exactly_as_many_cases_as_it_counts(everything, manager):
    data = selectors.dashboard(PERIOD, TODAY)
    figures = linked_figures(data)
    assert {QueryDict(f.query)["figure"] for f in figures} == {value for value, _ in Figure.choices}

    checked = 0
    for figure in figures:
        form = CaseListForm(QueryDict(figure.query), user=manager)
        assert form.is_valid(), (figure.query, form.errors)
        if form.cell["figure"] == Figure.OVERDUE_FOLLOWUPS:
            continue  # counts follow-ups, not households (see the next test)
        expected = figure.part if isinstance(figure, Share) else figure.count
        listed = selectors.cases_behind(manager, form.cell, form.filters, TODAY).count()
        assert listed == expected, figure.query
        checked += 1
    assert checked > 60


def test_overdue_follow_ups_link_to_the_households_that_have_them(
    bridge_builder, teammate, other_bridge_builder, manager
):
    own = datasets.caseload(bridge_builder, teammate, other_bridge_builder)
    row = selectors.caseload(PERIOD, TODAY)["rows"][0]
    form = CaseListForm(QueryDict(row.overdue.query), user=manager)
    assert form.is_valid()

    listed = selectors.cases_behind(manager, form.cell, form.filters, TODAY)

    assert row.overdue.count == 7
    assert set(listed) == set(own)  # 7 follow-ups on 6 households


def test_the_case_list_shows_the_households_behind_a_caseload_cell(
    client, manager, bridge_builder, teammate, other_bridge_builder
):
    datasets.caseload(bridge_builder, teammate, other_bridge_builder)
    cell = selectors.caseload(PERIOD, TODAY)["rows"][0].cells[0]
    client.force_login(manager)

    response = client.get(f"{CASES}?{cell.query}")

    assert response.status_code == 200
    households = list(response.context["page"].object_list)
    assert len(households) == 6
    assert {h.bridge_builder for h in households} == {bridge_builder}
    assert {h.phase for h in households} == {"1_first_contact"}
    html = response.content.decode()
    for household in households:
        assert reverse("households:detail", args=[household.pk]) in html
        assert reverse("households:assign", args=[household.pk]) in html


def test_viewing_a_case_list_writes_an_access_log_row(client, manager, bridge_builder):
    HouseholdFactory.create_batch(2, bridge_builder=bridge_builder)
    client.force_login(manager)

    client.get(CASES, {"figure": "open", "phase": "1_first_contact"})

    log = AccessLog.objects.get()
    assert (log.user, log.action, log.target_type) == (manager, "view", "dashboard_cases")
    assert "figure=open" in log.detail and "phase=1_first_contact" in log.detail


def test_a_long_case_list_is_paged(client, manager, bridge_builder, settings):
    settings.BROBYGNING = {**settings.BROBYGNING, "CASELOAD_PAGE_SIZE": 5}
    HouseholdFactory.create_batch(7, bridge_builder=bridge_builder)
    client.force_login(manager)

    second = client.get(CASES, {"figure": "open", "side": 2})

    assert second.status_code == 200
    assert len(second.context["page"].object_list) == 2
    assert "figure=open" in second.context["query"]


def test_unassigned_cases_are_listed_by_the_unassigned_cell(client, manager, bridge_builder):
    HouseholdFactory(bridge_builder=bridge_builder)
    loose = HouseholdFactory(bridge_builder=None)
    client.force_login(manager)

    response = client.get(CASES, {"figure": "open", "unassigned": "on"})

    assert list(response.context["page"].object_list) == [loose]


def test_figures_link_to_cases_for_managers_but_not_for_administrators(
    client, manager, administrator, bridge_builder
):
    HouseholdFactory.create_batch(5, bridge_builder=bridge_builder)

    client.force_login(manager)
    caseload = {"section": "caseload"}
    managers_page = client.get(reverse("dashboard:index"), caseload).content.decode()
    client.force_login(administrator)
    administrators_page = client.get(reverse("dashboard:index"), caseload).content.decode()

    assert 'data-testid="figure-link"' in managers_page
    assert CASES not in administrators_page


def test_a_pending_request_cell_lists_the_households_waiting_at_that_actor_that_long(
    client, manager, bridge_builder
):
    places = datasets.pending_requests(bridge_builder)
    row = next(r for r in selectors.bridges(PERIOD, TODAY)["pending"] if r.key == places["ngo"].pk)
    client.force_login(manager)

    response = client.get(f"{CASES}?{row.ages[3].query}")

    assert response.status_code == 200
    households = list(response.context["page"].object_list)
    assert len(households) == 2
    assert {b.support_offer for h in households for b in h.bridges.all()} == {places["homework"]}
    assert response.context["cell"]["actor"] == places["ngo"]
    assert response.context["age_label"]


def test_the_referrals_bridged_cell_lists_only_households_with_a_confirmed_bridge(
    manager, bridge_builder
):
    households = datasets.referral_bridges(bridge_builder)
    share = selectors.bridges(PERIOD, TODAY)["referrals_bridged"]
    form = CaseListForm(QueryDict(share.query), user=manager)
    assert form.is_valid()

    listed = selectors.cases_behind(manager, form.cell, form.filters, TODAY)

    assert set(listed) == set(households[:5])


@pytest.mark.parametrize(
    "query",
    [
        {"figure": "bridges_used", "support_offer": "999999999"},
        {"figure": "pending_requests", "actor": "x"},
        {"figure": "pending_requests", "age": "9"},
    ],
)
def test_unknown_bridge_cell_parameters_answer_400(client, manager, query):
    client.force_login(manager)

    assert client.get(CASES, query).status_code == 400


def test_a_drill_down_is_titled_by_its_sub_filter_too(client, manager):
    client.force_login(manager)

    whole = client.get(CASES, {"figure": "post_move_visit"})
    offered = client.get(CASES, {"figure": "post_move_visit", "answer": "offered"})

    title = 'data-testid="cases-title">'
    whole_title = whole.content.decode().split(title, 1)[1].split("<", 1)[0]
    offered_title = offered.content.decode().split(title, 1)[1].split("<", 1)[0]
    assert "Besøg tilbudt" not in whole_title
    assert offered_title == f"{whole_title} – Besøg tilbudt"
