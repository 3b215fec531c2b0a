"""The actor contact's portal: only their own requests, only the minimum fields."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygning.urls import urlpatterns
from households.models import Bridge
from tests.factories import (
    ActorFactory,
    BridgeFactory,
    ConsentFactory,
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
    ConsentFactory(household=household, covers_all_actors=False).actors.add(actor)
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


# --- Which requests the portal shows (#21 item 1) -------------------------------------------


def _portal_answers(client, actor_contact, bridge):
    """(status of the answer page, whether the queue names the request, status of the link)."""
    from households import bridges

    client.force_login(actor_contact)
    page = client.get(reverse("portal:answer", args=[bridge.pk])).status_code
    queue = client.get(reverse("portal:queue")).content.decode()
    listed = f'href="{reverse("portal:answer", args=[bridge.pk])}"' in queue
    bridge.refresh_from_db()
    link = bridges.bridge_for_token(bridge.answer_token) if bridge.answer_token else None
    return page, listed, link is not None


@pytest.mark.parametrize("status", ["proposed", "declined", "ended"])
def test_a_bridge_not_sent_or_done_with_is_not_shown_to_the_actor(
    client, actor_contact, request_to_daycare, status
):
    bridge = request_to_daycare
    bridge.status, bridge.answer_token = status, "a-link-token-0123456789"
    bridge.answer_token_expires_at = timezone.now() + timedelta(days=3)
    bridge.save()
    assert _portal_answers(client, actor_contact, bridge) == (404, False, False)


def test_a_proposed_bridge_on_a_case_without_consent_is_not_shown_to_the_actor(
    client, actor_contact, household, request_to_daycare
):
    household.consents.all().delete()
    proposed = BridgeFactory(
        household=household,
        status=Bridge.Status.PROPOSED,
        support_offer=request_to_daycare.support_offer,
    )
    assert _portal_answers(client, actor_contact, proposed)[:2] == (404, False)


def test_a_request_sent_by_the_service_is_shown_with_its_link(
    client, actor_contact, bridge_builder, request_to_daycare
):
    from households import bridges

    proposed = BridgeFactory(
        household=request_to_daycare.household,
        status=Bridge.Status.PROPOSED,
        support_offer=request_to_daycare.support_offer,
    )
    assert _portal_answers(client, actor_contact, proposed)[:2] == (404, False)
    bridges.bridge_request(bridge=proposed, by=bridge_builder)
    assert _portal_answers(client, actor_contact, proposed) == (200, True, True)
    assert proposed.addressed_actor == request_to_daycare.support_offer.actor


def test_a_request_is_hidden_once_the_households_consent_is_withdrawn(
    client, actor_contact, request_to_daycare
):
    consent = request_to_daycare.household.consents.get()
    consent.withdrawn_on = TODAY
    consent.save()
    request_to_daycare.answer_token = "a-link-token-0123456789"
    request_to_daycare.answer_token_expires_at = timezone.now() + timedelta(days=3)
    request_to_daycare.save()
    assert _portal_answers(client, actor_contact, request_to_daycare) == (404, False, False)


def test_a_consent_covering_another_actor_does_not_show_the_request(
    client, actor_contact, request_to_daycare
):
    consent = request_to_daycare.household.consents.get()
    consent.actors.set([ActorFactory(name="Jobcentret")])
    assert _portal_answers(client, actor_contact, request_to_daycare)[:2] == (404, False)


def test_a_request_a_manager_sent_without_consent_with_a_reason_is_shown(
    client, actor_contact, request_to_daycare
):
    request_to_daycare.household.consents.all().delete()
    request_to_daycare.consent_override = "Akut: barnet mister sin plads"
    request_to_daycare.save()
    assert _portal_answers(client, actor_contact, request_to_daycare)[:2] == (200, True)


def test_a_confirmed_request_stays_in_the_answered_list_and_a_declined_one_leaves_it(
    client, actor_contact, request_to_daycare
):
    declined = BridgeFactory(
        household=request_to_daycare.household,
        status=Bridge.Status.DECLINED,
        support_offer=request_to_daycare.support_offer,
        answer="Ingen plads",
    )
    request_to_daycare.status = Bridge.Status.CONFIRMED
    request_to_daycare.save()
    client.force_login(actor_contact)
    answered = client.get(reverse("portal:queue")).context["answered"]
    assert [row["bridge"] for row in answered] == [request_to_daycare]
    assert declined not in [row["bridge"] for row in answered]


def test_opening_the_answer_link_logs_one_read_without_the_token(client, request_to_daycare):
    from brobygning.core.models import AccessLog

    token = "a-link-token-0123456789"
    request_to_daycare.answer_token = token
    request_to_daycare.answer_token_expires_at = timezone.now() + timedelta(days=3)
    request_to_daycare.save()
    response = client.get(reverse("portal:token_answer", args=[token]))
    assert response.status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.action, row.target_type, row.target_id) == (
        None,
        "view",
        "bridge_request",
        str(request_to_daycare.pk),
    )
    assert row.household_reference == request_to_daycare.household.reference
    assert token not in row.path and row.path.endswith("/<token>/")


def test_an_expired_answer_link_logs_nothing(client, request_to_daycare):
    from brobygning.core.models import AccessLog

    response = client.get(reverse("portal:token_answer", args=["no-such-token"]))
    assert response.status_code == 410
    assert not AccessLog.objects.exists()
