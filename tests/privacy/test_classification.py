"""The record of processing (GDPR art. 30, ASVS 8.3.4): each field of ours has one class."""

import pytest
from django.apps import apps
from django.db import models

from actors.models import Area, ContactPerson
from brobygning.core.classification import (
    KEPT_WHEN_ANONYMISED,
    PERSONAL,
    PERSONAL_DATA,
    REGISTRY,
    SPECIAL,
    FieldClass,
    anonymised_fields,
    classification,
    classified_models,
    fields_of,
    personal_fields,
    stale,
    unclassified,
)
from households.models import Household, Member, Need
from referrals.models import Referral


def test_every_field_of_every_model_of_ours_has_a_class():
    missing = unclassified()

    assert not missing, f"Classify in brobygning/core/classification.py: {', '.join(missing)}"


def test_the_registry_names_no_model_or_field_that_does_not_exist():
    gone = stale()

    assert not gone, f"Remove from brobygning/core/classification.py: {', '.join(gone)}"


def test_every_class_in_the_registry_is_one_of_the_six():
    used = {cls for fields in REGISTRY.values() for cls in fields.values()}

    assert set(FieldClass.values) == {
        "public",
        "internal",
        "personal",
        "special",
        "cpr",
        "free_text",
    }
    assert all(isinstance(cls, FieldClass) for cls in used)


def test_a_field_missing_from_the_registry_is_reported_by_model_and_field():
    member = dict(REGISTRY["households.Member"])
    del member["language"]

    assert unclassified({**REGISTRY, "households.Member": member}) == ["households.Member.language"]


def test_an_entry_for_a_field_or_model_that_is_gone_is_reported():
    registry = {
        **REGISTRY,
        "households.Member": {**REGISTRY["households.Member"], "shoe_size": PERSONAL},
        "households.Pet": {"id": FieldClass.INTERNAL},
    }

    assert stale(registry) == ["households.Member.shoe_size", "households.Pet"]


def test_third_party_models_are_not_in_the_registry():
    labels = {model._meta.label for model in classified_models()}

    assert set(REGISTRY) == labels
    assert {"auditlog.LogEntry", "auth.Group", "axes.AccessAttempt"}.isdisjoint(labels)


def test_fields_kept_by_the_anonymisation_are_coded_personal_data_and_never_text():
    for label, names in KEPT_WHEN_ANONYMISED.items():
        model = apps.get_model(label)
        for name in names:
            assert classification(model, name) in PERSONAL_DATA, f"{label}.{name}"
            # Any typed text can hold a name; codes (choices) cannot.
            field = model._meta.get_field(name)
            typed = isinstance(field, models.CharField | models.TextField) and not field.choices
            assert not typed, f"{label}.{name}"


def test_classification_of_a_field_without_a_class_names_model_and_field():
    with pytest.raises(LookupError, match=r"households\.Member\.shoe_size"):
        classification(Member, "shoe_size")


def test_fields_of_lists_the_fields_of_the_given_classes_in_model_order():
    assert fields_of(Member, PERSONAL) == ["first_name", "birth_year", "phone"]
    assert fields_of("households.Member", PERSONAL, SPECIAL)[:5] == [
        "first_name",
        "birth_year",
        "language",
        "phone",
        "is_interpreter",
    ]
    assert fields_of(Area) == [f.name for f in Area._meta.concrete_fields]


def test_personal_fields_are_personal_special_cpr_and_free_text_not_internal_or_public():
    assert personal_fields(Need) == ["category", "note"]
    assert personal_fields(Area) == []


def test_anonymisation_empties_the_names_but_keeps_what_the_dashboard_counts():
    assert anonymised_fields(Member) == ["first_name", "language", "phone"]
    assert "needs" not in anonymised_fields(Referral)
    assert "reason" in anonymised_fields(Referral)


def test_a_households_language_is_special_but_a_contact_persons_working_languages_are_not():
    assert classification(Household, "preferred_language") == SPECIAL
    assert classification(Member, "language") == SPECIAL
    assert classification(ContactPerson, "languages") == PERSONAL
