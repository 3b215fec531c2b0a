from datetime import timedelta

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from brobygning.core.models import Notification
from households.models import Household, JournalEntry, Phase
from referrals import services
from referrals.events import referral_accepted
from referrals.models import Referral
from tests.factories import HouseholdFactory, ReferralFactory


def test_accepting_creates_the_case_in_phase_one_with_what_the_sender_knew(
    referral, bridge_builder, manager
):
    received = []
    referral_accepted.connect(
        lambda sender, signal, **kw: received.append(kw), weak=False, dispatch_uid="test-accept"
    )
    try:
        household = services.referral_accept(
            referral=referral, bridge_builder=bridge_builder, by=manager
        )
    finally:
        referral_accepted.disconnect(dispatch_uid="test-accept")

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.household == household and referral.assigned_to == bridge_builder
    assert household.phase == Phase.FIRST_CONTACT
    assert household.bridge_builder == bridge_builder
    assert household.display_name == referral.display_name
    assert household.preferred_language == "arabisk" and household.interpreter_needed
    assert household.wishes_home == referral.wishes
    assert sorted(household.needs.values_list("category", flat=True)) == ["daycare", "school"]
    note = household.journal.get().note_text
    assert "Familiementor fra helhedsplanen" in note
    assert received == [{"referral": referral, "household": household}]
    assert Notification.objects.filter(user=referral.sender).exists()


def test_the_needs_copied_from_a_referral_are_in_the_change_history(referral, bridge_builder):
    with set_actor(bridge_builder):
        household = services.referral_accept(
            referral=referral, bridge_builder=bridge_builder, by=bridge_builder
        )

    for need in household.needs.all():
        created = LogEntry.objects.get_for_object(need).get(action=LogEntry.Action.CREATE)
        assert created.actor == bridge_builder
        assert created.changes_dict["category"] == ["None", need.category]


def test_accepting_a_referral_of_a_registered_household_links_it(referral, bridge_builder):
    existing = HouseholdFactory(bridge_builder=bridge_builder)
    existing.needs.create(category="school", noted_by=bridge_builder)
    referral.household = existing
    referral.save()

    household = services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=bridge_builder
    )
    assert household == existing
    assert Household.objects.count() == 1
    assert sorted(household.needs.values_list("category", flat=True)) == ["daycare", "school"]


def test_a_referral_can_be_answered_only_once(referral, bridge_builder):
    services.referral_accept(referral=referral, bridge_builder=bridge_builder, by=bridge_builder)
    with pytest.raises(ValidationError):
        services.referral_decline(referral=referral, reason="other", note="x", by=bridge_builder)
    with pytest.raises(ValidationError):
        services.referral_accept(
            referral=referral, bridge_builder=bridge_builder, by=bridge_builder
        )
    assert Household.objects.count() == 1


def test_decline_needs_a_coded_reason_and_the_sender_is_told(referral, bridge_builder):
    with pytest.raises(ValidationError):
        services.referral_decline(referral=referral, reason="other", note="", by=bridge_builder)
    services.referral_decline(
        referral=referral,
        reason="supported_elsewhere",
        note="Har støttekontaktperson",
        by=bridge_builder,
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decline_reason == "supported_elsewhere"
    assert Notification.objects.filter(user=referral.sender).count() == 1


def test_asking_for_more_information_and_the_answer_round_trip(referral, bridge_builder):
    services.referral_message(referral=referral, text="Hvor gamle er børnene?", by=bridge_builder)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.INFO_REQUESTED
    assert Notification.objects.filter(user=referral.sender).count() == 1

    services.referral_message(referral=referral, text="16, 12, 10 og 4", by=referral.sender)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert Notification.objects.filter(user=bridge_builder).count() == 1
    assert list(referral.messages.values_list("text", flat=True)) == [
        "Hvor gamle er børnene?",
        "16, 12, 10 og 4",
    ]


def test_a_referral_without_consent_cannot_be_sent(rehousing_consultant):
    draft = ReferralFactory(
        sender=rehousing_consultant,
        status="draft",
        sent_at=None,
        consent_given_on=None,
        consent_method="",
    )
    with pytest.raises(ValidationError):
        services.referral_send(referral=draft, by=rehousing_consultant)
    draft.refresh_from_db()
    assert draft.status == Referral.Status.DRAFT


def test_sender_or_manager_may_withdraw_an_unanswered_referral(
    referral, other_rehousing_consultant, manager
):
    with pytest.raises(ValidationError):
        services.referral_withdraw(referral=referral, by=other_rehousing_consultant)
    services.referral_withdraw(referral=referral, by=manager)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN


def test_manager_reopens_a_declined_referral_with_a_note(referral, bridge_builder, manager):
    services.referral_decline(
        referral=referral, reason="household_refuses", note="", by=bridge_builder
    )
    with pytest.raises(ValidationError):
        services.referral_reopen(referral=referral, note="Prøv igen", by=bridge_builder)
    with pytest.raises(ValidationError):
        services.referral_reopen(referral=referral, note=" ", by=manager)
    services.referral_reopen(referral=referral, note="Familien har skiftet mening", by=manager)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


def test_unanswered_referral_is_escalated_to_managers_once_after_n_working_days(
    rehousing_consultant, manager, settings
):
    settings.BROBYGNING = {**settings.BROBYGNING, "REFERRAL_ANSWER_WORKING_DAYS": 3}
    monday = timezone.make_aware(timezone.datetime(2026, 11, 2, 10))
    referral = ReferralFactory(sender=rehousing_consultant, sent_at=monday)

    assert services.referrals_escalate(now=monday + timedelta(days=3)) == 0  # Thursday: 3 days
    assert services.referrals_escalate(now=monday + timedelta(days=4)) == 1  # Friday: 4 days
    assert services.referrals_escalate(now=monday + timedelta(days=5)) == 0  # not twice
    referral.refresh_from_db()
    assert referral.escalated_at is not None
    assert Notification.objects.filter(user=manager).count() == 1
    escalations = LogEntry.objects.get_for_object(referral).filter(
        action=LogEntry.Action.UPDATE, changes__has_key="escalated_at"
    )
    assert escalations.count() == 1


def test_escalation_counts_danish_public_holidays_as_non_working_days(
    rehousing_consultant, manager, settings
):
    settings.BROBYGNING = {**settings.BROBYGNING, "REFERRAL_ANSWER_WORKING_DAYS": 3}
    wednesday_before_easter = timezone.make_aware(timezone.datetime(2026, 4, 1, 10))
    ReferralFactory(sender=rehousing_consultant, sent_at=wednesday_before_easter)
    # Maundy Thursday, Good Friday and Easter Monday are holidays: Tue 7, Wed 8 are days 1–2.
    assert services.referrals_escalate(now=wednesday_before_easter + timedelta(days=7)) == 0
    assert services.referrals_escalate(now=wednesday_before_easter + timedelta(days=9)) == 1


def test_flow_figures_measure_days_to_acceptance_and_to_first_contact(referral, bridge_builder):
    from referrals.selectors import flow_figures

    referral.sent_at = timezone.now() - timedelta(days=2)
    referral.save()
    household = services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=bridge_builder
    )
    JournalEntry.objects.create(
        household=household,
        kind="home_visit",
        note="Første besøg",
        author=bridge_builder,
        occurred_on=timezone.localdate() + timedelta(days=0),
    )
    figures = flow_figures()
    assert figures["accepted"] == 1
    assert 1.9 < figures["median_days_to_accept"] < 2.1
    assert figures["median_days_to_first_contact"] == 0
