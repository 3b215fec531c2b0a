"""A request an actor can act on: the offer, the member (first name and age), the need, where
the family is moving (area and postcode, never the street), the wished start, the
bridge-builder's note and whom to call; nothing else of the household."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actors.models import SupportOffer
from households import bridges
from households.models import Bridge, HousingOffer
from households.portal import district_of
from tests.factories import (
    ActorFactory,
    AreaFactory,
    BridgeFactory,
    ConsentFactory,
    ContactPersonFactory,
    HouseholdFactory,
    HousingOfferFactory,
    MemberFactory,
    MoveFactory,
    NeedFactory,
    SupportOfferFactory,
)

TODAY = timezone.localdate()
WISHED = TODAY + timedelta(days=40)


@pytest.fixture
def placement(actor_contact):
    actor = ActorFactory(name="Pladsanvisningen")
    ContactPersonFactory(actor=actor, user=actor_contact)
    return actor


def daycare_request(bridge_builder, actor, *, street="Kongensgade 40, 3. tv.", moved=True):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="MRK-NAME")
    sagal = MemberFactory(
        household=household, first_name="Sagal", birth_year=TODAY.year - 4, relation="child"
    )
    MemberFactory(household=household, first_name="MRK-SIBLING", birth_year=TODAY.year - 12)
    need = NeedFactory(household=household, member=sagal, category="daycare", note="MRK-NOTE")
    midtby = AreaFactory(name="Odense Midtby", municipality="Odense")
    if moved:
        MoveFactory(
            household=household, new_address=f"{street}, 5000 Odense C", receiving_area=midtby
        )
    else:
        HousingOfferFactory(
            household=household,
            address=f"{street}, 5000 Odense C",
            receiving_area=midtby,
            status=HousingOffer.Status.ACCEPTED,
        )
    ConsentFactory(household=household, covers_all_actors=False).actors.add(actor)
    return BridgeFactory(
        household=household,
        member=sagal,
        need=need,
        status=Bridge.Status.REQUESTED,
        support_offer=SupportOffer.objects.filter(actor=actor).first()
        or SupportOfferFactory(actor=actor, name="Hurtig plads i dagtilbud"),
        requested_at=timezone.now(),
        requested_by=bridge_builder,
        wished_start=WISHED,
        note_to_actor="Moren starter på sprogskole samme dag.",
    )


@pytest.fixture
def builder_with_phone(bridge_builder):
    bridge_builder.first_name, bridge_builder.last_name = "Amira", "Hansen"
    bridge_builder.phone, bridge_builder.email = "61 23 45 67", "amira@example.org"
    bridge_builder.save()
    return bridge_builder


def test_the_actor_sees_what_it_needs_to_decide_on_the_request(
    client, actor_contact, placement, builder_with_phone
):
    request = daycare_request(builder_with_phone, placement)
    client.force_login(actor_contact)

    page = client.get(reverse("portal:answer", args=[request.pk])).content.decode()

    for shown in (
        "Hurtig plads i dagtilbud",
        "Sagal, 4 år",
        "Dagtilbud",
        "Odense Midtby, Odense",
        "5000 Odense C",
        "Moren starter på sprogskole samme dag.",
        "Amira Hansen",
        "61 23 45 67",
        "amira@example.org",
    ):
        assert shown in page, shown
    assert 'data-testid="wished-start"' in page


def test_the_actor_sees_neither_the_street_nor_the_other_members_nor_the_case_notes(
    client, actor_contact, placement, bridge_builder
):
    request = daycare_request(bridge_builder, placement, street="MRK-STREET 40")
    client.force_login(actor_contact)

    for url in (reverse("portal:queue"), reverse("portal:answer", args=[request.pk])):
        page = client.get(url).content.decode()
        assert "5000 Odense C" in page
        for marker in ("MRK-STREET", "MRK-SIBLING", "MRK-NAME", "MRK-NOTE"):
            assert marker not in page, (url, marker)


def test_before_the_move_the_accepted_offer_says_where_the_family_is_going(
    client, actor_contact, placement, bridge_builder
):
    request = daycare_request(bridge_builder, placement, street="MRK-STREET 3", moved=False)
    client.force_login(actor_contact)

    page = client.get(reverse("portal:answer", args=[request.pk])).content.decode()

    assert "Odense Midtby" in page and "5000 Odense C" in page
    assert "MRK-STREET" not in page


def test_the_answer_link_shows_the_same_context(client, placement, bridge_builder):
    request = daycare_request(bridge_builder, placement, street="MRK-STREET 1")
    bridges._issue_link(request)
    request.save()

    page = client.get(reverse("portal:token_answer", args=[request.answer_token]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Sagal, 4 år" in html and "5000 Odense C" in html
    assert "Moren starter på sprogskole samme dag." in html
    assert "MRK-STREET" not in html and "MRK-SIBLING" not in html


def test_the_portal_queue_queries_do_not_grow_with_requests_from_many_households(
    client, actor_contact, placement, bridge_builder, django_assert_max_num_queries
):
    daycare_request(bridge_builder, placement)
    client.force_login(actor_contact)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("portal:queue"))
    for _ in range(8):
        daycare_request(bridge_builder, placement)

    with django_assert_max_num_queries(len(small)):
        page = client.get(reverse("portal:queue"))

    assert page.content.decode().count("5000 Odense C") == 9


@pytest.mark.parametrize(
    ("address", "district"),
    [
        ("Rosenhøj 12, 2. th., 8260 Viby J", "8260 Viby J"),
        ("Kongensgade 10, 6700 Esbjerg", "6700 Esbjerg"),
        ("Demovej 1, Aarhus", ""),
        ("", ""),
    ],
)
def test_the_district_is_the_postcode_and_town_without_the_street(address, district):
    assert district_of(address) == district


def test_the_bridge_form_asks_for_the_wished_start_and_the_note(
    client, household, bridge_builder, placement
):
    offer = SupportOfferFactory(actor=placement)
    client.force_login(bridge_builder)
    url = reverse("households:bridge_add", args=[household.pk])

    too_late = client.post(
        url,
        {"support_offer": offer.pk, "wished_start": (TODAY + timedelta(days=800)).isoformat()},
    )
    assert "wished_start" in too_late.context["form"].errors

    saved = client.post(
        url,
        {
            "support_offer": offer.pk,
            "wished_start": WISHED.isoformat(),
            "note_to_actor": "Flytter om en måned.",
        },
    )
    assert saved.status_code == 302
    bridge = household.bridges.get()
    assert (bridge.wished_start, bridge.note_to_actor) == (WISHED, "Flytter om en måned.")


def test_the_queue_names_the_bridge_builder_and_the_sender_when_the_case_has_none(
    client, actor_contact, placement, builder_with_phone, rehousing_consultant
):
    daycare_request(builder_with_phone, placement)
    orphan = daycare_request(builder_with_phone, placement)
    orphan.household.bridge_builder = None
    orphan.household.save()
    rehousing_consultant.first_name, rehousing_consultant.last_name = "Ole", "Sender"
    rehousing_consultant.save()
    orphan.requested_by = rehousing_consultant
    orphan.save()
    client.force_login(actor_contact)

    page = client.get(reverse("portal:queue")).content.decode()

    assert page.count("Anmodet af Amira Hansen") == 1
    assert page.count("Anmodet af Ole Sender") == 1
    assert "61 23 45 67" not in page  # the phone number is on the answer page
