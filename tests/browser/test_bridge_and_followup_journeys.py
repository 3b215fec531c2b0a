from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.models import Bridge
from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in
from tests.factories import (
    ActorFactory,
    AreaFactory,
    BridgeFactory,
    ConsentFactory,
    ContactPersonFactory,
    HouseholdFactory,
    MemberFactory,
    SupportOfferFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_municipal_contact_confirms_a_daycare_place_and_the_bridge_builder_sees_it(
    new_page, bridge_builder, actor_contact
):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Haddad")
    child = MemberFactory(
        household=household,
        first_name="Nour",
        birth_year=timezone.localdate().year - 4,
        relation="child",
    )
    actor = ActorFactory(name="Pladsanvisningen")
    ContactPersonFactory(actor=actor, user=actor_contact)
    ConsentFactory(household=household)  # the portal shows only requests sent under consent
    BridgeFactory(
        household=household,
        member=child,
        status=Bridge.Status.REQUESTED,
        support_offer=SupportOfferFactory(actor=actor, name="Dagtilbudsplads"),
        requested_at=timezone.now(),
    )

    contact = new_page()
    log_in(contact, actor_contact)
    contact.goto("/portal/")
    assert_no_serious_accessibility_violations(contact)
    contact.get_by_role("link", name=f"{household.reference}: Dagtilbudsplads").click()
    assert "Familien Haddad" not in contact.content()
    contact.get_by_label("Bekræft").check()
    contact.get_by_label("Detaljer").fill("Plads fra 1. august i Børnehuset Solsikken")
    contact.get_by_role("button", name="Send svar").click()
    expect(contact.get_by_text("Dit svar er sendt til konsulenten")).to_be_visible()

    builder = new_page()
    log_in(builder, bridge_builder)
    builder.goto(f"/sager/{household.pk}/")
    bridges = builder.get_by_test_id("bridges").inner_text()
    assert "Bekræftet" in bridges
    assert "Plads fra 1. august i Børnehuset Solsikken" in bridges


def test_registering_a_move_puts_the_14_day_visit_in_my_tasks_and_it_can_be_completed(
    page, bridge_builder
):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Jensen")
    area = AreaFactory(name="Esbjerg Centrum", is_receiving_area=True)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/flytning/")
    page.get_by_label("Flyttedato").fill(timezone.localdate().isoformat())
    page.get_by_label("Ny adresse").fill("Kongensgade 10, 6700 Esbjerg")
    page.get_by_label("Modtagerområde").select_option(str(area.pk))
    page.get_by_role("button", name="Gem").click()

    page.goto("/opfoelgning/")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name="Ring og tilbyd besøg 14 dage efter flytningen").click()
    assert "Flytning registreret" in page.get_by_test_id("rule").inner_text()
    page.get_by_label("Blev der tilbudt et besøg?").select_option("yes")
    page.get_by_label("Husstandens svar").select_option("accepted")
    page.get_by_label("Besøgsdato").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Udført").click()
    expect(page.get_by_text("Opfølgningen er udført.")).to_be_visible()
    followup = household.followups.get(rule="move_registered")
    assert followup.status == "done" and followup.visit_answer == "accepted"


def test_the_next_contact_from_a_journal_entry_is_ticked_off_in_my_tasks(page, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Holm")
    next_week = timezone.localdate() + timedelta(days=7)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{household.pk}/journal/ny/")
    page.get_by_label("Notat").fill("Ringede; aftalte at høre nærmere om skolen.")
    page.get_by_label("Næste kontakt").fill(next_week.isoformat())
    page.get_by_role("button", name="Gem notat").click()
    expect(page.get_by_text("Journalnotatet er gemt.")).to_be_visible()

    page.goto("/opfoelgning/")
    task = page.get_by_test_id("tasks").get_by_role("listitem").filter(has_text="Familien Holm")
    expect(task).to_contain_text("Næste kontakt med husstanden")
    assert_no_serious_accessibility_violations(page)
    task.get_by_role("button", name="Markér som udført: Næste kontakt med husstanden").click()

    expect(page.get_by_text("Opfølgningen er udført.")).to_be_visible()
    expect(page.get_by_test_id("tasks")).not_to_contain_text("Familien Holm")
    followup = household.followups.get(rule="next_contact")
    assert followup.status == "done" and followup.completed_by == bridge_builder
