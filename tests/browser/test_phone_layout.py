"""The case page on a phone (390 px wide): nothing sticks out of its card."""

import os

import pytest

from tests.browser.conftest import log_in
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IPHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("BROBYGNING_SCREENSHOTS")

OVERFLOWING = """() => [...document.querySelectorAll('section.card')].flatMap(card => {
  const box = card.getBoundingClientRect();
  return [...card.querySelectorAll('a, button, h2, span, dd, dt, li')]
    .filter(el => { const r = el.getBoundingClientRect();
                    return r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5); })
    .map(el => el.textContent.trim().slice(0, 40));
})"""


def test_the_case_page_fits_a_phone_screen(new_page, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Haddad")
    MemberFactory(household=household, first_name="Samira")
    page = new_page(viewport=IPHONE)
    log_in(page, bridge_builder)

    page.goto(f"/sager/{household.pk}/")
    add_member = page.get_by_role("link", name="Tilføj husstandsmedlem")
    add_member.scroll_into_view_if_needed()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/phone-case-page.png", full_page=True)

    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= IPHONE["width"]
