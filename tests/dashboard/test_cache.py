"""The dashboard's figures are cached for a few minutes per filter set (expiry only), and
long per-person tables show their largest rows with a link to the rest."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from brobygning.dashboard.figures import figures_html
from brobygning.dashboard.tasks import refresh_dashboard
from tests.dashboard.conftest import PERIOD
from tests.factories import HouseholdFactory, TeamFactory, UserFactory

INDEX = reverse("dashboard:index")
# The caseload table (whose total these tests read) is on the caseload section's page.
CASELOAD = {"section": "caseload"}


def open_cases(response):
    """The caseload table's total, as shown (linked for managers, plain for others)."""
    html = response.content.decode()
    return int(re.search(r'data-testid="caseload-total">(?:<a [^>]*>)?(\d+)<', html)[1])


def computed_at(response):
    return re.search(r'data-testid="dashboard-computed-at">([^<]*)<', response.content.decode())[1]


@pytest.fixture
def cached_for_five_minutes(settings):
    settings.BROBYGNING = {**settings.BROBYGNING, "DASHBOARD_CACHE_SECONDS": 300}


@pytest.mark.usefixtures("cached_for_five_minutes")
def test_figures_are_reused_until_they_expire(client, manager, bridge_builder, time_machine):
    HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)
    client.force_login(manager)
    first = client.get(INDEX, CASELOAD)
    HouseholdFactory.create_batch(2, bridge_builder=bridge_builder)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(INDEX, CASELOAD)
    time_machine.shift(timedelta(seconds=301))
    expired = client.get(INDEX, CASELOAD)

    assert (open_cases(first), open_cases(again), open_cases(expired)) == (6, 6, 8)
    assert computed_at(again) == computed_at(first)
    assert len(queries) < 12  # the page's own queries, none of the ~36 figure queries
    assert b'data-testid="dashboard-computed-at"' in again.content


@pytest.mark.usefixtures("cached_for_five_minutes")
def test_every_filter_has_figures_of_its_own(client, manager, bridge_builder, other_bridge_builder):
    HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)
    HouseholdFactory.create_batch(7, bridge_builder=other_bridge_builder)
    client.force_login(manager)

    everyone = client.get(INDEX, CASELOAD)
    one_team = client.get(INDEX, {**CASELOAD, "team": bridge_builder.team.pk})
    other_team = client.get(INDEX, {**CASELOAD, "team": other_bridge_builder.team.pk})
    shorter_period = client.get(INDEX, {**CASELOAD, "period_from": "2026-01-01"})

    assert [open_cases(r) for r in (everyone, one_team, other_team, shorter_period)] == [
        13,
        6,
        7,
        13,
    ]
    assert "Periode 1. jan. 2026" in shorter_period.content.decode()


@pytest.mark.usefixtures("cached_for_five_minutes")
def test_an_administrator_never_gets_the_managers_linked_figures(
    client, manager, administrator, bridge_builder
):
    HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)
    client.force_login(manager)
    assert b'data-testid="figure-link"' in client.get(INDEX, CASELOAD).content

    client.force_login(administrator)
    response = client.get(INDEX, CASELOAD)

    assert open_cases(response) == 6
    assert b'data-testid="figure-link"' not in response.content


@pytest.mark.usefixtures("cached_for_five_minutes")
def test_cached_figures_keep_to_the_language_they_are_shown_in(bridge_builder):
    HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)
    with translation.override("da"):
        danish = figures_html(PERIOD)
    with translation.override("en"):
        english = figures_html(PERIOD)

    assert "Sager" in danish and "Sager" not in english
    assert "Caseload" in english


def test_without_a_cache_period_every_request_computes_the_figures(
    client, manager, bridge_builder, settings
):
    settings.BROBYGNING = {**settings.BROBYGNING, "DASHBOARD_CACHE_SECONDS": 0}
    client.force_login(manager)
    client.get(INDEX, CASELOAD)
    HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)

    assert open_cases(client.get(INDEX, CASELOAD)) == 6


