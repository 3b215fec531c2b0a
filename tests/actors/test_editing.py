"""Creating and editing directory data: good input is saved, bad input gives 400 with errors
on the form and saves nothing."""

import inspect

import pytest
from django import forms
from django.db import IntegrityError
from django.urls import reverse

from actors import forms as actor_forms
from actors.forms import AreaCriterionValueForm, CriterionThresholdForm
from actors.models import (
    Actor,
    AreaCriterionValue,
    ContactPerson,
    CriterionThreshold,
    LocalContact,
    SupportOffer,
)
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    AreaCriterionValueFactory,
    AreaFactory,
    ContactPersonFactory,
    LocalContactFactory,
    SupportOfferFactory,
)


@pytest.fixture
def logged_in(client, bridge_builder):
    client.force_login(bridge_builder)
    return client


def form_errors(response):
    return response.context["form"].errors


def test_every_directory_model_form_lists_its_fields_explicitly():
    model_forms = [
        cls
        for _, cls in inspect.getmembers(actor_forms, inspect.isclass)
        if issubclass(cls, forms.ModelForm) and cls.__module__ == actor_forms.__name__
    ]
    assert model_forms
    for form_class in model_forms:
        assert isinstance(form_class.Meta.fields, list), form_class
        assert not getattr(form_class.Meta, "exclude", None), form_class


def test_bridge_builder_creates_an_actor(logged_in):
    response = logged_in.post(
        reverse("actors:actor_create"),
        {
            "name": "Jobcenter Odense",
            "kind": "municipal",
            "municipality_code": "461",
            "email": "job@odense.example.test",
            "is_active": "on",
        },
    )
    actor = Actor.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:actor_detail", args=[actor.pk])
    assert (actor.name, actor.kind, actor.email) == (
        "Jobcenter Odense",
        "municipal",
        "job@odense.example.test",
    )


def test_actor_with_an_invalid_email_is_not_saved(logged_in):
    response = logged_in.post(
        reverse("actors:actor_create"),
        {"name": "Jobcenter Odense", "kind": "municipal", "email": "ikke-en-adresse"},
    )
    assert response.status_code == 400
    assert list(form_errors(response)) == ["email"]
    assert not Actor.objects.exists()


def test_two_actors_with_the_same_name_in_one_municipality_are_refused(logged_in):
    ActorFactory(name="Jobcenter", municipality="Odense")
    response = logged_in.post(
        reverse("actors:actor_create"),
        {"name": "Jobcenter", "kind": "municipal", "municipality_code": "461"},
    )
    assert response.status_code == 400
    assert Actor.objects.count() == 1


def test_editing_an_actor_changes_only_the_listed_fields(logged_in):
    actor = ActorFactory(name="Gammelt navn")
    created_at = actor.created_at
    response = logged_in.post(
        reverse("actors:actor_edit", args=[actor.pk]),
        {
            "name": "Nyt navn",
            "kind": "ngo",
            "created_at": "2000-01-01T00:00",
            "id": 999,
            "version": actor.version,
        },
    )
    assert response.status_code == 302
    actor.refresh_from_db()
    assert (actor.pk, actor.name, actor.kind, actor.is_active) == (
        actor.pk,
        "Nyt navn",
        "ngo",
        False,
    )
    assert actor.created_at == created_at


