"""Each demo role's start page in a real browser: screenshots at 1366 and 390 px, no serious
accessibility violation, the navigation on one line at 1280 px, links that lead to where the
work is done, and on a phone the case list and "Registrér kontakt" without the burger."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from brobygning.core.models import User
from brobygning.core.roles import Role
from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo"
DESKTOP, NAV_MIN, PHONE = (
    {"width": 1366, "height": 900},
    {"width": 1280, "height": 800},
    {"width": 390, "height": 844},
)
ROLES = ["brobygger", "genhusning", "kommune", "leder", "admin"]


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("BROBYGNING_DEMO_PASSWORD", DEMO_PASSWORD)
    # A transactional test empties the tables, the roles made by a data migration too.
    for role in Role:
        Group.objects.get_or_create(name=role)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    return {name: User.objects.get(username=name) for name in ROLES}


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("BROBYGNING_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start(new_page, user, viewport):
    page = new_page(viewport=viewport)
    log_in(page, user, password=DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "Dit arbejde"
    return page


@pytest.mark.parametrize("username", ROLES)
def test_start_page_at_desktop_and_phone_width_is_accessible(new_page, demo, shots, username):
    for label, viewport in (("1366", DESKTOP), ("390", PHONE)):
        page = start(new_page, demo[username], viewport)
        page.screenshot(path=shots / f"start-{username}-{label}.png", full_page=True)
        assert_no_serious_accessibility_violations(page)
        # Nothing wider than the screen: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert page.console_errors == []


@pytest.mark.parametrize("username", ROLES)
def test_navigation_fits_on_one_line_at_1280_px(new_page, demo, username):
    page = start(new_page, demo[username], NAV_MIN)
    links = page.locator("#main-nav .nav-link")
    assert 1 <= links.count()
    tops = {round(box["y"]) for box in (link.bounding_box() for link in links.all())}
    assert len(tops) == 1, f"the navigation wraps: {tops}"
    for link in links.all():
        assert link.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    menu = page.get_by_test_id("user-menu").bounding_box()
    assert menu["x"] + menu["width"] <= NAV_MIN["width"]
    assert page.locator('#main-nav [aria-current="page"]').inner_text() == "Forside"


def test_bridge_builders_items_lead_to_the_follow_up_the_referral_and_the_case(new_page, demo):
    page = start(new_page, demo["brobygger"], DESKTOP)
    page.get_by_test_id("queue-overdue").get_by_role("link").first.click()
    expect(page.get_by_role("button", name="Udført")).to_be_visible()
    page.go_back()
    page.get_by_test_id("queue-inbox").get_by_role("link", name="Familien Warsame").click()
    assert page.locator("h1").inner_text() == "Familien Warsame"
    expect(page.get_by_role("button", name="Acceptér og opret sag")).to_be_visible()
    page.go_back()
    page.get_by_test_id("queue-no_contact").get_by_role("link").first.click()
    expect(page.get_by_role("link", name="Registrér kontakt").first).to_be_visible()


def test_rehousing_consultant_answers_the_question_from_the_start_page(new_page, demo):
    page = start(new_page, demo["genhusning"], DESKTOP)
    page.get_by_test_id("queue-info_requested").get_by_role("link", name="Familien Omar").click()
    assert page.locator("h1").inner_text() == "Familien Omar"
    expect(page.get_by_text("Har familien allerede en sagsbehandler")).to_be_visible()
    page.go_back()
    page.get_by_test_id("refer-household").click()
    expect(page.get_by_label("Husstandens navn")).to_be_visible()


def test_actor_contact_opens_the_oldest_request_to_answer_it(new_page, demo):
    page = start(new_page, demo["kommune"], DESKTOP)
    pending = page.get_by_test_id("queue-pending")
    assert "Venter i 10 dage" in pending.inner_text()
    pending.get_by_role("link").first.click()
    expect(page.get_by_role("button", name="Send svar")).to_be_visible()


def test_manager_assigns_the_unassigned_case_from_the_start_page(new_page, demo):
    page = start(new_page, demo["leder"], DESKTOP)
    assert "Hr. Bashir" in page.get_by_test_id("queue-late_referrals").inner_text()
    page.get_by_test_id("queue-unassigned").get_by_role("link").first.click()
    expect(page.get_by_label("Brobygger")).to_be_visible()


def test_administrator_opens_the_locked_out_user(new_page, demo):
    page = start(new_page, demo["admin"], DESKTOP)
    page.get_by_test_id("queue-locked").get_by_role("link", name="vikar").click()
    page.wait_for_load_state()
    assert "/admin/axes/accessattempt/" in page.url
    expect(page.get_by_text("vikar").first).to_be_visible()


def test_on_a_phone_the_case_list_and_log_contact_need_no_burger(new_page, demo):
    page = start(new_page, demo["brobygger"], PHONE)
    expect(page.locator(".navbar-toggler")).to_be_visible()
    expect(page.locator("#main-nav")).to_be_hidden()
    page.get_by_test_id("cases-shortcut").click()
    page.get_by_role("link", name="Familien Haddad").click()
    log_contact = page.get_by_role("link", name="Registrér kontakt").first
    expect(log_contact).to_be_visible()
    assert log_contact.bounding_box()["y"] < PHONE["height"]


def test_a_journal_draft_not_saved_is_listed_on_the_start_page_and_leads_back(new_page, demo):
    page = start(new_page, demo["brobygger"], PHONE)
    expect(page.get_by_test_id("queue-local_drafts")).to_be_hidden()
    haddad = demo["brobygger"].households.get(display_name="Familien Haddad")
    page.goto(f"/sager/{haddad.pk}/journal/ny/")
    page.get_by_label("Notat").fill("Halvt skrevet notat fra besøget")
    page.goto("/")
    drafts = page.get_by_test_id("queue-local_drafts")
    expect(drafts).to_contain_text("Ikke gemt")
    drafts.get_by_role("link").click()
    assert page.get_by_label("Notat").input_value() == "Halvt skrevet notat fra besøget"
    assert page.console_errors == []
