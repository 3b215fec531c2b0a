from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from brobygning.core.models import Notification
from followups import reminders
from followups.models import FollowUp
from households import bridges, services
from households.models import Bridge, BridgeChange, Consent
from tests.factories import (
    ActorFactory,
    BridgeFactory,
    ContactPersonFactory,
    HouseholdFactory,
    LocalContactFactory,
    MemberFactory,
    NeedFactory,
    SupportOfferFactory,
    give_local_contact,
)

TODAY = timezone.localdate()


@pytest.fixture
def offer(db):
    return SupportOfferFactory(actor=ActorFactory(name="Pladsanvisningen"))


@pytest.fixture
def contact_user(offer, actor_contact):
    ContactPersonFactory(actor=offer.actor, user=actor_contact, email="kontakt@example.test")
    return actor_contact


def proposed(household, offer, by, **kwargs):
    return bridges.bridge_propose(
        bridge=Bridge(household=household, support_offer=offer, **kwargs), by=by
    )


def consent(household, by, actors=(), every=False):
    return bridges.consent_record(
        consent=Consent(household=household, method="written", covers_all_actors=every),
        actors=actors,
        by=by,
    )


def test_request_without_consent_for_that_actor_is_refused(
    household, bridge_builder, offer, contact_user
):
    bridge = proposed(household, offer, bridge_builder)
    consent(household, bridge_builder, actors=[ActorFactory(name="Jobcentret")])
    with pytest.raises(ValidationError):
        bridges.bridge_request(bridge=bridge, by=bridge_builder)
    bridge.refresh_from_db()
    assert bridge.status == Bridge.Status.PROPOSED


def test_manager_may_send_without_consent_with_a_written_reason_that_is_recorded(
    household, manager, offer, contact_user
):
    bridge = proposed(household, offer, manager)
    with pytest.raises(ValidationError):
        bridges.bridge_request(bridge=bridge, by=manager, override_reason="  ")
    bridges.bridge_request(
        bridge=bridge, by=manager, override_reason="Akut: barnet står uden plads"
    )
    bridge.refresh_from_db()
    assert bridge.status == Bridge.Status.REQUESTED
    assert bridge.consent_override == "Akut: barnet står uden plads"
    assert "Akut" in BridgeChange.objects.filter(bridge=bridge).last().note


def test_requesting_puts_it_in_the_contacts_queue_and_creates_a_chase_follow_up(
    household, bridge_builder, offer, contact_user
):
    consent(household, bridge_builder, actors=[offer.actor])
    bridge = bridges.bridge_request(
        bridge=proposed(household, offer, bridge_builder), by=bridge_builder
    )
    assert Notification.objects.filter(user=contact_user).count() == 1
    assert bridge.answer_token
    followup = FollowUp.objects.get(household=household, rule="bridge_requested")
    assert followup.kind == FollowUp.Kind.BRIDGE_UNANSWERED

    bridges.bridge_answer(
        bridge=bridge, confirmed=True, answer="Plads fra 1. august", by=contact_user
    )
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.CANCELLED
    assert Notification.objects.filter(user=bridge_builder).count() == 1


def test_a_stalled_request_is_chased_once_and_the_chase_is_in_the_history(
    household, bridge_builder, offer, contact_user
):
    consent(household, bridge_builder, actors=[offer.actor])
    bridge = bridges.bridge_request(
        bridge=proposed(household, offer, bridge_builder), by=bridge_builder
    )
    later = timezone.now() + timedelta(days=60)

    assert reminders.chase_stalled_requests(now=later) == 1
    assert reminders.chase_stalled_requests(now=later) == 0

    chases = LogEntry.objects.get_for_object(bridge).filter(
        action=LogEntry.Action.UPDATE, changes__has_key="update_requested_at"
    )
    assert chases.count() == 1


def test_a_request_is_answered_once(household, bridge_builder, offer, contact_user):
    consent(household, bridge_builder, every=True)
    bridge = bridges.bridge_request(
        bridge=proposed(household, offer, bridge_builder), by=bridge_builder
    )
    bridges.bridge_answer(bridge=bridge, confirmed=True, answer="Ja", by=contact_user)
    with pytest.raises(ValidationError):
        bridges.bridge_answer(bridge=bridge, confirmed=True, answer="Ja igen", by=contact_user)
    assert BridgeChange.objects.filter(bridge=bridge, to_status="confirmed").count() == 1


def test_bridge_to_an_inactive_actor_is_refused(household, bridge_builder, offer):
    offer.actor.is_active = False
    offer.actor.save()
    with pytest.raises(ValidationError):
        proposed(household, offer, bridge_builder)
    assert not Bridge.objects.exists()


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("proposed", "confirmed", False),
        ("confirmed", "active", True),
        ("active", "ended", True),
        ("ended", "active", False),
        ("declined", "proposed", True),
    ],
)
def test_bridge_lifecycle_rules(household, bridge_builder, start, target, allowed):
    bridge = BridgeFactory(household=household, local_contact=LocalContactFactory(), status=start)
    if allowed:
        bridges.bridge_set_status(bridge=bridge, status=target, by=bridge_builder)
        bridge.refresh_from_db()
        assert bridge.status == target
    else:
        with pytest.raises(ValidationError):
            bridges.bridge_set_status(bridge=bridge, status=target, by=bridge_builder)


def test_confirmed_local_contact_in_the_receiving_area_meets_closure_criterion_3(household):
    assert services.closure_criteria(household)["new_local_contact"] is False
    bridge = give_local_contact(household)
    assert services.closure_criteria(household)["new_local_contact"] is True
    bridge.local_contact.area = LocalContactFactory().area  # another area
    bridge.local_contact.save()
    assert services.closure_criteria(household)["new_local_contact"] is False


