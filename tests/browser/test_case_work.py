"""Case work in the browser (#18, #19): live offer checks, the phone layout of the case page,
and the error summary a refused form shows."""

import os
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import log_in
from tests.factories import (
    AreaFactory,
    FollowUpFactory,
    HouseholdFactory,
    MemberFactory,
    MoveFactory,
    NeedFactory,
    SupportOfferFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IPHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SHOTS = os.environ.get("BROBYGNING_SCREENSHOTS")


def shoot(page, name, full_page=False):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/case-{name}.png", full_page=full_page)


def on_first_screen(locator):
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= IPHONE["height"]


def test_offer_form_warns_about_size_and_rent_while_typing(new_page, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder, old_rooms=None, current_rent=5000)
    MemberFactory.create_batch(5, household=household)
    page = new_page(viewport=IPHONE)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/tilbud/ny/")

    page.get_by_label("Værelser").fill("2")
    size = page.get_by_test_id("offer-check-size")
    size.wait_for()
    assert "5 personer i 2 værelser" in size.text_content()
    page.get_by_label("Nettoleje").fill("6200")
    rent = page.get_by_test_id("offer-check-rent")
    rent.wait_for()
    assert "+1.200 kr." in rent.text_content()
    rent.scroll_into_view_if_needed()
    shoot(page, "offer-live-warning")

    page.get_by_label("Værelser").fill("6")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=offer-check-size]')"
        ".textContent.includes('6 værelser')"
    )
    assert "passende" in size.text_content()
    assert page.console_errors == []


def test_home_visit_actions_are_on_the_first_phone_screen_and_phase_form_behind_a_button(
    new_page, bridge_builder
):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Haddad")
    MemberFactory(household=household, first_name="Samira", phone="20 30 40 50")
    MemberFactory(household=household, first_name="Omar", birth_year=2015, relation="child")
    FollowUpFactory(household=household, assignee=bridge_builder)
    MoveFactory(household=household)
    page = new_page(viewport=IPHONE)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/")
    shoot(page, "page-390")
    shoot(page, "page-390-full", full_page=True)

    assert on_first_screen(page.get_by_role("link", name="Registrér kontakt"))
    assert on_first_screen(page.get_by_test_id("member-phone"))
    assert page.get_by_test_id("member-phone").get_attribute("href") == "tel:20304050"
    assert on_first_screen(page.get_by_role("heading", name="Opfølgninger"))
    assert not page.get_by_label("Ny fase").is_visible()
    page.get_by_text("Skift fase").first.click()
    assert page.get_by_label("Ny fase").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= IPHONE["width"]

    wide = new_page(viewport=DESKTOP)
    log_in(wide, bridge_builder)
    wide.goto(f"/sager/{household.pk}/")
    shoot(wide, "page-1366", full_page=True)
    assert wide.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert page.console_errors == [] and wide.console_errors == []


def test_a_refused_form_focuses_an_error_summary_that_links_to_each_field(new_page, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    page = new_page(viewport=IPHONE)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/journal/ny/")
    assert page.get_by_text("Skriv mindst én af disse").is_visible()
    page.get_by_role("button", name="Gem notat").click()

    summary = page.get_by_role("alert")
    summary.wait_for()
    assert page.title().startswith("Fejl: ")
    assert page.evaluate("document.activeElement.dataset.testid") == "error-summary"
    assert not page.locator("[data-draft-notice]").is_visible()
    shoot(page, "error-summary")
    # One rule about three fields: one line naming them, leading to the first.
    link = summary.get_by_role("link").filter(has_text="Hvad har ændret sig")
    assert "Notat" in link.text_content()
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_note"
    described = page.locator("#id_what_changed").get_attribute("aria-describedby")
    assert "id_what_changed_error" in described
    # The refused form comes back with status 400, which the console reports; nothing else.
    assert [e for e in page.console_errors if "400" not in e] == []


def test_door_hanger_from_the_case_in_danish_and_arabic_right_to_left(new_page, bridge_builder):
    from actors.door_hanger_demo import seed_door_hangers

    household = HouseholdFactory(bridge_builder=bridge_builder, preferred_language="arabisk")
    MoveFactory(household=household, new_address="Kongensgade 40, 5000 Odense C")
    seed_door_hangers()
    page = new_page(viewport=DESKTOP)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/")
    page.get_by_test_id("door-hanger-link").click()
    page.wait_for_url("**/doerhaenger/**")

    assert "Kongensgade" not in page.url  # where the family lives stays out of the URL
    welcome = page.get_by_test_id("translation-welcome")
    assert welcome.get_attribute("lang") == "ar" and welcome.get_attribute("dir") == "rtl"
    assert page.get_by_text("Kongensgade 40, 5000 Odense C").first.is_visible()
    shoot(page, "door-hanger", full_page=True)
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    # Two A5 pages (148 × 210 mm = 420 × 595 pt): the two sides of one card.
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert [(round(float(w)), round(float(h))) for w, h in sizes] == [(420, 595)] * 2
    assert page.console_errors == []


def test_top_bar_search_finds_a_closed_case_by_member_name_without_it_in_the_url(
    new_page, bridge_builder
):
    household = HouseholdFactory(
        bridge_builder=bridge_builder, phase="closed", closed_on=timezone.localdate()
    )
    MemberFactory(household=household, first_name="Samira")
    page = new_page(viewport=DESKTOP)
    log_in(page, bridge_builder)
    page.get_by_role("searchbox", name="Søg i sager").fill("Samira")
    page.get_by_role("searchbox", name="Søg i sager").press("Enter")
    page.wait_for_url("**/sager/?**")
    assert "Samira" not in page.url
    found = page.get_by_test_id("caseload")
    assert household.display_name in found.text_content()
    assert "Afsluttet" in found.text_content()


def test_bridge_form_shows_the_receiving_areas_offers_and_all_on_request(new_page, bridge_builder):
    area = AreaFactory(name="Odense Midtby")
    household = HouseholdFactory(bridge_builder=bridge_builder, receiving_area=area)
    NeedFactory(household=household, category="school")
    SupportOfferFactory(name="Skoleindskrivning", categories=["school"], areas=[area])
    SupportOfferFactory(name="Lektiecafé Gellerup", areas=[AreaFactory(name="Gellerup")])
    page = new_page(viewport=IPHONE)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/broer/ny/")
    offers = page.get_by_label("Støttetilbud")
    assert "Skoleindskrivning" in offers.text_content()
    assert "Gellerup" not in offers.text_content()
    page.get_by_test_id("bridge-show-all").click()
    assert "Lektiecafé Gellerup" in page.get_by_label("Støttetilbud").text_content()
    shoot(page, "bridge-form")
