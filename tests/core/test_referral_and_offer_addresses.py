"""The referral's and the housing offer's addresses as street, postcode and town, carried on
to the case (on acceptance) and to the move (from the accepted offer)."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from households.forms import MoveForm
from households.models import HousingOffer
from referrals import services
from referrals.models import Referral
from tests.factories import AreaFactory, HousingOfferFactory, ReferralFactory
from tests.referrals.test_household_rows import FAMILY, referral_post

TODAY = timezone.localdate()


@pytest.fixture
def vollsmose(db):
    return AreaFactory(name="Vollsmose", is_transformation_area=True)


def test_a_referral_takes_street_and_postcode_and_fills_the_town(
    client, rehousing_consultant, vollsmose
):
    client.force_login(rehousing_consultant)
    post = referral_post(vollsmose, FAMILY)
    post.update(origin_address="Granparken 12, 2. th.", origin_postcode="5240", origin_town="")
    assert client.post(reverse("referrals:create"), post).status_code == 302
    referral = Referral.objects.get()
    assert (referral.origin_address, referral.origin_postcode, referral.origin_town) == (
        "Granparken 12, 2. th.",
        "5240",
        "Odense NØ",
    )
    assert referral.address_display == "Granparken 12, 2. th., 5240 Odense NØ"


def test_a_whole_address_typed_into_the_referrals_street_field_is_split(
    client, rehousing_consultant, vollsmose
):
    client.force_login(rehousing_consultant)
    client.post(reverse("referrals:create"), referral_post(vollsmose, FAMILY))
    referral = Referral.objects.get()
    assert (referral.origin_address, referral.origin_postcode, referral.origin_town) == (
        "Granparken 12",
        "5240",
        "Odense NØ",
    )


def test_a_referral_with_an_unknown_postcode_is_refused(client, rehousing_consultant, vollsmose):
    client.force_login(rehousing_consultant)
    post = referral_post(vollsmose, FAMILY)
    post.update(origin_address="Granparken 12", origin_postcode="0001")
    response = client.post(reverse("referrals:create"), post)
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_accepting_a_referral_copies_street_postcode_and_town_to_the_case(bridge_builder):
    referral = ReferralFactory(
        status=Referral.Status.SENT,
        origin_address="Granparken 5, st.",
        origin_postcode="5240",
        origin_town="Odense NØ",
    )
    household = services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=bridge_builder
    )
    assert (household.origin_address, household.origin_postcode, household.origin_town) == (
        "Granparken 5, st.",
        "5240",
        "Odense NØ",
    )


def test_an_offer_takes_street_and_postcode_and_fills_the_town(client, household, bridge_builder):
    area = AreaFactory(name="Odense Midtby")
    client.force_login(bridge_builder)
    response = client.post(
        reverse("households:offer_add", args=[household.pk]),
        {
            "address": "Kongensgade 10, 3. tv.",
            "postcode": "5000",
            "town": "",
            "receiving_area": area.pk,
            "housing_organisation": area.housing_organisation.pk,
            "rooms": 3,
            "net_rent": "5000",
            "offered_on": TODAY.isoformat(),
            "answer_deadline": (TODAY + timedelta(days=14)).isoformat(),
            "status": "offered",
        },
    )
    assert response.status_code == 302
    offer = household.offers.get()
    assert (offer.address, offer.postcode, offer.town) == (
        "Kongensgade 10, 3. tv.",
        "5000",
        "Odense C",
    )
    assert str(offer) == "Kongensgade 10, 3. tv., 5000 Odense C"


def test_the_move_form_starts_from_the_accepted_offers_street_postcode_and_town(household):
    offer = HousingOfferFactory(
        household=household,
        address="Kongensgade 10",
        postcode="5000",
        town="Odense C",
        status=HousingOffer.Status.ACCEPTED,
        answered_on=TODAY,
    )
    form = MoveForm(household=household)
    assert (
        form.initial["offer"],
        form.initial["new_address"],
        form.initial["new_postcode"],
        form.initial["new_town"],
    ) == (offer.pk, "Kongensgade 10", "5000", "Odense C")


def _state(app, name):
    """The migration module and the models as it sees them (plain managers, as in migrate)."""
    return (
        import_module(f"{app}.migrations.{name}"),
        MigrationLoader(connection).project_state((app, name)).apps,
    )


def test_existing_one_line_referral_addresses_are_split_by_the_data_migration(db):
    migration, state_apps = _state("referrals", "0005_referral_postcode_town")
    Model = state_apps.get_model("referrals", "Referral")
    split, whole = ReferralFactory(), ReferralFactory()
    Model.objects.filter(pk=split.pk).update(
        origin_address="Street 1, 2650 Hvidovre", origin_postcode="", origin_town=""
    )
    Model.objects.filter(pk=whole.pk).update(
        origin_address="Gellerupvej 12", origin_postcode="", origin_town=""
    )

    migration.split_addresses(state_apps, None)

    fields = ("origin_address", "origin_postcode", "origin_town")
    assert Model.objects.filter(pk=split.pk).values_list(*fields).get() == (
        "Street 1",
        "2650",
        "Hvidovre",
    )
    assert Model.objects.filter(pk=whole.pk).values_list(*fields).get() == (
        "Gellerupvej 12",
        "",
        "",
    )


def test_existing_one_line_offer_addresses_are_split_by_the_data_migration(household):
    migration, state_apps = _state("households", "0018_offer_postcode_town")
    Model = state_apps.get_model("households", "HousingOffer")
    split, whole = (
        HousingOfferFactory(household=household),
        HousingOfferFactory(household=household),
    )
    Model.objects.filter(pk=split.pk).update(
        address="Kongensgade 10, 3. tv., 5000 Odense C", postcode="", town=""
    )
    Model.objects.filter(pk=whole.pk).update(address="Kongensgade 11", postcode="", town="")

    migration.split_addresses(state_apps, None)

    fields = ("address", "postcode", "town")
    assert Model.objects.filter(pk=split.pk).values_list(*fields).get() == (
        "Kongensgade 10, 3. tv.",
        "5000",
        "Odense C",
    )
    assert Model.objects.filter(pk=whole.pk).values_list(*fields).get() == (
        "Kongensgade 11",
        "",
        "",
    )
