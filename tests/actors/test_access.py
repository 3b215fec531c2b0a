"""Who may open which directory page: a matrix of roles × pages, forbidden cells included."""

import pytest
from django.urls import reverse

from actors.models import Actor, ContactPerson, LocalContact, SupportOffer
from tests.factories import (
    AreaFactory,
    ContactPersonFactory,
    LocalContactFactory,
    SupportOfferFactory,
)

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

# role fixture → expected GET status. The directory is shared: not scoped to a team.
DIRECTORY_ACCESS = {
    "bridge_builder": 200,
    "other_bridge_builder": 200,
    "manager": 200,
    "rehousing_consultant": 403,
    "actor_contact": 403,
    "administrator": 403,  # edits directory data in Django admin
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


@pytest.mark.parametrize("role", list(DIRECTORY_ACCESS))
@pytest.mark.parametrize("url_name", list(PAGES))
def test_role_gets_the_expected_status_on_each_directory_page(
    client, request, directory_objects, url_name, role
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url_for(url_name, directory_objects))
    assert response.status_code == DIRECTORY_ACCESS[role]


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


@pytest.mark.parametrize("role", ["rehousing_consultant", "actor_contact", "administrator"])
def test_roles_without_the_directory_cannot_change_it_by_posting(
    client, request, directory_objects, role
):
    client.force_login(request.getfixturevalue(role))
    actor, area = directory_objects["actor"], directory_objects["area"]
    posts = [
        (url_for("actors:actor_edit", directory_objects), {"name": "Ændret", "kind": "ngo"}),
        (reverse("actors:actor_create"), {"name": "Ny aktør", "kind": "ngo"}),
        (
            reverse("actors:offer_create"),
            {"actor": actor.pk, "name": "Nyt tilbud", "need_categories": ["daycare"]},
        ),
        (url_for("actors:contact_create", directory_objects), {"name": "Ny kontakt"}),
        (url_for("actors:local_contact_create", directory_objects), {"name": "X", "kind": "club"}),
        (url_for("actors:area_edit", directory_objects), {"facilities": "Ændret"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    actor.refresh_from_db()
    area.refresh_from_db()
    assert actor.name != "Ændret" and area.facilities != "Ændret"
    assert Actor.objects.count() == 1
    assert SupportOffer.objects.count() == 1
    assert ContactPerson.objects.count() == 1
    assert LocalContact.objects.count() == 1
