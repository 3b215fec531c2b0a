import os
from pathlib import Path

import pytest
from django.urls import reverse

from households.models import Member
from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", "var/screenshots"))


def test_two_colleagues_edit_one_member_and_the_second_keeps_their_input_and_is_told_what_to_do(
    new_page, bridge_builder, teammate
):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Haddad")
    member = MemberFactory(household=household, first_name="Samira", birth_year=1990)
    url = reverse("households:member_edit", args=[household.pk, member.pk])
    mine, theirs = new_page(), new_page()
    log_in(mine, bridge_builder)
    log_in(theirs, teammate)
    mine.goto(url)
    theirs.goto(url)

    theirs.get_by_label("Fornavn").fill("Samiira")
    theirs.get_by_role("button", name="Gem").click()
    theirs.get_by_text("Husstandsmedlemmet er gemt.").wait_for()

    mine.get_by_label("Fornavn").fill("Sameera")
    mine.get_by_role("button", name="Gem").click()
    mine.get_by_text("En anden har gemt en ændring her, mens du redigerede").wait_for()
    assert mine.get_by_label("Fornavn").input_value() == "Sameera"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    mine.screenshot(path=str(SCREENSHOTS / "stale-member-edit.png"), full_page=True)
    assert_no_serious_accessibility_violations(mine)
    assert Member.objects.get(pk=member.pk).first_name == "Samiira"

    with mine.context.expect_page() as opened:
        mine.get_by_test_id("open-current-version").click()
    current = opened.value
    current.wait_for_load_state()
    assert current.get_by_label("Fornavn").input_value() == "Samiira"
    current.get_by_label("Fornavn").fill("Sameera")
    current.get_by_role("button", name="Gem").click()
    current.get_by_text("Husstandsmedlemmet er gemt.").wait_for()
    assert Member.objects.get(pk=member.pk).first_name == "Sameera"
    # The refused save answers 400 (a form with errors), which the console reports.
    assert [e for e in mine.console_errors if "status of 400" not in e] == []
    assert theirs.console_errors == []
