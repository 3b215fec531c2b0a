"""The household as rows of people in the browser: "Tilføj person" adds a row, the referral's
rows become the case's members, and the case adds several members in one form."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.models import Household
from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in
from tests.factories import AreaFactory, HouseholdFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year
FAMILY = [
    ("Samira", "applicant", 41),
    ("Yusuf", "child", 16),
    ("Lina", "child", 12),
    ("Omar", "child", 10),
    ("Nour", "child", 4),
]


def fill_row(page, index, first_name, relation, age):
    page.locator(f"[name=members-{index}-first_name]").fill(first_name)
    page.locator(f"[name=members-{index}-relation]").select_option(relation)
    page.locator(f"[name=members-{index}-birth_year]").fill(str(YEAR - age))


def test_a_referral_with_four_children_typed_as_rows_becomes_five_members(
    new_page, rehousing_consultant, bridge_builder
):
    area = AreaFactory(name="Vollsmose", is_transformation_area=True)
    sender = new_page()  # a phone
    log_in(sender, rehousing_consultant)
    sender.goto("/henvisninger/ny/")
    sender.get_by_label("Husstandens navn").fill("Familien Haddad")
    sender.get_by_label("Omdannelsesområde").select_option(str(area.pk))
    sender.get_by_label("Nuværende adresse").fill("Granparken 12, 5240 Odense NØ")
    rows = sender.locator("[data-member-rows] [data-row]")
    expect(rows).to_have_count(4)  # the empty rows a form without script has too
    add = sender.get_by_role("button", name="Tilføj person")
    add.click()
    add.click()
    expect(rows).to_have_count(6)
    expect(sender.locator("[name=members-5-first_name]")).to_be_focused()
    for index, person in enumerate(FAMILY):
        fill_row(sender, index, *person)
    sender.get_by_label("Hvorfor der er brug for støtte").fill("Enlig mor med fire børn.")
    sender.get_by_label("Samtykke givet", exact=True).fill(timezone.localdate().isoformat())
    sender.get_by_label("Samtykke givet hvordan").select_option("written")
    assert_no_serious_accessibility_violations(sender)
    sender.get_by_role("button", name="Send henvisning").click()
    expect(sender.get_by_text("Henvisningen er sendt.")).to_be_visible()
    expect(sender.get_by_test_id("referral-people").locator("li")).to_have_count(5)

    receiver = new_page()
    log_in(receiver, bridge_builder)
    receiver.goto("/henvisninger/")
    receiver.get_by_role("link", name="Familien Haddad").click()
    receiver.get_by_role("button", name="Acceptér og opret sag").click()
    expect(receiver.get_by_text("Henvisningen er accepteret. Sagen er oprettet.")).to_be_visible()
    for name, _relation, _age in FAMILY:
        expect(receiver.get_by_role("link", name=name, exact=True)).to_be_visible()

    household = Household.objects.get()
    assert household.members.count() == 5
    assert sender.console_errors == [] and receiver.console_errors == []


def test_the_case_adds_several_members_in_one_form(new_page, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Osman")
    page = new_page()
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/")
    page.get_by_role("link", name="Tilføj husstandsmedlem").click()
    for index, person in enumerate(FAMILY[:3]):
        fill_row(page, index, *person)
    page.get_by_role("button", name="Tilføj person").click()
    fill_row(page, 3, *FAMILY[3])
    page.get_by_role("button", name="Gem").click()

    expect(page.get_by_text("4 husstandsmedlemmer tilføjet.")).to_be_visible()
    assert sorted(household.members.values_list("first_name", flat=True)) == sorted(
        name for name, _relation, _age in FAMILY[:4]
    )
    assert page.console_errors == []
