"""Each rule of the case file is decided by one service function. The forms only parse: input
a form lets through is refused by the service, with the refusal shown on the form, and the
service refuses it the same way when called directly (an import, a script, another view)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from households import bridges, services
from households.forms import ClosureForm, MoveForm, OfferAnswerForm
from households.models import Bridge, Closure, HousingOffer, Move
from tests.factories import (
    AreaFactory,
    BridgeFactory,
    FollowUpFactory,
    HousingOfferFactory,
    SupportOfferFactory,
)

TODAY = timezone.localdate()
JUSTIFY = "Some closure criteria are not met. Write why the case is closed anyway."
DECLINE = "Choose why the offer was declined."
MOVE_DATE = "The move date cannot be before the offer was accepted."


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _refusal(call):
    """The service's refusal as {field: messages} ("__all__" for one about the whole form)."""
    with pytest.raises(ValidationError) as refused:
        call()
    error = refused.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _accepted_offer(household, answered_days_ago=0):
    return HousingOfferFactory(
        household=household,
        status=HousingOffer.Status.ACCEPTED,
        offered_on=TODAY - timedelta(days=20),
        answered_on=TODAY - timedelta(days=answered_days_ago),
    )


# --- Closing with a criterion unmet ------------------------------------------------------


def test_closing_with_a_criterion_unmet_and_no_justification_is_refused_by_the_service(
    household, bridge_builder
):
    closure = Closure(household=household, closed_on=TODAY, practical_in_order=False)
    refusal = _refusal(lambda: services.household_close(closure=closure, by=bridge_builder))
    assert refusal == {"justification": [JUSTIFY]}


def test_the_close_form_leaves_the_justification_rule_to_the_service(
    client, household, bridge_builder
):
    data = {"closed_on": TODAY.isoformat(), "practical_in_order": ""}
    assert ClosureForm(data, instance=Closure(household=household)).is_valid()
    client.force_login(bridge_builder)
    response = client.post(reverse("households:close", args=[household.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["justification"] == [JUSTIFY]
    assert not household.closures.exists()


def test_cancelling_an_open_item_without_a_reason_is_refused_by_the_service(
    household, bridge_builder
):
    followup = FollowUpFactory(household=household)
    closure = Closure(
        household=household, closed_on=TODAY, justification="Familien ønsker det selv"
    )
    key = f"followup-{followup.pk}"
    refusal = _refusal(
        lambda: services.household_close(closure=closure, by=bridge_builder, cancel={key: " "})
    )
    assert refusal == {f"reason_{key}": ["Write why it is cancelled."]}


# --- The household's answer to an offer --------------------------------------------------


def test_declining_an_offer_without_a_reason_is_refused_by_the_service(household, bridge_builder):
    offer = HousingOfferFactory(household=household, status=HousingOffer.Status.OFFERED)
    data = {"status": "declined", "answered_on": TODAY.isoformat(), "decline_reason": ""}
    form = OfferAnswerForm(data)
    assert form.is_valid()
    refusal = _refusal(
        lambda: services.offer_answer(offer=offer, by=bridge_builder, **form.cleaned_data)
    )
    assert refusal == {"decline_reason": [DECLINE]}


def test_the_answer_form_shows_the_services_refusal_next_to_the_decline_reason(
    client, household, bridge_builder
):
    offer = HousingOfferFactory(household=household, status=HousingOffer.Status.OFFERED)
    client.force_login(bridge_builder)
    response = client.post(
        reverse("households:offer_answer", args=[household.pk, offer.pk]),
        {"status": "declined", "answered_on": TODAY.isoformat(), "decline_reason": ""},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["decline_reason"] == [DECLINE]
    offer.refresh_from_db()
    assert offer.status == HousingOffer.Status.OFFERED


# --- The move date ------------------------------------------------------------------------


def test_a_move_before_the_offer_was_accepted_is_refused_on_registering_and_rescheduling(
    household, bridge_builder
):
    offer = _accepted_offer(household, answered_days_ago=0)
    early = TODAY - timedelta(days=3)
    move = Move(
        household=household,
        offer=offer,
        moved_on=early,
        new_address=offer.address,
        receiving_area=offer.receiving_area,
    )
    assert _refusal(lambda: services.move_register(move=move, by=bridge_builder)) == {
        "moved_on": [MOVE_DATE]
    }
    move.moved_on = TODAY
    services.move_register(move=move, by=bridge_builder)
    assert _refusal(
        lambda: services.move_reschedule(move=move, moved_on=early, by=bridge_builder)
    ) == {"moved_on": [MOVE_DATE]}


def test_the_move_form_leaves_the_move_date_rule_to_the_service(household):
    offer = _accepted_offer(household)
    data = {
        "offer": offer.pk,
        "moved_on": (TODAY - timedelta(days=3)).isoformat(),
        "new_address": offer.address,
        "receiving_area": AreaFactory(is_receiving_area=True).pk,
    }
    form = MoveForm(data, instance=Move(household=household), household=household)
    assert form.is_valid(), form.errors


# --- Which offers can still be changed -----------------------------------------------------


@pytest.mark.parametrize("status", HousingOffer.Status.values)
def test_only_an_unanswered_offer_is_open(status):
    assert HousingOffer(status=status).is_open is (status in ("draft", "offered"))


def test_saving_an_answered_offer_is_refused_by_the_service(household, bridge_builder):
    offer = _accepted_offer(household)
    offer.net_rent = 1
    refusal = _refusal(lambda: services.offer_save(offer=offer, by=bridge_builder))
    assert refusal == {"__all__": ["An answered offer cannot be changed."]}


def test_the_case_page_offers_edit_and_answer_only_for_open_offers(
    client, household, bridge_builder
):
    open_offer = HousingOfferFactory(household=household, status=HousingOffer.Status.DRAFT)
    answered = _accepted_offer(household)
    client.force_login(bridge_builder)
    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert reverse("households:offer_answer", args=[household.pk, open_offer.pk]) in html
    assert reverse("households:offer_answer", args=[household.pk, answered.pk]) not in html


# --- Bridge statuses ------------------------------------------------------------------------


@pytest.mark.parametrize("current", Bridge.Status.values)
def test_a_bridge_can_be_set_only_to_the_statuses_the_model_lists(
    household, bridge_builder, current
):
    for target in Bridge.Status.values:
        bridge = BridgeFactory(
            household=household, support_offer=SupportOfferFactory(), status=current
        )
        allowed = target in bridge.next_statuses
        try:
            bridges.bridge_set_status(bridge=bridge, status=target, by=bridge_builder)
        except ValidationError:
            assert not allowed, (current, target)
        else:
            assert allowed, (current, target)


def test_the_case_page_lists_the_statuses_the_model_allows(client, household, bridge_builder):
    bridge = BridgeFactory(
        household=household, support_offer=SupportOfferFactory(), status="confirmed"
    )
    client.force_login(bridge_builder)
    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    select = html.split(f'id="bridge-status-{bridge.pk}"', 1)[1].split("</select>", 1)[0]
    assert select.count("<option") == len(bridge.next_statuses) == 2
    assert 'value="active"' in select and 'value="ended"' in select
