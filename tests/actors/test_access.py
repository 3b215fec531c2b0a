"""Who may open which directory page: a matrix of roles × pages, forbidden cells included, as
the one policy table (tests/policy.py) gives them."""

import pytest
from django.urls import reverse

from actors.models import Actor, ContactPerson, LocalContact, SupportOffer
from tests.factories import (
    AreaFactory,
    ContactPersonFactory,
    LocalContactFactory,
    SupportOfferFactory,
)
from tests.policy import APP_ROLES, expected_get, expected_post

# url name → how to build its kwargs from the directory fixture objects.
PAGES = {
    "actors:directory": lambda o: {},
    "actors:offer_create": lambda o: {},
    "actors:offer_detail": lambda o: {"pk": o["offer"].pk},
    "actors:offer_edit": lambda o: {"pk": o["offer"].pk},
    "actors:actor_list": lambda o: {},
    "actors:actor_create": lambda o: {},
    "actors:actor_detail": lambda o: {"pk": o["actor"].pk},
    "actors:actor_edit": lambda o: {"pk": o["actor"].pk},
    "actors:contact_create": lambda o: {"pk": o["actor"].pk},
    "actors:contact_edit": lambda o: {"pk": o["actor"].pk, "contact_pk": o["contact"].pk},
    "actors:area_list": lambda o: {},
    "actors:area_detail": lambda o: {"pk": o["area"].pk},
    "actors:area_edit": lambda o: {"pk": o["area"].pk},
    "actors:door_hanger": lambda o: {"pk": o["area"].pk},
    "actors:local_contact_create": lambda o: {"pk": o["area"].pk},
    "actors:local_contact_edit": lambda o: {
        "pk": o["area"].pk,
        "contact_pk": o["local_contact"].pk,
    },
}
LIST_PAGES = {
    "actors:directory",
    "actors:offer_create",
    "actors:actor_list",
    "actors:actor_create",
    "actors:area_list",
}
READ_ONLY_PAGES = {
    "actors:offer_detail",
    "actors:actor_detail",
    "actors:area_detail",
}
# Lists whose search form posts (the terms stay out of the URL) and then redirects.
SEARCH_PAGES = {
    "actors:directory",
    "actors:actor_list",
    "actors:area_list",
    "actors:door_hanger",
}


@pytest.fixture
def directory_objects(db):
    area = AreaFactory(name="Hasle", municipality="Aarhus")
    offer = SupportOfferFactory(categories=["leisure"], areas=[area])
    return {
        "area": area,
        "offer": offer,
        "actor": offer.actor,
        "contact": ContactPersonFactory(actor=offer.actor),
        "local_contact": LocalContactFactory(area=area),
    }


def url_for(url_name, objects):
    return reverse(url_name, kwargs=PAGES[url_name](objects))


def test_every_directory_url_is_in_the_matrix():
    from brobygning.urls import urlpatterns

    resolver = next(p for p in urlpatterns if getattr(p, "namespace", None) == "actors")
    names = {f"actors:{p.name}" for p in resolver.url_patterns}
    assert names == set(PAGES)


@pytest.mark.parametrize("role", APP_ROLES)
@pytest.mark.parametrize("url_name", list(PAGES))
def test_role_gets_the_status_the_policy_table_gives_on_each_directory_page(
    client, request, directory_objects, url_name, role
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url_for(url_name, directory_objects))
    assert response.status_code == expected_get(url_name, role)


@pytest.mark.parametrize("url_name", list(PAGES))
def test_anonymous_visitor_is_sent_to_login_from_every_directory_page(
    client, directory_objects, url_name
):
    response = client.get(url_for(url_name, directory_objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", sorted(READ_ONLY_PAGES))
def test_read_only_directory_pages_refuse_post(client, bridge_builder, directory_objects, url_name):
    client.force_login(bridge_builder)
    assert client.post(url_for(url_name, directory_objects)).status_code == 405


@pytest.mark.parametrize("url_name", sorted(SEARCH_PAGES))
def test_a_search_post_redirects_back_to_the_list_and_writes_nothing(
    client, bridge_builder, directory_objects, url_name
):
    client.force_login(bridge_builder)
    url = url_for(url_name, directory_objects)
    response = client.post(url, {"q": "Hasle", "opgang": "Opgang 3"})
    assert response.status_code == 303
    assert response["Location"].startswith(url)
    assert "Hasle" not in response["Location"] and "Opgang" not in response["Location"]
    assert ContactPerson.objects.count() == LocalContact.objects.count() == 1


@pytest.mark.parametrize("url_name", sorted(set(PAGES) - READ_ONLY_PAGES))
def test_edit_pages_refuse_delete(client, bridge_builder, directory_objects, url_name):
    client.force_login(bridge_builder)
    assert client.delete(url_for(url_name, directory_objects)).status_code == 405


@pytest.mark.parametrize("url_name", sorted(set(PAGES) - LIST_PAGES))
def test_unknown_ids_give_404(client, bridge_builder, directory_objects, url_name):
    client.force_login(bridge_builder)
    kwargs = {name: 999_999 for name in PAGES[url_name](directory_objects)}
    assert client.get(reverse(url_name, kwargs=kwargs)).status_code == 404


def test_a_contact_person_is_only_reached_through_its_own_actor(
    client, bridge_builder, directory_objects
):
    client.force_login(bridge_builder)
    other_actor = ContactPersonFactory().actor
    url = reverse("actors:contact_edit", args=[other_actor.pk, directory_objects["contact"].pk])
    assert client.get(url).status_code == 404


def test_a_local_contact_is_only_reached_through_its_own_area(
    client, bridge_builder, directory_objects
):
    client.force_login(bridge_builder)
    other_area = AreaFactory(name="Trige", municipality="Aarhus")
    url = reverse(
        "actors:local_contact_edit", args=[other_area.pk, directory_objects["local_contact"].pk]
    )
    assert client.get(url).status_code == 404


# The directory's changing pages, each with a valid POST body.
CHANGES = {
    "actors:actor_edit": lambda o: {"name": "Ændret", "kind": "ngo"},
    "actors:actor_create": lambda o: {"name": "Ny aktør", "kind": "ngo"},
    "actors:offer_create": lambda o: {
        "actor": o["actor"].pk,
        "name": "Nyt tilbud",
        "need_categories": ["daycare"],
    },
    "actors:contact_create": lambda o: {"name": "Ny kontakt"},
    "actors:local_contact_create": lambda o: {"name": "X", "kind": "club"},
    "actors:area_edit": lambda o: {"facilities": "Ændret"},
}
# The roles the policy table refuses every one of those POSTs.
REFUSED = [role for role in APP_ROLES if all(expected_post(name, role) == 403 for name in CHANGES)]


def test_the_directory_is_refused_to_the_roles_without_it():
    assert set(REFUSED) == {"rehousing_consultant", "actor_contact", "administrator"}


@pytest.mark.parametrize("role", REFUSED)
def test_roles_without_the_directory_cannot_change_it_by_posting(
    client, request, directory_objects, role
):
    client.force_login(request.getfixturevalue(role))
    actor, area = directory_objects["actor"], directory_objects["area"]
    for url_name, body in CHANGES.items():
        response = client.post(url_for(url_name, directory_objects), body(directory_objects))
        assert response.status_code == expected_post(url_name, role)
    actor.refresh_from_db()
    area.refresh_from_db()
    assert actor.name != "Ændret" and area.facilities != "Ændret"
    assert Actor.objects.count() == 1
    assert SupportOffer.objects.count() == 1
    assert ContactPerson.objects.count() == 1
    assert LocalContact.objects.count() == 1