def test_manager_adds_a_contact_person_with_a_linked_actor_contact_login(
    client, manager, actor_contact
):
    client.force_login(manager)
    actor = ActorFactory()
    response = client.post(
        reverse("actors:contact_create", args=[actor.pk]),
        {
            "name": "Sofie Nielsen",
            "role": "Konsulent",
            "email": "sofie@example.test",
            "languages": "dansk, arabisk",
            "user": actor_contact.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:actor_detail", args=[actor.pk])
    contact = ContactPerson.objects.get()
    assert (contact.actor, contact.user, contact.languages) == (
        actor,
        actor_contact,
        "dansk, arabisk",
    )


def test_a_bridge_builder_cannot_link_or_unlink_a_login(logged_in, actor_contact):
    actor = ActorFactory()
    logged_in.post(
        reverse("actors:contact_create", args=[actor.pk]),
        {"name": "Ny kontakt", "user": actor_contact.pk},
    )
    assert ContactPerson.objects.get().user is None

    linked = ContactPersonFactory(actor=actor, user=actor_contact)
    response = logged_in.post(
        reverse("actors:contact_edit", args=[actor.pk, linked.pk]),
        {"name": "Omdøbt", "user": "", "version": linked.version},
    )
    assert response.status_code == 302
    linked.refresh_from_db()
    assert (linked.name, linked.user) == ("Omdøbt", actor_contact)


def test_contact_person_with_an_invalid_email_is_not_saved(client, manager):
    client.force_login(manager)
    actor = ActorFactory()
    response = client.post(
        reverse("actors:contact_create", args=[actor.pk]),
        {"name": "Sofie Nielsen", "email": "sofie@"},
    )
    assert response.status_code == 400
    assert "email" in form_errors(response)
    assert not ContactPerson.objects.exists()


def test_only_an_actor_contact_login_can_be_linked_to_a_contact_person(
    client, manager, bridge_builder
):
    client.force_login(manager)
    actor = ActorFactory()
    response = client.post(
        reverse("actors:contact_create", args=[actor.pk]),
        {"name": "Brobygger", "user": bridge_builder.pk},
    )
    assert response.status_code == 400
    assert "user" in form_errors(response)
    assert not ContactPerson.objects.exists()


def test_one_login_speaks_for_one_contact_person_only(client, manager, actor_contact):
    client.force_login(manager)
    ContactPersonFactory(user=actor_contact)
    actor = ActorFactory()
    response = client.post(
        reverse("actors:contact_create", args=[actor.pk]),
        {"name": "Dobbelt", "user": actor_contact.pk},
    )
    assert response.status_code == 400
    assert ContactPerson.objects.count() == 1
    with pytest.raises(IntegrityError):
        ContactPersonFactory(user=actor_contact)


def test_editing_a_contact_person_keeps_it_with_its_actor(logged_in):
    contact = ContactPersonFactory(name="Før")
    response = logged_in.post(
        reverse("actors:contact_edit", args=[contact.actor.pk, contact.pk]),
        {"name": "Efter", "actor": ActorFactory().pk, "version": contact.version},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Efter"
    assert contact.actor_id == ContactPerson.objects.get().actor_id


def test_a_bridge_builder_sees_the_contact_email_read_only_and_cannot_change_it(logged_in):
    """The e-mail address is where answer links to requests about households go: a changed
    address would reroute them. A bridge-builder still edits the other fields."""
    contact = ContactPersonFactory(name="Før", email="rigtig@example.test")
    url = reverse("actors:contact_edit", args=[contact.actor.pk, contact.pk])
    form = logged_in.get(url).context["form"]
    assert form.fields["email"].disabled
    assert "user" not in form.fields
    response = logged_in.post(
        url, {"name": "Efter", "email": "angriber@example.test", "version": contact.version}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.email) == ("Efter", "rigtig@example.test")


def test_a_bridge_builder_cannot_give_a_new_contact_person_an_email(logged_in):
    actor = ActorFactory()
    logged_in.post(
        reverse("actors:contact_create", args=[actor.pk]),
        {"name": "Ny kontakt", "email": "angriber@example.test"},
    )
    assert ContactPerson.objects.get().email == ""


def test_a_bridge_builder_cannot_reactivate_a_contact_that_requests_no_longer_go_to(
    logged_in,
):
    contact = ContactPersonFactory(name="Gammel", email="gammel@example.test", is_active=False)
    url = reverse("actors:contact_edit", args=[contact.actor.pk, contact.pk])

    response = logged_in.post(
        url, {"name": "Gammel", "is_active": "on", "version": contact.version}
    )

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.is_active is False


def test_a_manager_changes_a_contact_persons_email(client, manager):
    client.force_login(manager)
    contact = ContactPersonFactory(email="gammel@example.test")
    url = reverse("actors:contact_edit", args=[contact.actor.pk, contact.pk])
    assert not client.get(url).context["form"].fields["email"].disabled
    response = client.post(
        url, {"name": contact.name, "email": "ny@example.test", "version": contact.version}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.email == "ny@example.test"


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("bridge_builder", False),
        ("rehousing_consultant", False),
        ("actor_contact", False),
        ("manager", True),
        ("administrator", True),
    ],
)
def test_only_managers_and_administrators_may_reroute_an_actors_requests(request, role, may):
    assert ContactPerson.may_reroute(request.getfixturevalue(role)) is may


def offer_data(owner, **overrides):
    return {
        "actor": owner.pk,
        "name": "Fritidsvejleder",
        "need_categories": ["leisure"],
        "is_active": "on",
        **overrides,
    }


def test_support_offer_is_saved_with_its_needs_areas_and_agreement(logged_in):
    agreement = AgreementFactory()
    midtby, bolbro = AreaFactory(name="Odense Midtby"), AreaFactory(name="Bolbro")
    response = logged_in.post(
        reverse("actors:offer_create"),
        offer_data(
            agreement.actor,
            need_categories=["daycare", "school"],
            areas=[midtby.pk, bolbro.pk],
            agreement=agreement.pk,
        ),
    )
    offer = SupportOffer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:offer_detail", args=[offer.pk])
    assert sorted(offer.need_categories) == ["daycare", "school"]
    assert set(offer.areas.all()) == {midtby, bolbro}
    assert offer.agreement == agreement


def test_editing_an_offer_replaces_its_needs_and_areas(logged_in):
    area = AreaFactory(name="Bolbro")
    offer = SupportOfferFactory(categories=["daycare", "school"], areas=[area])
    response = logged_in.get(reverse("actors:offer_edit", args=[offer.pk]))
    assert sorted(response.context["form"].initial["need_categories"]) == ["daycare", "school"]

    response = logged_in.post(
        reverse("actors:offer_edit", args=[offer.pk]),
        offer_data(
            offer.actor,
            name=offer.name,
            need_categories=["school", "leisure"],
            version=offer.version,
        ),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert sorted(offer.need_categories) == ["leisure", "school"]
    assert not offer.areas.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"need_categories": []}, "need_categories"),
        ({"need_categories": ["not-a-need"]}, "need_categories"),
        ({"name": ""}, "name"),
        ({"actor": "abc"}, "actor"),
        ({"areas": ["abc"]}, "areas"),
    ],
)
def test_support_offer_with_bad_input_is_not_saved(logged_in, overrides, field):
    actor = ActorFactory()
    response = logged_in.post(reverse("actors:offer_create"), offer_data(actor, **overrides))
    assert response.status_code == 400
    assert field in form_errors(response)
    assert not SupportOffer.objects.exists()