def test_confirmed_school_bridge_for_each_child_meets_closure_criterion_2(household):
    child = MemberFactory(household=household, birth_year=TODAY.year - 8, relation="child")
    need = NeedFactory(household=household, member=child, category="school", status="bridging")
    assert services.closure_criteria(household)["children_enrolled"] is False
    BridgeFactory(
        household=household,
        member=child,
        need=need,
        status="confirmed",
        support_offer=SupportOfferFactory(),
    )
    assert services.closure_criteria(household)["children_enrolled"] is True


def test_answer_link_works_until_it_expires_and_carries_no_personal_data(
    client, household, bridge_builder, offer, settings
):
    ContactPersonFactory(actor=offer.actor, user=None, email="uden-login@example.test")
    consent(household, bridge_builder, every=True)
    bridge = bridges.bridge_request(
        bridge=proposed(household, offer, bridge_builder), by=bridge_builder
    )
    # The e-mail goes after commit; in a test transaction run the callback by hand.
    assert bridge.answer_token
    url = reverse("portal:token_answer", args=[bridge.answer_token])
    response = client.get(url)
    assert response.status_code == 200
    assert household.display_name not in response.content.decode()

    bridge.answer_token_expires_at = timezone.now() - timedelta(minutes=1)
    bridge.save(update_fields=["answer_token_expires_at"])
    assert client.get(url).status_code == 410
    assert client.post(url, {"decision": "confirm"}).status_code == 410
    bridge.refresh_from_db()
    assert bridge.status == Bridge.Status.REQUESTED

    bridges.bridge_reissue_link(bridge=bridge, by=bridge_builder)
    bridge.refresh_from_db()
    assert (
        client.post(
            reverse("portal:token_answer", args=[bridge.answer_token]),
            {"decision": "confirm", "text": "Plads fra 1/8"},
        ).status_code
        == 200
    )
    bridge.refresh_from_db()
    assert bridge.status == Bridge.Status.CONFIRMED


def test_request_e_mail_carries_only_reference_and_link(
    household, bridge_builder, offer, django_capture_on_commit_callbacks
):
    ContactPersonFactory(actor=offer.actor, user=None, email="uden-login@example.test")
    consent(household, bridge_builder, every=True)
    with django_capture_on_commit_callbacks(execute=True):
        bridges.bridge_request(bridge=proposed(household, offer, bridge_builder), by=bridge_builder)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body + mail.outbox[0].subject
    assert household.reference in body
    assert household.display_name not in body and household.origin_address not in body


def test_a_request_to_an_actor_nobody_can_receive_is_not_sent_and_shows_why(
    client, household, bridge_builder, offer
):
    # A contact without a login or an e-mail address cannot receive a request either.
    ContactPersonFactory(actor=offer.actor, user=None, email="")
    consent(household, bridge_builder, every=True)
    bridge = proposed(household, offer, bridge_builder)
    client.force_login(bridge_builder)

    response = client.post(
        reverse("households:bridge_request", args=[household.pk, bridge.pk]), follow=True
    )

    bridge.refresh_from_db()
    assert bridge.status == Bridge.Status.NO_CONTACT
    assert not bridge.requested_at and not bridge.answer_token
    assert not FollowUp.objects.filter(household=household, rule="bridge_requested").exists()
    assert not Notification.objects.exists() and not mail.outbox
    page = response.content.decode()
    assert "Anmodningen er sendt." not in page
    assert "Intet blev sendt: Pladsanvisningen (Odense) har ingen kontaktperson" in page
    panel = page[page.index('data-testid="bridge-no-contact"') :]
    assert reverse("actors:contact_create", args=[offer.actor_id]) in panel
    assert reverse("households:bridge_add", args=[household.pk]) in panel
    assert "Ikke sendt: ingen kontaktperson" in page


def test_a_bridge_without_a_contact_is_sent_once_the_actor_has_one(
    household, bridge_builder, offer, actor_contact
):
    consent(household, bridge_builder, every=True)
    bridge = bridges.bridge_request(
        bridge=proposed(household, offer, bridge_builder), by=bridge_builder
    )
    bridge = bridges.bridge_request(bridge=bridge, by=bridge_builder)
    assert bridge.status == Bridge.Status.NO_CONTACT
    assert BridgeChange.objects.filter(bridge=bridge, to_status="no_contact").count() == 1

    ContactPersonFactory(actor=offer.actor, user=actor_contact)
    bridge = bridges.bridge_request(bridge=bridge, by=bridge_builder)

    assert bridge.status == Bridge.Status.REQUESTED
    assert Notification.objects.filter(user=actor_contact).exists()
    assert FollowUp.objects.filter(household=household, rule="bridge_requested").exists()


def test_bridges_are_visible_to_whoever_may_see_their_case(
    household,
    offer,
    bridge_builder,
    teammate,
    other_bridge_builder,
    manager,
    rehousing_consultant,
    actor_contact,
):
    mine = BridgeFactory(household=household, support_offer=offer)
    other = BridgeFactory(
        household=HouseholdFactory(bridge_builder=other_bridge_builder), support_offer=offer
    )

    def visible(user):
        return set(Bridge.objects.visible_to(user))

    assert visible(bridge_builder) == visible(teammate) == {mine}
    assert visible(other_bridge_builder) == {other}
    assert visible(manager) == {mine, other}
    assert visible(rehousing_consultant) == visible(actor_contact) == set()
