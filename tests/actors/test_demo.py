"""The demo directory seeds the report's actors once, however often it runs."""

import io

from actors import demo
from actors.models import (
    Actor,
    Agreement,
    Area,
    AreaListStatus,
    ContactPerson,
    CriterionThreshold,
    HousingOrganisation,
    LocalContact,
    SupportOffer,
    SupportOfferCategory,
)
from tests.factories import AreaFactory

MODELS = [
    Actor,
    Agreement,
    Area,
    AreaListStatus,
    ContactPerson,
    CriterionThreshold,
    HousingOrganisation,
    LocalContact,
    SupportOffer,
    SupportOfferCategory,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_seed_runs_twice_without_duplicating_anything(actor_contact):
    demo.seed(users={"kommune": actor_contact}, stdout=io.StringIO())
    first = counts()
    demo.seed(users={"kommune": actor_contact}, stdout=io.StringIO())
    assert counts() == first
    assert first["SupportOffer"] >= 8 and first["LocalContact"] >= 8


def test_demo_seed_reuses_areas_the_case_demo_already_created(actor_contact):
    vollsmose = AreaFactory(name="Vollsmose", municipality="Odense")
    demo.seed(users={"kommune": actor_contact}, stdout=io.StringIO())
    assert Area.objects.filter(name="Vollsmose").get() == vollsmose
    assert set(Area.objects.values_list("name", flat=True)) == {
        "Vollsmose",
        "Odense Midtby",
        "Bolbro",
        "Gellerup",
        "Hasle",
        "Trige",
        "Stengårdsvej",
        "Esbjerg Centrum",
    }


def test_the_actor_contact_login_speaks_for_the_daycare_placement_office(actor_contact):
    demo.seed(users={"kommune": actor_contact}, stdout=io.StringIO())
    contact = ContactPerson.objects.select_related("actor").get(user=actor_contact)
    offer = SupportOffer.objects.get(actor=contact.actor)
    assert contact.actor.kind == Actor.Kind.MUNICIPAL
    assert offer.need_categories == ["daycare"]
    assert offer.agreement.title == "Hurtig pladsanvisning til genhusede børn"


def test_the_demo_covers_the_local_contact_kinds_of_the_aarhus_model(actor_contact):
    demo.seed(users={"kommune": actor_contact}, stdout=io.StringIO())
    aarhus_kinds = set(
        LocalContact.objects.filter(area__municipality="Aarhus").values_list("kind", flat=True)
    )
    assert aarhus_kinds >= {
        LocalContact.Kind.SOCIAL_CARETAKER,
        LocalContact.Kind.NEIGHBOUR_AMBASSADOR,
        LocalContact.Kind.DISTRICT_GUIDE,
        LocalContact.Kind.RESIDENTS_BOARD,
        LocalContact.Kind.CLUB,
    }
    assert Area.objects.exclude(facilities="").filter(municipality="Aarhus").count() == 3


def test_every_directory_page_renders_the_demo_data(client, bridge_builder, actor_contact):
    from django.urls import reverse

    demo.seed(users={"kommune": actor_contact}, stdout=io.StringIO())
    client.force_login(bridge_builder)
    offer = SupportOffer.objects.exclude(agreement=None).first()
    area = Area.objects.get(name="Hasle")
    urls = [
        reverse("actors:directory"),
        reverse("actors:offer_detail", args=[offer.pk]),
        reverse("actors:offer_edit", args=[offer.pk]),
        reverse("actors:actor_list"),
        reverse("actors:actor_detail", args=[offer.actor.pk]),
        reverse("actors:area_list"),
        reverse("actors:area_detail", args=[area.pk]),
        reverse("actors:area_detail", args=[Area.objects.get(name="Vollsmose").pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
