import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from households import bridges, services
from households.models import Bridge, Closure, ClosureCancellation, Consent, Need, Phase
from tests.factories import (
    ActorFactory,
    ContactPersonFactory,
    MemberFactory,
    NeedFactory,
    SupportOfferFactory,
    give_local_contact,
)
from tests.factories import close_case as close

TODAY = timezone.localdate()

CHILD_YEAR = 2018


def test_household_without_children_meets_the_children_criterion(household):
    MemberFactory(household=household, birth_year=1980)
    assert services.children_enrolled(household)


def test_child_without_a_school_or_daycare_need_fails_the_children_criterion(household):
    MemberFactory(household=household, birth_year=CHILD_YEAR, relation="child")
    assert not services.children_enrolled(household)


@pytest.mark.parametrize(
    ("status", "enrolled"),
    [("met", True), ("not_needed", True), ("bridging", False), ("identified", False)],
)
def test_children_criterion_follows_the_status_of_the_childs_school_need(
    household, status, enrolled
):
    child = MemberFactory(household=household, birth_year=CHILD_YEAR, relation="child")
    NeedFactory(household=household, member=child, category="school", status=status)
    assert services.children_enrolled(household) is enrolled


def test_closing_with_all_criteria_met_needs_no_justification(household, bridge_builder):
    close(household, bridge_builder)
    household.refresh_from_db()
    assert household.phase == Phase.CLOSED
    assert household.closed_on is not None


def test_closing_with_an_unmet_criterion_needs_a_justification(household, bridge_builder):
    with pytest.raises(ValidationError):
        close(household, bridge_builder, no_longer_asks_for_help=False)
    household.refresh_from_db()
    assert household.phase == Phase.FIRST_CONTACT

    close(household, bridge_builder, no_longer_asks_for_help=False, justification="Flyttet væk")
    household.refresh_from_db()
    assert household.is_closed


def test_derived_children_criterion_cannot_be_ticked_by_hand(household, bridge_builder):
    child = MemberFactory(household=household, birth_year=CHILD_YEAR, relation="child")
    NeedFactory(household=household, member=child, category="daycare", status=Need.Status.BRIDGING)
    with pytest.raises(ValidationError):
        services.household_close(
            closure=Closure(
                household=household,
                practical_in_order=True,
                children_enrolled=True,
                new_local_contact=True,
                no_longer_asks_for_help=True,
            ),
            by=bridge_builder,
        )


def test_closed_case_is_read_only_until_reopened_with_a_reason(client, household, bridge_builder):
    close(household, bridge_builder)
    client.force_login(bridge_builder)

    response = client.post(
        reverse("households:journal_add", args=[household.pk]), {"kind": "home_visit", "note": "x"}
    )
    assert response.status_code == 403

    response = client.post(
        reverse("households:reopen", args=[household.pk]), {"to_phase": Phase.ONGOING, "reason": ""}
    )
    assert response.status_code == 400
    household.refresh_from_db()
    assert household.is_closed

    response = client.post(
        reverse("households:reopen", args=[household.pk]),
        {"to_phase": Phase.ONGOING, "reason": "Familien har brug for hjælp igen"},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.phase == Phase.ONGOING
    assert household.closed_on is None


def _requested_bridge(household, by):
    offer = SupportOfferFactory(actor=ActorFactory(name="Dagtilbud Vest"))
    ContactPersonFactory(actor=offer.actor, email="dagtilbud@example.test")
    bridges.consent_record(
        consent=Consent(household=household, method="written", covers_all_actors=True),
        actors=[],
        by=by,
    )
    bridge = bridges.bridge_propose(bridge=Bridge(household=household, support_offer=offer), by=by)
    return bridges.bridge_request(bridge=bridge, by=by)


def test_closing_ends_a_request_the_user_cancels_and_reopening_sends_it_again(
    household, bridge_builder
):
    bridge = _requested_bridge(household, bridge_builder)
    old_link = bridge.answer_token

    close(household, bridge_builder, cancel={f"bridge-{bridge.pk}": "Familien fandt selv plads"})

    bridge.refresh_from_db()
    assert bridge.status == Bridge.Status.ENDED and bridge.answer_token == ""
    assert bridge.changes.last().note == "Familien fandt selv plads"
    cancelled = ClosureCancellation.objects.get()
    assert (cancelled.kind, cancelled.item_id, cancelled.previous_status) == (
        "bridge",
        bridge.pk,
        "requested",
    )

    services.household_reopen(
        household=household, to_phase=Phase.ONGOING, reason="Ny henvendelse", by=bridge_builder
    )

    bridge.refresh_from_db()
    assert bridge.status == Bridge.Status.REQUESTED
    assert bridge.answer_token and bridge.answer_token != old_link
    cancelled.refresh_from_db()
    assert cancelled.restored_at is not None


def test_closing_keeps_every_open_item_the_user_did_not_cancel(household, bridge_builder):
    bridge = _requested_bridge(household, bridge_builder)
    close(household, bridge_builder)
    bridge.refresh_from_db()
    assert bridge.status == Bridge.Status.REQUESTED
    assert household.followups.get(rule="bridge_requested").status == "open"
    assert not ClosureCancellation.objects.exists()


def test_closing_refuses_to_cancel_an_item_that_is_no_longer_open(household, bridge_builder):
    with pytest.raises(ValidationError):
        close(household, bridge_builder, cancel={"followup-999999": "Væk"})
    household.refresh_from_db()
    assert not household.is_closed


def test_the_close_form_lists_what_is_open_and_needs_a_reason_to_cancel(
    client, household, bridge_builder
):
    bridge = _requested_bridge(household, bridge_builder)
    give_local_contact(household)
    chase = household.followups.get(rule="bridge_requested")
    client.force_login(bridge_builder)
    url = reverse("households:close", args=[household.pk])

    page = client.get(url).content.decode()
    assert "Stadig åbent på sagen" in page
    assert f'name="decision_followup-{chase.pk}"' in page
    assert f'name="decision_bridge-{bridge.pk}"' in page
    assert "Dagtilbud Vest" in page

    body = {
        "closed_on": TODAY.isoformat(),
        "practical_in_order": "on",
        "no_longer_asks_for_help": "on",
        f"decision_followup-{chase.pk}": "cancel",
        f"decision_bridge-{bridge.pk}": "keep",
    }
    refused = client.post(url, body)
    assert refused.status_code == 400
    assert "Skriv, hvorfor den annulleres." in refused.content.decode()
    household.refresh_from_db()
    assert not household.is_closed

    body[f"reason_followup-{chase.pk}"] = "Aktøren har svaret i telefonen"
    assert client.post(url, body).status_code == 302
    chase.refresh_from_db()
    bridge.refresh_from_db()
    assert chase.status == "cancelled" and chase.outcome_note == "Aktøren har svaret i telefonen"
    assert bridge.status == Bridge.Status.REQUESTED