def test_an_offer_cannot_use_another_actors_agreement(logged_in):
    actor, foreign = ActorFactory(), AgreementFactory()
    response = logged_in.post(
        reverse("actors:offer_create"), offer_data(actor, agreement=foreign.pk)
    )
    assert response.status_code == 400
    assert "agreement" in form_errors(response)
    assert not SupportOffer.objects.exists()


def test_an_actor_cannot_have_two_offers_with_the_same_name(logged_in):
    offer = SupportOfferFactory(name="Lektiecafé")
    response = logged_in.post(
        reverse("actors:offer_create"), offer_data(offer.actor, name="Lektiecafé")
    )
    assert response.status_code == 400
    assert SupportOffer.objects.count() == 1


@pytest.mark.parametrize("actor_param", ["abc", "999999", ""])
def test_new_offer_page_tolerates_any_preselected_actor(logged_in, actor_param):
    response = logged_in.get(reverse("actors:offer_create"), {"aktoer": actor_param})
    assert response.status_code == 200


def test_area_edit_saves_facilities_and_ignores_identity_fields(logged_in):
    area = AreaFactory(name="Hasle", municipality="Aarhus")
    response = logged_in.post(
        reverse("actors:area_edit", args=[area.pk]),
        {
            "facilities": "Halalslagter på torvet",
            "has_social_housing_plan": "on",
            "homes_count": "1500",
            "name": "Omdøbt",
            "municipality_code": "461",
            "is_transformation_area": "",
            "version": area.version,
        },
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.facilities, area.has_social_housing_plan, area.homes_count) == (
        "Halalslagter på torvet",
        True,
        1500,
    )
    assert (area.name, area.municipality, area.is_transformation_area) == ("Hasle", "Aarhus", True)


