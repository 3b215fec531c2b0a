"""The manager's dashboard in real Chromium, on a phone: filter, then follow a figure."""

import io
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from brobygning.core.models import AccessLog, User
from brobygning.core.roles import Role
from households.models import Household
from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in
from tests.dashboard import datasets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_filters_by_receiving_area_and_follows_a_figure_to_the_cases_behind_it(
    page, manager, bridge_builder
):
    areas = datasets.receiving_areas(
        bridge_builder, moved_on=timezone.localdate() - timedelta(days=30)
    )
    bolbro = areas["bolbro"]
    log_in(page, manager)

    page.goto(reverse("dashboard:index"))
    expect(page.get_by_test_id("section-overview")).to_be_visible()
    page.get_by_test_id("section-link-caseload").click()
    expect(page.get_by_test_id("section-caseload")).to_be_visible()
    assert page.get_by_test_id("section-link-caseload").get_attribute("aria-current") == "page"
    page.get_by_test_id("section-link-areas").click()
    expect(page.get_by_test_id("chart-areas").locator("svg[role=img]")).to_be_visible()
    assert_no_serious_accessibility_violations(page)

    # On a phone the filters and exports are folded away until asked for.
    filters = page.get_by_test_id("dashboard-filters")
    expect(filters).to_be_hidden()
    expect(page.get_by_test_id("figure-exports")).to_be_hidden()
    toggle = page.get_by_test_id("dashboard-tools-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    expect(filters).to_be_visible()
    expect(page.get_by_test_id("figure-exports")).to_be_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    filters.locator("#id_receiving_area").select_option(str(bolbro.pk))
    filters.get_by_test_id("filter-submit").click()
    page.wait_for_load_state()

    query = parse_qs(urlparse(page.url).query)
    assert query["receiving_area"] == [str(bolbro.pk)]
    assert query["section"] == ["areas"]  # the filters keep to the section shown
    rows = page.get_by_test_id("areas-table").locator("tbody tr")
    assert rows.count() == 1
    assert_no_serious_accessibility_violations(page)

    row = page.get_by_test_id(f"area-row-{bolbro.pk}")
    assert row.get_by_test_id("figure-link").first.inner_text() == "8"
    row.get_by_test_id("figure-link").first.click()
    page.wait_for_load_state()

    assert urlparse(page.url).path == reverse("dashboard:cases")
    assert page.get_by_test_id("cases-count").get_attribute("data-count") == "8"
    listed = page.get_by_test_id("cases-list").locator("[data-reference]")
    references = {listed.nth(i).get_attribute("data-reference") for i in range(listed.count())}
    assert references == set(
        Household.objects.filter(receiving_area=bolbro).values_list("reference", flat=True)
    )
    assert_no_serious_accessibility_violations(page)
    assert AccessLog.objects.filter(user=manager, target_type="dashboard_cases").count() == 1
    assert page.console_errors == []


def test_bad_filters_show_a_message_in_the_browser(page, manager):
    log_in(page, manager)

    page.goto(reverse("dashboard:index") + "?period_from=2026-03-01&period_to=2026-01-01")

    expect(page.get_by_test_id("filter-errors")).to_be_visible()
    expect(page.get_by_test_id("dashboard-filters")).to_be_visible()  # unfolded to correct
    assert_no_serious_accessibility_violations(page)


def test_the_demo_dashboard_answers_are_we_ok_on_the_first_screen_at_1366_px(new_page, tmp_path):
    """The demo programme on a laptop: headline figures and the three overview charts fit
    the first screen, counts are exact, and the export for sharing is marked as such."""
    for role in Role:  # a transactional test before this one flushed the migration's groups
        Group.objects.get_or_create(name=role)
    call_command("seed_demo", stdout=io.StringIO())
    page = new_page(viewport={"width": 1366, "height": 768})
    log_in(page, User.objects.get(username="leder"), password="demo")

    page.goto(reverse("dashboard:index"))
    shots = Path(os.environ.get("BROBYGNING_SCREENSHOT_DIR", tmp_path))
    page.screenshot(path=shots / "dashboard-demo-1366.png")
    page.screenshot(path=shots / "dashboard-demo-1366-full.png", full_page=True)

    headlines = page.get_by_test_id("headlines").bounding_box()
    assert headlines["y"] + headlines["height"] <= 768
    for chart in ("chart-flow", "chart-delays", "chart-phase-stack"):
        box = page.get_by_test_id(chart).locator("svg").bounding_box()
        assert box["y"] < 768 - 100, chart  # most of each chart on the first screen
    visit = page.get_by_test_id("headline-visit")
    assert " af " in visit.get_by_test_id("headline-detail").inner_text()
    assert "< 5" not in page.get_by_test_id("section-overview").inner_text()
    visit.get_by_text("Definition").click()
    expect(visit.get_by_test_id("headline-definition")).to_be_visible()
    exports = page.get_by_test_id("figure-exports").inner_text()
    assert "Til deling uden for teamet" in exports
    assert_no_serious_accessibility_violations(page)
    assert page.console_errors == []
