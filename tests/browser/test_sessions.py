import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_logs_out_a_forgotten_browser_from_the_account_menu(new_page, bridge_builder):
    forgotten = new_page()
    log_in(forgotten, bridge_builder)
    office = new_page(viewport={"width": 1280, "height": 800})
    log_in(office, bridge_builder)

    office.get_by_test_id("user-menu").click()
    office.locator(f'a[href="{reverse("usersessions_list")}"]').click()
    office.wait_for_load_state()
    assert office.get_by_test_id("current-session").count() == 1
    assert_no_serious_accessibility_violations(office)
    office.get_by_test_id("end-other-sessions").click()
    office.wait_for_load_state()

    expect(office.get_by_test_id("no-other-sessions")).to_be_visible()
    forgotten.goto(reverse("home"))
    assert forgotten.url.split("?")[0].endswith(reverse("account_login"))
    assert office.console_errors == [] and forgotten.console_errors == []