@pytest.fixture
def many_bridge_builders(db):
    team = TeamFactory(name="Team Stor")
    builders = [
        UserFactory(username=f"bb{n:02}", role="bridge_builder", team=team) for n in range(23)
    ]
    for rank, builder in enumerate(builders):
        HouseholdFactory.create_batch(1 + rank % 3, bridge_builder=builder)
    HouseholdFactory(bridge_builder=None)
    return builders


def test_the_caseload_table_shows_the_largest_twenty_and_links_to_all(
    client, manager, many_bridge_builders
):
    client.force_login(manager)

    top = client.get(INDEX, CASELOAD).content.decode()
    everyone = client.get(INDEX, {**CASELOAD, "rows": "all"}).content.decode()

    table = top[top.index('data-testid="caseload-table"') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="row" class="fw-normal">') == 20 + 1  # and "not assigned"
    assert 'data-testid="caseload-unassigned"' in table
    assert 'data-testid="all-rows-caseload"' in top
    assert "section=caseload&amp;rows=all" in top
    full = everyone[everyone.index('data-testid="caseload-table"') :]
    full = full[: full.index("</table>")]
    assert full.count('<th scope="row" class="fw-normal">') == 23 + 1
    assert 'data-testid="all-rows-caseload"' not in everyone


@pytest.mark.usefixtures("cached_for_five_minutes")
def test_the_beat_task_recomputes_the_default_figures_before_managers_ask(
    client, manager, bridge_builder
):
    client.force_login(manager)
    client.get(INDEX, CASELOAD)  # cached: no cases yet
    HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)

    refresh_dashboard()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX, CASELOAD)

    assert open_cases(response) == 6
    assert len(queries) < 12


@pytest.mark.usefixtures("cached_for_five_minutes")
def test_a_new_period_reuses_todays_counts_and_says_when_they_were_made(
    client, manager, bridge_builder, time_machine
):
    HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)
    client.force_login(manager)
    first = client.get(INDEX, CASELOAD)
    HouseholdFactory.create_batch(2, bridge_builder=bridge_builder)
    time_machine.shift(timedelta(minutes=2))

    with CaptureQueriesContext(connection) as queries:
        other_period = client.get(INDEX, {**CASELOAD, "period_from": "2026-01-01"})

    # Open cases are how things stand today, whatever the period: counted once, reused.
    assert open_cases(other_period) == 6
    assert not any("households_household" in q["sql"] and "GROUP BY" in q["sql"] for q in queries)
    assert computed_at(other_period) == computed_at(first)
    assert "Periode 1. jan. 2026" in other_period.content.decode()


@pytest.mark.usefixtures("cached_for_five_minutes")
def test_todays_counts_are_made_again_for_another_team_and_after_they_expire(
    client, manager, bridge_builder, other_bridge_builder, time_machine
):
    HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)
    client.force_login(manager)
    client.get(INDEX, CASELOAD)
    HouseholdFactory.create_batch(2, bridge_builder=bridge_builder)
    HouseholdFactory.create_batch(3, bridge_builder=other_bridge_builder)

    one_team = client.get(INDEX, {**CASELOAD, "team": bridge_builder.team.pk})
    time_machine.shift(timedelta(seconds=301))
    expired = client.get(INDEX, {**CASELOAD, "period_from": "2026-01-01"})

    assert open_cases(one_team) == 8
    assert open_cases(expired) == 11


@pytest.mark.usefixtures("cached_for_five_minutes")
def test_the_beat_task_counts_todays_figures_afresh(client, manager, bridge_builder):
    client.force_login(manager)
    client.get(INDEX, {**CASELOAD, "period_from": "2026-01-01"})  # today's counts: none
    HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)

    refresh_dashboard()

    assert open_cases(client.get(INDEX, {**CASELOAD, "period_from": "2026-02-01"})) == 6
