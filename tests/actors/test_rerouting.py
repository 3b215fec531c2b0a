"""Moving a support offer to another actor (#21 item 2): a manager's act, enforced in the
service, and it never takes the requests already sent with it."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors import services
from households import bridges
from households.models import Bridge
from tests.factories import (
    ActorFactory,
    BridgeFactory,
    ConsentFactory,
    ContactPersonFactory,
    SupportOfferFactory,
    UserFactory,
)


@pytest.fixture
def routing(household, actor_contact):
    """An offer of the daycare office with a request sent under the household's consent to
    that office only, and a second actor whose contact must never get it."""
    office = ActorFactory(name="Pladsanvisningen")
    ContactPersonFactory(actor=office, user=actor_contact, email="")
    ContactPersonFactory(actor=office, email="pladsanvisning@example.test")
    other = ActorFactory(name="Jobcentret")
    other_contact = UserFactory(username="kommune2", role="actor_contact")
    ContactPersonFactory(actor=other, user=other_contact)
    ContactPersonFactory(actor=other, email="jobcentret@example.test")
    ConsentFactory(household=household, covers_all_actors=False).actors.add(office)
    offer = SupportOfferFactory(actor=office, name="Dagtilbud", categories=["daycare"])
    sent = BridgeFactory(household=household, support_offer=offer, status=Bridge.Status.PROPOSED)
    bridges.bridge_request(bridge=sent, by=household.bridge_builder)
    sent.refresh_from_db()
    return office, other, other_contact, offer, sent


def _edit(client, offer, actor):
    return client.post(
        reverse("actors:offer_edit", args=[offer.pk]),
        {
            "actor": actor.pk,
            "name": offer.name,
            "need_categories": ["daycare"],
            "is_active": "on",
            "version": offer.version,
        },
    )


def test_a_bridge_builder_posting_another_actor_leaves_the_offer_with_its_actor(
    client, bridge_builder, routing
):
    office, other, _contact, offer, _sent = routing
    client.force_login(bridge_builder)
    form = client.get(reverse("actors:offer_edit", args=[offer.pk])).context["form"]
    assert form.fields["actor"].disabled

    _edit(client, offer, other)
    offer.refresh_from_db()
    assert offer.actor == office


def test_the_service_refuses_a_move_by_a_bridge_builder(bridge_builder, routing):
    office, other, _contact, offer, _sent = routing
    offer.actor = other
    with pytest.raises(ValidationError):
        services.support_offer_save(
            offer=offer, need_categories=["daycare"], areas=[], by=bridge_builder
        )
    offer.refresh_from_db()
    assert offer.actor == office


def test_a_bridge_builder_may_still_choose_the_actor_of_a_new_offer(client, bridge_builder):
    client.force_login(bridge_builder)
    form = client.get(reverse("actors:offer_create")).context["form"]
    assert not form.fields["actor"].disabled


def test_a_manager_moves_the_offer_and_the_sent_request_stays_with_its_actor(
    client, manager, actor_contact, routing, django_capture_on_commit_callbacks
):
    office, other, other_contact, offer, sent = routing
    client.force_login(manager)
    assert _edit(client, offer, other).status_code == 302
    offer.refresh_from_db()
    assert offer.actor == other

    sent.refresh_from_db()
    assert sent.addressed_actor == office
    answer = reverse("portal:answer", args=[sent.pk])
    client.force_login(other_contact)
    assert client.get(answer).status_code == 404
    assert (
        reverse("portal:answer", args=[sent.pk])
        not in client.get(reverse("portal:queue")).content.decode()
    )
    client.force_login(actor_contact)
    assert client.get(answer).status_code == 200

    # A new answer link goes to the office's contacts, not to the new actor's address.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bridges.bridge_reissue_link(bridge=sent, by=manager)
    assert [m.to for m in mail.outbox] == [["pladsanvisning@example.test"]]


def test_a_request_sent_after_the_move_needs_consent_for_the_new_actor(
    manager, bridge_builder, household, routing
):
    _office, other, _contact, offer, _sent = routing
    offer.actor = other
    services.support_offer_save(offer=offer, need_categories=["daycare"], areas=[], by=manager)
    later = BridgeFactory(household=household, support_offer=offer, status=Bridge.Status.PROPOSED)
    with pytest.raises(ValidationError):
        bridges.bridge_request(bridge=later, by=bridge_builder)
    later.refresh_from_db()
    assert later.status == Bridge.Status.PROPOSED and later.addressed_actor is None


def test_the_case_page_names_the_actor_a_request_was_sent_to_after_a_move(
    client, manager, bridge_builder, household, routing
):
    _office, other, _contact, offer, _sent = routing
    offer.actor = other
    services.support_offer_save(offer=offer, need_categories=["daycare"], areas=[], by=manager)
    client.force_login(bridge_builder)
    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "<strong>Dagtilbud</strong> – Pladsanvisningen" in html
    assert "<strong>Dagtilbud</strong> – Jobcentret" not in html
