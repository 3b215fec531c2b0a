"""The actor contact's portal: only their own requests, only the minimum fields."""

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygning.urls import urlpatterns
from households.models import Bridge
from tests.factories import (
    ActorFactory,
    BridgeFactory,
    ContactPersonFactory,
    MemberFactory,
    NeedFactory,
    SupportOfferFactory,
    UserFactory,
)

TODAY = timezone.localdate()


@pytest.fixture
def request_to_daycare(household, bridge_builder, actor_contact):
    household.display_name = "MRK-NAME Familien Haddad"
    household.origin_address = "MRK-ADDRESS Granparken 12"
    household.save()
    child = MemberFactory(
        household=household, first_name="Nour", birth_year=TODAY.year - 4, relation="child"
    )
    MemberFactory(household=household, first_name="MRK-SIBLING", birth_year=TODAY.year - 12)
    need = NeedFactory(
        household=household, member=child, category="daycare", note="MRK-NEED-NOTE helbred"
    )
    household.journal.create(note="MRK-JOURNAL", author=bridge_builder)
    actor = ActorFactory(name="Pladsanvisningen")
    ContactPersonFactory(actor=actor, user=actor_contact)
    return BridgeFactory(
        household=household,
        member=child,
        need=need,
        status=Bridge.Status.REQUESTED,
        support_offer=SupportOfferFactory(actor=actor),
        requested_at=timezone.now(),
    )


@pytest.fixture
def other_actor_contact(db):
    user = UserFactory(username="kommune2", role="actor_contact")
    ContactPersonFactory(actor=ActorFactory(name="Jobcentret"), user=user)
    return user


def test_portal_urls_are_all_covered():
    resolver = next(p for p in urlpatterns if getattr(p, "namespace", None) == "portal")
    assert {p.name for p in resolver.url_patterns} == {"queue", "answer", "token_answer"}


def test_contact_sees_the_minimum_and_nothing_else(client, actor_contact, request_to_daycare):
    client.force_login(actor_contact)
    for url in (reverse("portal:queue"), reverse("portal:answer", args=[request_to_daycare.pk])):
        html = client.get(url).content.decode()
        assert request_to_daycare.household.reference in html
        assert "Nour" in html and "4" in html
        for marker in ("MRK-NAME", "MRK-ADDRESS", "MRK-SIBLING", "MRK-NEED-NOTE", "MRK-JOURNAL"):
            assert marker not in html


def test_contact_of_another_actor_sees_nothing_and_cannot_answer(
    client, other_actor_contact, request_to_daycare
):
    client.force_login(other_actor_contact)
    assert (
        request_to_daycare.household.reference
        not in client.get(reverse("portal:queue")).content.decode()
    )
    url = reverse("portal:answer", args=[request_to_daycare.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "confirm", "text": "x"}).status_code == 404
    request_to_daycare.refresh_from_db()
    assert request_to_daycare.status == Bridge.Status.REQUESTED


def test_actor_contact_guessing_case_urls_gets_nothing(client, actor_contact, request_to_daycare):
    client.force_login(actor_contact)
    pk = request_to_daycare.household_id
    for name in (
        "households:detail",
        "households:timeline",
        "households:edit",
        "households:journal_add",
        "households:bridge_add",
    ):
        assert client.get(reverse(name, args=[pk])).status_code in (403, 404)


def test_contact_confirms_a_daycare_place(client, actor_contact, request_to_daycare):
    client.force_login(actor_contact)
    url = reverse("portal:answer", args=[request_to_daycare.pk])
    response = client.post(url, {"decision": "confirm", "text": "Plads fra 1. august i Solsikken"})
    assert response.status_code == 302
    request_to_daycare.refresh_from_db()
    assert request_to_daycare.status == Bridge.Status.CONFIRMED
    assert request_to_daycare.answer == "Plads fra 1. august i Solsikken"
    again = client.post(url, {"decision": "confirm", "text": "igen"})
    assert again.status_code == 400
    assert request_to_daycare.changes.filter(to_status="confirmed").count() == 1


def test_declining_needs_a_reason(client, actor_contact, request_to_daycare):
    client.force_login(actor_contact)
    url = reverse("portal:answer", args=[request_to_daycare.pk])
    assert client.post(url, {"decision": "decline", "text": ""}).status_code == 400
    request_to_daycare.refresh_from_db()
    assert request_to_daycare.status == Bridge.Status.REQUESTED


@pytest.mark.parametrize(
    "role", ["bridge_builder", "manager", "rehousing_consultant", "administrator"]
)
def test_other_roles_have_no_portal(client, request, role, request_to_daycare):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("portal:queue")).status_code == 403
    assert client.get(reverse("portal:answer", args=[request_to_daycare.pk])).status_code == 403


def test_portal_query_count_does_not_grow_with_requests(
    client, actor_contact, request_to_daycare, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(actor_contact)
    BridgeFactory(  # a request for the whole household: shows the tenant's first name
        household=request_to_daycare.household,
        status=Bridge.Status.REQUESTED,
        support_offer=request_to_daycare.support_offer,
        requested_at=timezone.now(),
    )
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("portal:queue"))
    for _ in range(15):
        BridgeFactory(
            household=request_to_daycare.household,
            status=Bridge.Status.REQUESTED,
            support_offer=request_to_daycare.support_offer,
            requested_at=timezone.now(),
        )
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("portal:queue"))


def test_the_queue_shows_the_oldest_pending_requests_first_a_page_at_a_time(
    client, actor_contact, request_to_daycare
):
    from datetime import timedelta

    for days in range(30):
        BridgeFactory(
            household=request_to_daycare.household,
            status=Bridge.Status.REQUESTED,
            support_offer=request_to_daycare.support_offer,
            requested_at=timezone.now() - timedelta(days=days + 1),
        )
    client.force_login(actor_contact)
    first = client.get(reverse("portal:queue")).context
    assert len(first["pending"]) == 25
    assert first["pending"][0]["bridge"].requested_at < first["pending"][1]["bridge"].requested_at
    second = client.get(reverse("portal:queue"), {"side": 2}).context
    assert len(second["pending"]) == 6
