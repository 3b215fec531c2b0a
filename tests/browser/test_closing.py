"""Closing a case in the browser: the close form lists what is still open and lets the user
keep or cancel each item; reopening brings back what closing cancelled (#17 item 2)."""

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followups.models import FollowUp
from households import services
from households.models import Move
from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in
from tests.factories import AreaFactory, HouseholdFactory, give_local_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", "var/screenshots"))


def test_the_close_form_lists_open_follow_ups_and_reopening_restores_what_was_cancelled(
    page, bridge_builder
):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Haddad")
    services.move_register(
        move=Move(
            household=household,
            moved_on=timezone.localdate(),
            new_address="Kongensgade 1, 5000 Odense C",
            receiving_area=AreaFactory(name="Odense Midtby"),
        ),
        by=bridge_builder,
    )
    give_local_contact(household)
    benefit = household.followups.get(rule="move_checklist:housing_benefit")
    open_before = set(household.followups.open().values_list("pk", flat=True))
    log_in(page, bridge_builder)

    page.goto(f"/sager/{household.pk}/afslut/")
    items = page.get_by_test_id("open-item")
    assert items.count() == len(open_before)
    benefit_item = items.filter(has_text="Boligstøtte søgt")
    assert benefit_item.get_by_label("Behold åben").is_checked()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "close-form-phone.png", full_page=True)
    assert_no_serious_accessibility_violations(page)

    page.get_by_label("Praktiske og økonomiske forhold er på plads").check()
    page.get_by_label("Husstanden beder ikke længere om hjælp").check()
    benefit_item.get_by_label("Annullér den").check()
    page.get_by_role("button", name="Gem").click()
    expect(
        page.get_by_test_id("open-items").get_by_text("Skriv, hvorfor den annulleres.")
    ).to_be_visible()
    benefit_item = page.get_by_test_id("open-item").filter(has_text="Boligstøtte søgt")
    benefit_item.get_by_label("Hvorfor annulleres den?").fill("Familien har selv søgt")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Sagen er afsluttet.")).to_be_visible()

    benefit.refresh_from_db()
    assert benefit.status == FollowUp.Status.CANCELLED
    still_open = set(household.followups.open().values_list("pk", flat=True))
    assert still_open >= open_before - {benefit.pk}

    page.goto(f"/sager/{household.pk}/genaabn/")
    page.get_by_label("Begrundelse").fill("Familien har brug for hjælp igen")
    page.get_by_role("button", name="Gem").click()
    expect(
        page.get_by_text("1 punkt, som afslutningen annullerede, er åbent igen.")
    ).to_be_visible()
    benefit.refresh_from_db()
    assert benefit.status == FollowUp.Status.OPEN
    # The refused save answered 400, which the browser reports; nothing else went wrong.
    assert [e for e in page.console_errors if "status of 400" not in e] == []


def test_the_close_form_on_a_desktop(new_page, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Ali")
    FollowUp.objects.create(
        household=household,
        title="Ring til skolen",
        assignee=bridge_builder,
        due_on=timezone.localdate(),
    )
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/afslut/")
    expect(page.get_by_test_id("open-item").filter(has_text="Ring til skolen")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "close-form-desktop.png", full_page=True)
