"""Forms in the browser: a create form saved again after Back creates nothing (#17 item 1),
and drafts bring back every kind of field (#17 item 5)."""

import pytest
from playwright.sync_api import expect

from households.models import JournalEntry
from tests.browser.conftest import log_in
from tests.factories import AreaFactory, HouseholdFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_saving_a_journal_note_again_after_back_creates_one_entry_and_says_so(page, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/journal/ny/")
    page.get_by_label("Notat").fill("Hjemmebesøg hos familien")
    page.get_by_role("button", name="Gem notat").click()
    expect(page.get_by_text("Journalnotatet er gemt.")).to_be_visible()

    page.go_back()
    assert page.get_by_label("Notat").input_value() == "Hjemmebesøg hos familien"
    page.get_by_role("button", name="Gem notat").click()

    assert page.url.endswith(f"/sager/{household.pk}/")
    expect(page.get_by_text("Formularen var allerede gemt. Intet blev gemt igen")).to_be_visible()
    assert JournalEntry.objects.filter(household=household).count() == 1
    assert page.console_errors == []


def test_a_referral_draft_brings_back_choices_and_ticks_and_says_which_fields(
    page, rehousing_consultant
):
    area = AreaFactory(name="Vollsmose", is_transformation_area=True)
    log_in(page, rehousing_consultant)
    page.goto("/henvisninger/ny/")
    page.get_by_label("Husstandens navn").fill("Familien Warsame")
    page.get_by_label("Omdannelsesområde").select_option(str(area.pk))
    page.get_by_label("Hastegrad").select_option("high")
    page.get_by_label("Skoleskift").check()
    page.get_by_label("Økonomi og gæld").check()
    page.get_by_label("Behov for tolk").check()

    page.reload()

    assert page.get_by_label("Husstandens navn").input_value() == "Familien Warsame"
    assert page.get_by_label("Omdannelsesområde").input_value() == str(area.pk)
    assert page.get_by_label("Hastegrad").input_value() == "high"
    ticked = page.locator("input[name=needs]:checked").evaluate_all(
        "boxes => boxes.map(box => box.value)"
    )
    assert ticked == ["school", "economy"]
    assert page.get_by_label("Behov for tolk").is_checked()
    notice = page.locator("[data-draft-notice]")
    expect(notice).to_be_visible()
    text = notice.inner_text()
    assert "En ikke-gemt kladde blev genskabt." in text
    for label in ("Husstandens navn", "Omdannelsesområde", "Hastegrad", "Behov, du har set"):
        assert label in text
    assert page.console_errors == []


def test_a_choice_the_user_sets_back_to_its_default_is_restored_as_the_default(
    page, rehousing_consultant
):
    log_in(page, rehousing_consultant)
    page.goto("/henvisninger/ny/")
    page.get_by_label("Husstandens navn").fill("Familien Ali")
    page.get_by_label("Skoleskift").check()
    page.get_by_label("Skoleskift").uncheck()

    page.reload()

    assert page.get_by_label("Husstandens navn").input_value() == "Familien Ali"
    assert not page.get_by_label("Skoleskift").is_checked()
    assert page.get_by_label("Hastegrad").input_value() == "normal"