@pytest.mark.parametrize("homes", ["0", "-5", "abc", "1.5"])
def test_area_with_a_bad_number_of_homes_is_not_saved(logged_in, homes):
    area = AreaFactory(name="Hasle")
    response = logged_in.post(
        reverse("actors:area_edit", args=[area.pk]),
        {"facilities": "Ny", "homes_count": homes, "version": area.version},
    )
    assert response.status_code == 400
    assert "homes_count" in form_errors(response)
    area.refresh_from_db()
    assert area.facilities == "" and area.homes_count is None


def test_local_contact_is_added_to_the_area(logged_in):
    area = AreaFactory(name="Trige")
    response = logged_in.post(
        reverse("actors:local_contact_create", args=[area.pk]),
        {
            "name": "Hanne Bach",
            "kind": "residents_board",
            "email": "hanne@example.test",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:area_detail", args=[area.pk])
    assert list(area.local_contacts.values_list("name", "kind")) == [
        ("Hanne Bach", "residents_board")
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Hanne", "kind": "club", "email": "hanne-at-example"}, "email"),
        ({"name": "Hanne", "kind": "king"}, "kind"),
        ({"name": "", "kind": "club"}, "name"),
    ],
)
def test_local_contact_with_bad_input_is_not_saved(logged_in, data, field):
    area = AreaFactory(name="Trige")
    response = logged_in.post(reverse("actors:local_contact_create", args=[area.pk]), data)
    assert response.status_code == 400
    assert field in form_errors(response)
    assert not LocalContact.objects.exists()


def test_editing_a_local_contact_can_mark_it_inactive(logged_in):
    contact = LocalContactFactory(name="Kim Sørensen")
    response = logged_in.post(
        reverse("actors:local_contact_edit", args=[contact.area.pk, contact.pk]),
        {"name": "Kim Sørensen", "kind": "social_caretaker", "version": contact.version},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.is_active is False


@pytest.mark.parametrize(
    ("criterion", "value", "valid"),
    [
        ("outside_work_education", "40.5", True),
        ("outside_work_education", "100", True),
        ("outside_work_education", "100.01", False),
        ("income_ratio", "-1", False),
        ("non_western", "250", False),
        ("convictions_ratio", "3.5", True),
        ("convictions_ratio", "150", True),  # a ratio, not a percentage
        ("convictions_ratio", "-0.5", False),
    ],
)
def test_criterion_values_must_be_in_range(criterion, value, valid, db):
    area = AreaFactory(name="Vollsmose")
    data = {"area": area.pk, "year": 2024, "criterion": criterion, "value": value}
    form = AreaCriterionValueForm(data)
    assert form.is_valid() is valid
    if not valid:
        assert list(form.errors) == ["value"]
    threshold = CriterionThresholdForm(
        {"criterion": criterion, "list_status": "vulnerable", "value": value, "valid_from": 2021}
    )
    assert threshold.is_valid() is valid


def test_the_database_refuses_a_percentage_above_100(db):
    with pytest.raises(IntegrityError):
        AreaCriterionValueFactory(criterion="primary_school_only", value=101)


def test_the_database_refuses_a_negative_threshold(db):
    with pytest.raises(IntegrityError):
        CriterionThreshold.objects.create(
            criterion="convictions_ratio", list_status="vulnerable", value=-1, valid_from=2021
        )


def test_an_area_has_one_value_per_criterion_and_year(db):
    value = AreaCriterionValueFactory()
    with pytest.raises(IntegrityError):
        AreaCriterionValueFactory(area=value.area, year=value.year, criterion=value.criterion)


def test_admin_refuses_a_percentage_outside_0_to_100(client, administrator):
    client.force_login(administrator)
    area = AreaFactory(name="Vollsmose")
    response = client.post(
        reverse("admin:actors_areacriterionvalue_add"),
        {"area": area.pk, "year": 2024, "criterion": "non_western", "value": "120"},
    )
    assert response.status_code == 200
    assert "value" in response.context["adminform"].form.errors
    assert not AreaCriterionValue.objects.exists()
