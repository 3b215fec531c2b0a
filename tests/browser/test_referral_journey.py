import pytest
from playwright.sync_api import expect

from households.models import Household
from referrals.models import Referral
from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in
from tests.factories import AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_menu_item(page, name):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name=name, exact=True
    ).click()


def test_rehousing_consultant_sends_and_bridge_builder_accepts_without_retyping(
    new_page, rehousing_consultant, bridge_builder
):
    area = AreaFactory(name="Vollsmose", is_transformation_area=True)

    sender = new_page()
    log_in(sender, rehousing_consultant)
    open_menu_item(sender, "Ny henvisning")
    sender.get_by_label("Husstandens navn").fill("Familien Warsame")
    sender.get_by_label("Omdannelsesområde").select_option(str(area.pk))
    sender.get_by_label("Nuværende adresse").fill("Granparken 3, 5240 Odense NØ")
    sender.get_by_label("Hvorfor der er brug for støtte").fill("Tre børn skal skifte skole.")
    sender.get_by_label("Skoleskift").check()
    sender.get_by_label("Samtykke givet", exact=True).fill("2026-11-20")
    sender.get_by_label("Samtykke givet hvordan").select_option("written")
    assert_no_serious_accessibility_violations(sender)
    sender.get_by_role("button", name="Send henvisning").click()
    expect(sender.get_by_text("Henvisningen er sendt.")).to_be_visible()
    assert Referral.objects.get().status == "sent"

    receiver = new_page()
    log_in(receiver, bridge_builder)
    open_menu_item(receiver, "Henvisninger")
    assert_no_serious_accessibility_violations(receiver)
    receiver.get_by_role("link", name="Familien Warsame").click()
    receiver.get_by_role("button", name="Acceptér og opret sag").click()

    expect(receiver.get_by_text("Henvisningen er accepteret. Sagen er oprettet.")).to_be_visible()
    assert receiver.locator("h1").inner_text() == "Familien Warsame"
    household = Household.objects.get()
    assert household.bridge_builder == bridge_builder
    assert list(household.needs.values_list("category", flat=True)) == ["school"]
    assert receiver.console_errors == [] and sender.console_errors == []
