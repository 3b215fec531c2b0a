import pytest
from playwright.sync_api import expect

from households.models import JournalEntry
from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bridge_builder_logs_a_home_visit_on_a_phone_and_sees_it_on_the_timeline(
    page, bridge_builder
):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Haddad")
    MemberFactory(household=household, first_name="Samira")
    log_in(page, bridge_builder)

    page.get_by_role("link", name="Sager").first.click()
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name="Familien Haddad").click()
    assert page.locator("h1").inner_text() == "Familien Haddad"
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("link", name="Registrér kontakt").first.click()
    assert page.get_by_label("Sted").input_value() == household.origin_address
    page.get_by_label("Notat").fill("Første hjemmebesøg. Familien ønsker at bo centralt.")
    page.get_by_label("Næste skridt").fill("Inspirationstur til midtbyen")
    page.get_by_role("button", name="Gem notat").click()

    expect(page.get_by_text("Journalnotatet er gemt.")).to_be_visible()
    timeline = page.get_by_test_id("timeline")
    assert "Hjemmebesøg" in timeline.inner_text()
    assert "Inspirationstur til midtbyen" in timeline.inner_text()
    entry = JournalEntry.objects.get(household=household)
    assert entry.author == bridge_builder
    assert page.console_errors == []


def test_a_journal_draft_survives_a_reload(page, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/journal/ny/")
    page.get_by_label("Notat").fill("Halvt skrevet notat")
    page.reload()
    assert page.get_by_label("Notat").input_value() == "Halvt skrevet notat"
    expect(page.get_by_text("En ikke-gemt kladde blev genskabt.")).to_be_visible()
