"""The founding report's story, end to end in Chromium, as the four users play it.

A rehousing consultant refers a single mother with four children (16, 12, 10 and 4), one row
each, from a transformation area; a bridge-builder accepts (the rows become the members),
logs a home visit on a phone, registers an offer, the move, the 14-day visit and two
bridges; the municipal contact confirms one and declines one in the portal; the case is
closed; the manager reads the figures.

Set BROBYGNING_SCREENSHOTS to a folder to keep a screenshot of each key step.
"""

import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.models import Bridge, Household, Phase
from tests.browser.conftest import PHONE, assert_no_serious_accessibility_violations, log_in
from tests.factories import (
    ActorFactory,
    AreaFactory,
    ContactPersonFactory,
    SupportOfferFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("BROBYGNING_SCREENSHOTS")
FAMILY = "Familien Ahmed"
CHILDREN = [("Yusuf", 16), ("Layla", 12), ("Omar", 10), ("Nour", 4)]


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/story-{name}.png", full_page=True)


def open_menu_item(page, name):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name=name, exact=True
    ).click()


def field(page, label):
    """The form field labelled exactly `label` (a required field's label ends in "*")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def saved(page, text):
    expect(page.get_by_text(text).first).to_be_visible()


@pytest.fixture
def places(db):
    """The directory the story needs: Vollsmose being transformed, Bolbro receiving, and the
    municipality's children's unit with a daycare place and a school place."""
    vollsmose = AreaFactory(name="Vollsmose", is_transformation_area=True, is_receiving_area=False)
    bolbro = AreaFactory(name="Bolbro", is_transformation_area=False, is_receiving_area=True)
    unit = ActorFactory(name="Odense Kommune, Børn og Unge")
    return {
        "vollsmose": vollsmose,
        "bolbro": bolbro,
        "unit": unit,
        "daycare": SupportOfferFactory(actor=unit, name="Plads i dagtilbud"),
        "school": SupportOfferFactory(actor=unit, name="Skoleplads i Bolbro"),
    }


def refer(page, places):
    open_menu_item(page, "Ny henvisning")
    page.get_by_label("Husstandens navn").fill(FAMILY)
    page.get_by_label("Omdannelsesområde").select_option(str(places["vollsmose"].pk))
    page.get_by_label("Nuværende adresse").fill("Granparken 12, 5240 Odense NØ")
    fill_people(page)
    field(page, "Mere om husstanden").fill("Enlig mor; børnenes far bor i Aarhus")
    page.get_by_label("Hvorfor der er brug for støtte").fill(
        "Mor er alene med fire børn og mister familiementoren ved flytningen."
    )
    page.get_by_label("Skoleskift").check()
    field(page, "Dagtilbud").check()
    page.get_by_label("Støtte og kontakter, der mistes ved flytningen").fill(
        "Familiementor fra helhedsplanen"
    )
    field(page, "Samtykke givet").fill(timezone.localdate().isoformat())
    page.get_by_label("Samtykke givet hvordan").select_option("written")
    page.get_by_role("button", name="Send henvisning").click()
    saved(page, "Henvisningen er sendt.")
    shot(page, "1-referral-sent")


def people():
    return [("Amina", 38, "applicant")] + [(name, age, "child") for name, age in CHILDREN]


def fill_people(page):
    """The five people as rows; the form has four empty rows, "Tilføj person" adds the
    fifth."""
    year = timezone.localdate().year
    page.get_by_role("button", name="Tilføj person").click()
    for index, (name, age, relation) in enumerate(people()):
        page.locator(f"[name=members-{index}-first_name]").fill(name)
        page.locator(f"[name=members-{index}-relation]").select_option(relation)
        page.locator(f"[name=members-{index}-birth_year]").fill(str(year - age))


def add_members(page):
    """Accepting made the referral's five people members: only the children's needs are
    added, one member at a time."""
    for name, age, relation in people():
        if relation != "child":
            continue
        page.get_by_role("link", name=name, exact=True).click()
        if age == 4:
            page.get_by_label("Har brug for plads i dagtilbud").check()
        else:
            page.get_by_label("Skal skifte skole").check()
        page.get_by_role("button", name="Gem").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(FAMILY)
    expect(page.get_by_role("link", name="Nour")).to_be_visible()


def log_home_visit_on_a_phone(page, household):
    page.goto(f"/sager/{household.pk}/")
    page.get_by_role("link", name="Registrér kontakt").first.click()
    page.get_by_label("Notat").fill(
        "Hjemmebesøg. Amina ønsker at bo tæt på skole og dagtilbud; Yusuf vil blive i sin klub."
    )
    page.get_by_label("Næste skridt").fill("Inspirationstur til Bolbro")
    shot(page, "3-home-visit-phone")
    page.get_by_role("button", name="Gem notat").click()
    saved(page, "Journalnotatet er gemt.")
    expect(page.get_by_test_id("timeline")).to_contain_text("Hjemmebesøg")


def register_offer_and_move(page, household, places):
    today = timezone.localdate().isoformat()
    page.get_by_role("link", name="Nyt boligtilbud").click()
    field(page, "Vej og husnummer").fill("Bolbrovej 7")
    field(page, "Postnummer").fill("5200")
    field(page, "Område").select_option(str(places["bolbro"].pk))
    page.get_by_label("Boligorganisation").select_option(
        str(places["bolbro"].housing_organisation.pk)
    )
    page.get_by_label("Værelser").fill("5")
    page.get_by_label("Nettoleje (kr./måned)").fill("6200")
    page.get_by_label("Svarfrist").fill(today)
    field(page, "Status").select_option("offered")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_test_id("offer")).to_contain_text("Bolbrovej 7")

    page.get_by_test_id("offer").get_by_role("link", name="Registrér svar").click()
    field(page, "Svar").select_option("accepted")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_test_id("offer")).to_contain_text("Accepteret")
    shot(page, "4-offer-accepted")

    page.get_by_role("link", name="Registrér flytning").click()
    page.get_by_label("Boligtilbud").select_option(index=1)
    page.get_by_label("Flyttedato").fill(today)
    page.get_by_label("Ny adresse").fill("Bolbrovej 7, 5200 Odense V")
    page.get_by_label("Modtagerområde").select_option(str(places["bolbro"].pk))
    page.get_by_role("button", name="Gem").click()
    saved(page, "Flytning registreret")
    timeline = page.get_by_test_id("timeline").inner_text()
    # Newest first: the move is above the offer, and both above "Sag oprettet".
    assert (
        timeline.index("Flytning") < timeline.index("Boligtilbud") < timeline.index("Sag oprettet")
    )
    shot(page, "5-moved")


def record_the_14_day_visit(page):
    page.goto("/opfoelgning/")
    page.get_by_role("link", name="Ring og tilbyd besøg 14 dage efter flytningen").click()
    page.get_by_label("Blev der tilbudt et besøg?").select_option("yes")
    page.get_by_label("Husstandens svar").select_option("accepted")
    page.get_by_label("Besøgsdato").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Udført").click()
    saved(page, "Opfølgningen er udført.")


def build_two_bridges(page, household, places):
    page.goto(f"/sager/{household.pk}/")
    page.get_by_role("link", name="Registrér samtykke").click()
    field(page, "Givet").fill(timezone.localdate().isoformat())
    field(page, "Hvordan").select_option("written")
    page.get_by_label("Dækker alle aktører i vejviseren").check()
    page.get_by_role("button", name="Gem").click()
    saved(page, "Samtykket er registreret.")

    for offer, child in ((places["daycare"], "Nour"), (places["school"], "Omar")):
        page.get_by_role("link", name="Ny bro").click()
        page.get_by_label("Støttetilbud").select_option(str(offer.pk))
        page.get_by_label("Husstandsmedlem").select_option(
            str(household.members.get(first_name=child).pk)
        )
        page.get_by_role("button", name="Gem").click()
        bridge = page.get_by_test_id("bridge").filter(has_text=offer.name)
        bridge.get_by_role("button", name="Send anmodning").click()
        expect(page.get_by_test_id("bridge").filter(has_text=offer.name)).to_contain_text("Anmodet")
    shot(page, "6-bridges-requested")


def answer_in_the_portal(page, household):
    page.goto("/portal/")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name=f"{household.reference}: Plads i dagtilbud").click()
    expect(page.locator("body")).not_to_contain_text(FAMILY)  # the minimum: no name
    page.get_by_label("Bekræft").check()
    page.get_by_label("Detaljer").fill("Plads fra 1. august i Børnehuset Solsikken")
    page.get_by_role("button", name="Send svar").click()
    saved(page, "Dit svar er sendt til konsulenten")

    page.goto("/portal/")
    page.get_by_role("link", name=f"{household.reference}: Skoleplads i Bolbro").click()
    page.get_by_label("Afvis").check()
    page.get_by_label("Detaljer").fill("Ingen ledige pladser i 4. klasse; prøv Rosengårdskolen")
    page.get_by_role("button", name="Send svar").click()
    saved(page, "Dit svar er sendt til konsulenten")
    shot(page, "7-portal-answered")


def close_the_case(page, household):
    page.goto(f"/sager/{household.pk}/")
    bridges = page.get_by_test_id("bridges")
    expect(bridges.get_by_test_id("bridge").filter(has_text="Plads i dagtilbud")).to_contain_text(
        "Bekræftet"
    )
    expect(bridges.get_by_test_id("bridge").filter(has_text="Skoleplads")).to_contain_text(
        "Afslået"
    )
    page.get_by_role("link", name="Afslut sag").click()
    page.get_by_label("Praktiske og økonomiske forhold er på plads").check()
    page.get_by_label("Husstanden beder ikke længere om hjælp").check()
    page.get_by_label("Vurdering").fill("Familien er faldet godt til i Bolbro.")
    page.get_by_label("Begrundelse for afslutning, selvom kriterier ikke er opfyldt").fill(
        "Skoleplads til Omar følges op af skolen; familien har selv kontakt til klubben."
    )
    shot(page, "8-close-form")
    page.get_by_role("button", name="Gem").click()
    saved(page, "Sagen er afsluttet.")
    shot(page, "9-closed")


def test_the_founding_story_replays_in_a_browser(
    new_page, rehousing_consultant, bridge_builder, actor_contact, manager, places
):
    ContactPersonFactory(actor=places["unit"], user=actor_contact)

    consultant = new_page(viewport=DESKTOP)
    log_in(consultant, rehousing_consultant)
    refer(consultant, places)

    builder = new_page(viewport=DESKTOP)
    log_in(builder, bridge_builder)
    open_menu_item(builder, "Henvisninger")
    builder.get_by_role("link", name=FAMILY).click()
    builder.get_by_role("button", name="Acceptér og opret sag").click()
    saved(builder, "Henvisningen er accepteret. Sagen er oprettet.")
    expect(builder.get_by_role("heading", level=1)).to_have_text(FAMILY)
    household = Household.objects.get(display_name=FAMILY)
    expect(builder.get_by_test_id("timeline")).to_contain_text("Sag oprettet")
    add_members(builder)
    shot(builder, "2-accepted-with-members")

    phone = new_page(viewport=PHONE)
    log_in(phone, bridge_builder)
    log_home_visit_on_a_phone(phone, household)

    builder.goto(f"/sager/{household.pk}/")
    register_offer_and_move(builder, household, places)
    record_the_14_day_visit(builder)
    build_two_bridges(builder, household, places)

    contact = new_page(viewport=DESKTOP)
    log_in(contact, actor_contact)
    answer_in_the_portal(contact, household)

    close_the_case(builder, household)

    boss = new_page(viewport=DESKTOP)
    log_in(boss, manager)
    boss.goto("/oversigt/")
    expect(boss.get_by_test_id("headlines")).to_be_visible()
    shot(boss, "10-figures")
    assert_no_serious_accessibility_violations(boss)

    household.refresh_from_db()
    assert household.phase == Phase.CLOSED
    assert household.members.count() == 5
    assert sorted(household.bridges.values_list("status", flat=True)) == sorted(
        [Bridge.Status.CONFIRMED, Bridge.Status.DECLINED]
    )
    for page in (consultant, builder, phone, contact, boss):
        assert page.console_errors == []
