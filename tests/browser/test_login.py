import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bridge_builder_logs_in_on_a_phone_and_lands_on_the_home_page(page, bridge_builder):
    log_in(page, bridge_builder)

    assert page.locator("h1").inner_text() == "Dit arbejde"
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_text("Brobygger").first.is_visible() or page.locator("main").inner_text()
    assert_no_serious_accessibility_violations(page)
    assert page.console_errors == []


def test_wrong_password_shows_a_danish_error_in_the_browser(page, bridge_builder):
    log_in(page, bridge_builder, password="forkert")
    expect(page.get_by_text("ikke korrekt")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
