"""What an actor contact sees is held to the data-classification registry
(GDPR art. 5(1)(c)): no CPR number, no free text about the household, and of the special
categories only the need a bridge is about. The one free text about the household is the note the
bridge-builder wrote for the actor, to be read by them."""

from brobygning.core.classification import CPR, FREE_TEXT, SPECIAL, classification
from households.models import Bridge
from households.portal import (
    ACTOR_CONTACT_FIELDS,
    ANSWERED_FIELDS,
    PENDING_FIELDS,
    SHARED_WITH_CONSENT,
    WRITTEN_FOR_THE_ACTOR,
)

WRITTEN_BY_THE_ACTOR = {"answer"}


def field_at(path):
    """(model, field name) that a `__` path from Bridge ends at."""
    model, *relations, name = [Bridge, *path.split("__")]
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model, name


def test_every_field_an_actor_contact_loads_is_classified():
    for path in ACTOR_CONTACT_FIELDS:
        classification(*field_at(path))  # LookupError names an unclassified field


def test_an_actor_contact_loads_no_cpr_number_and_no_free_text_about_the_household():
    leaks = [
        path
        for path in ACTOR_CONTACT_FIELDS
        if classification(*field_at(path)) in (CPR, FREE_TEXT)
        and path not in WRITTEN_BY_THE_ACTOR | WRITTEN_FOR_THE_ACTOR
    ]
    assert leaks == []


def test_the_only_special_category_data_an_actor_sees_is_the_need_consented_to():
    special = {p for p in ACTOR_CONTACT_FIELDS if classification(*field_at(p)) == SPECIAL}
    assert special == SHARED_WITH_CONSENT


def test_the_portal_lists_load_a_part_of_what_the_answer_page_loads():
    assert set(PENDING_FIELDS) <= set(ACTOR_CONTACT_FIELDS)
    assert set(ANSWERED_FIELDS) <= set(ACTOR_CONTACT_FIELDS)
