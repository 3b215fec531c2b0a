"""Addresses as street, postcode and town, the town filled from the shipped postcode table;
municipalities chosen from the 98 by code; phone inputs that open the phone keypad."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.forms import ActorForm, ContactPersonForm
from actors.models import Actor
from brobygning.core.places import (
    municipalities,
    municipality_code,
    postcodes,
    split_address,
    town_for,
    validate_postcode,
)
from households.forms import HouseholdCreateForm
from tests.factories import HouseholdFactory


def test_the_postcode_table_knows_the_towns_of_the_demo_and_the_transformation_areas():
    assert town_for("5240") == "Odense NØ"  # Vollsmose
    assert town_for("8220") == "Brabrand"  # Gellerup
    assert town_for("6705") == "Esbjerg Ø"  # Stengårdsvej
    assert town_for("2650") == "Hvidovre"
    assert town_for("1050") == "København K"  # a range of the inner city
    assert town_for("1620") == "København V"
    assert len(postcodes()) > 1000  # ~600 lines, the Copenhagen ranges spelled out


def test_the_98_municipalities_are_listed_by_official_code():
    table = municipalities()
    assert len(table) == 98
    assert table["101"] == "København"
    assert table["147"] == "Frederiksberg"
    assert table["751"] == "Aarhus"
    assert table["851"] == "Aalborg"
    assert table["461"] == "Odense"
    assert municipality_code("aarhus kommune") == "751"
    assert municipality_code("Atlantis") == ""


@pytest.mark.parametrize("value", ["524", "52400", "52a0", "0000"])
def test_a_postcode_is_four_digits_and_in_use(value):
    with pytest.raises(ValidationError):
        validate_postcode(value)


@pytest.mark.parametrize(
    ("address", "parts"),
    [
        ("Street 1, 2650 Hvidovre", ("Street 1", "2650", "Hvidovre")),
        ("Granparken 12, 2. th., 5240 Odense NØ", ("Granparken 12, 2. th.", "5240", "Odense NØ")),
        ("Gellerupvej 12", ("Gellerupvej 12", "", "")),
        ("Demovej 1, 9999 Nowhere", ("Demovej 1, 9999 Nowhere", "", "")),
    ],
)
def test_a_one_line_address_splits_into_street_postcode_and_town(address, parts):
    assert tuple(split_address(address).values()) == parts


def _household_data(area, **changes):
    return {
        "display_name": "Familien Jensen",
        "origin_area": area.pk,
        "origin_address": "Granparken 3",
        "origin_postcode": "5240",
        "origin_town": "",
        "rehousing_kind": "permanent",
        "rehousing_scope": "external",
        "preferred_language": "dansk",
        **changes,
    }


def test_the_town_is_filled_from_the_postcode_when_left_empty(db, household):
    form = HouseholdCreateForm(_household_data(household.origin_area))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["origin_town"] == "Odense NØ"
    assert form.instance.address_display == "Granparken 3, 5240 Odense NØ"


def test_an_unknown_postcode_is_refused_with_a_danish_message(db, household):
    form = HouseholdCreateForm(_household_data(household.origin_area, origin_postcode="52"))
    assert not form.is_valid()
    assert "origin_postcode" in form.errors


def test_address_and_phone_inputs_tell_the_browser_what_they_hold(db, household):
    html = str(HouseholdCreateForm())
    assert 'autocomplete="address-line1"' in html
    assert 'autocomplete="postal-code"' in html and 'inputmode="numeric"' in html
    assert 'autocomplete="address-level2"' in html
    assert 'data-town-field="id_origin_town"' in html
    # A household's name is not the user's: the browser must not offer it on the next case.
    assert 'name="display_name"' in html and 'autocomplete="off"' in html
    contact = str(ContactPersonForm(by=household.bridge_builder))
    assert 'type="tel"' in contact and 'autocomplete="tel"' in contact
    assert 'autocomplete="name"' in contact


def test_a_municipality_is_chosen_by_code_and_its_name_follows(db, manager):
    form = ActorForm(
        {"name": "Jobcenter", "kind": "municipal", "municipality_code": "751", "is_active": "on"}
    )
    assert '<select name="municipality_code"' in str(form["municipality_code"])
    assert form.is_valid(), form.errors
    actor = form.save()
    assert (actor.municipality_code, actor.municipality) == ("751", "Aarhus")
    assert str(Actor.objects.get(pk=actor.pk)) == "Jobcenter (Aarhus)"


def test_the_postcode_table_is_served_to_the_page_for_filling_in_the_town(client, bridge_builder):
    client.force_login(bridge_builder)
    response = client.get(reverse("postcodes"))
    assert response.status_code == 200
    assert response.json()["8220"] == "Brabrand"
    assert "max-age" in response["Cache-Control"]


def test_the_case_page_shows_the_address_in_one_line(client, bridge_builder, household):
    household.origin_address = "Granparken 3"
    household.origin_postcode, household.origin_town = "5240", "Odense NØ"
    household.save()
    client.force_login(bridge_builder)
    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "Granparken 3, 5240 Odense NØ" in html


def test_existing_one_line_addresses_are_split_by_the_data_migration(db, household):
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    name = "0015_address_postcode_town"
    migration = import_module(f"households.migrations.{name}")
    # The models as the migration sees them (plain managers, as in `migrate`).
    state_apps = MigrationLoader(connection).project_state(("households", name)).apps
    Household = state_apps.get_model("households", "Household")
    Household.objects.filter(pk=household.pk).update(
        origin_address="Street 1, 2650 Hvidovre", origin_postcode="", origin_town=""
    )
    other = HouseholdFactory(origin_address="Gellerupvej 12")

    migration.split_addresses(state_apps, None)

    assert Household.objects.filter(pk=household.pk).values_list(
        "origin_address", "origin_postcode", "origin_town"
    ).get() == ("Street 1", "2650", "Hvidovre")
    assert Household.objects.filter(pk=other.pk).values_list(
        "origin_address", "origin_postcode"
    ).get() == ("Gellerupvej 12", "")


def test_a_whole_address_typed_into_the_street_field_is_split(db, household):
    data = _household_data(
        household.origin_area, origin_address="Street 1, 2650 Hvidovre", origin_postcode=""
    )
    form = HouseholdCreateForm(data)
    assert form.is_valid(), form.errors
    assert (form.instance.origin_address, form.instance.origin_postcode) == ("Street 1", "2650")
    assert form.instance.origin_town == "Hvidovre"
