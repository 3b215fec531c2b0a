"""Forms in the browser: a create form saved again after Back creates nothing (#17 item 1),
and drafts bring back every kind of field (#17 item 5)."""

import pytest

from households.models import JournalEntry
from tests.browser.conftest import log_in
from tests.factories import HouseholdFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_saving_a_journal_note_again_after_back_creates_one_entry_and_says_so(page, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/journal/ny/")
    page.get_by_label("Notat").fill("Hjemmebesøg hos familien")
    page.get_by_role("button", name="Gem notat").click()
    assert page.get_by_text("Journalnotatet er gemt.").is_visible()

    page.go_back()
    assert page.get_by_label("Notat").input_value() == "Hjemmebesøg hos familien"
    page.get_by_role("button", name="Gem notat").click()

    assert page.url.endswith(f"/sager/{household.pk}/")
    assert page.get_by_text("Formularen var allerede gemt. Intet blev gemt igen").is_visible()
    assert JournalEntry.objects.filter(household=household).count() == 1
    assert page.console_errors == []
