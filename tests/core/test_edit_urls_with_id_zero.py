"""An edit URL names an object: with id 0 it is that object or 404, never the "new" form
(`if pk:` took 0 for "no id" and opened, and saved, a new record instead)."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActorFactory, AreaFactory, HouseholdFactory

TODAY = timezone.localdate().isoformat()


def _household(users):
    return HouseholdFactory(bridge_builder=users["bridge_builder"])


# url name → (role, kwargs with the id 0, a body that would create a record, its model)
CASES = {
    "households:member_edit": (
        "bridge_builder",
        lambda users: {"pk": _household(users).pk, "member_pk": 0},
        lambda users: {"first_name": "Yasmin", "birth_year": "1990", "relation": "partner"},
        "households.Member",
    ),
    "households:need_edit": (
        "bridge_builder",
        lambda users: {"pk": _household(users).pk, "need_pk": 0},
        lambda users: {"category": "economy", "status": "identified"},
        "households.Need",
    ),
    "households:offer_edit": (
        "bridge_builder",
        lambda users: {"pk": _household(users).pk, "offer_pk": 0},
        lambda users: {
            "address": "Kongensgade 99, 5000 Odense C",
            "rooms": "4",
            "net_rent": "5600",
            "offered_on": TODAY,
            "status": "draft",
        },
        "households.HousingOffer",
    ),
    "actors:offer_edit": (
        "bridge_builder",
        lambda users: {"pk": 0},
        lambda users: {
            "actor": ActorFactory().pk,
            "name": "Lektiecafé",
            "need_categories": ["school"],
            "is_active": "on",
        },
        "actors.SupportOffer",
    ),
    "actors:actor_edit": (
        "bridge_builder",
        lambda users: {"pk": 0},
        lambda users: {"name": "Ny forening", "kind": "ngo", "is_active": "on"},
        "actors.Actor",
    ),
    "actors:contact_edit": (
        "bridge_builder",
        lambda users: {"pk": ActorFactory().pk, "contact_pk": 0},
        lambda users: {"name": "Ny kontakt", "is_active": "on"},
        "actors.ContactPerson",
    ),
    "actors:local_contact_edit": (
        "bridge_builder",
        lambda users: {"pk": AreaFactory().pk, "contact_pk": 0},
        lambda users: {"name": "Klubben", "kind": "club"},
        "actors.LocalContact",
    ),
    "referrals:edit": (
        "rehousing_consultant",
        lambda users: {"pk": 0},
        lambda users: {
            "display_name": "Familien Ny",
            "origin_area": AreaFactory().pk,
            "origin_address": "Granparken 7, 5240 Odense NØ",
            "reason": "Mister støtte ved flytning",
            "urgency": "normal",
            "consent_given_on": TODAY,
            "consent_method": "written",
        },
        "referrals.Referral",
    ),
}


@pytest.mark.parametrize("url_name", sorted(CASES))
def test_an_edit_url_with_id_zero_is_not_found_and_creates_nothing(
    client, url_name, bridge_builder, rehousing_consultant
):
    role, kwargs, body, model = CASES[url_name]
    users = {"bridge_builder": bridge_builder, "rehousing_consultant": rehousing_consultant}
    client.force_login(users[role])
    url = reverse(url_name, kwargs=kwargs(users))
    data = body(users)
    rows = apps.get_model(model).objects.count()
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    assert apps.get_model(model).objects.count() == rows


def test_the_same_body_on_the_create_url_does_create(client, bridge_builder):
    """The control: the bodies above are real creates, so their 404 is the id check."""
    client.force_login(bridge_builder)
    users = {"bridge_builder": bridge_builder}
    _role, _kwargs, body, _model = CASES["actors:actor_edit"]
    response = client.post(reverse("actors:actor_create"), body(users))
    assert response.status_code == 302
    assert apps.get_model("actors.Actor").objects.filter(name="Ny forening").exists()
