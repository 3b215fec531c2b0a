"""Data that puts items in every role's start-page queue."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from followups.models import FollowUp
from tests.factories import (
    ActorFactory,
    BridgeFactory,
    ConsentFactory,
    ContactPersonFactory,
    FollowUpFactory,
    HouseholdFactory,
    MemberFactory,
    ReferralFactory,
    ReminderFactory,
    SupportOfferFactory,
    WorkerHeartbeatFactory,
)


@pytest.fixture
def actor(actor_contact):
    actor = ActorFactory(name="Pladsanvisningen")
    ContactPersonFactory(actor=actor, user=actor_contact)
    return actor


def fill_queues(n, *, bridge_builder, rehousing_consultant, actor):
    """`n` items in each queue of every role (distinct households each time)."""
    today, now = timezone.localdate(), timezone.now()
    offer = SupportOfferFactory(actor=actor)
    limit = settings.BROBYGNING["ESCALATE_AFTER_DAYS"]
    for index in range(n):
        household = HouseholdFactory(
            bridge_builder=bridge_builder, next_contact_on=today - timedelta(days=3)
        )
        MemberFactory(household=household, relation="applicant")
        ConsentFactory(household=household)
        for days in (-(limit + 2), 0, 3):
            FollowUpFactory(household=household, due_on=today + timedelta(days=days))
        ReferralFactory(sender=rehousing_consultant, sent_at=now - timedelta(days=12))
        ReferralFactory(sender=rehousing_consultant, status="info_requested")
        ReferralFactory(sender=rehousing_consultant, status="draft", sent_at=None)
        ReferralFactory(
            sender=rehousing_consultant,
            status="declined",
            decline_reason="other",
            decline_note=f"Anden hjælp {index}",
            answered_at=now,
        )
        BridgeFactory(
            household=household,
            support_offer=offer,
            status="confirmed",
            requested_at=now - timedelta(days=2),
            answered_at=now,
        )
        stalled = BridgeFactory(
            household=household,
            support_offer=offer,
            status="requested",
            requested_at=now - timedelta(days=10),
        )
        FollowUpFactory(
            household=household,
            kind=FollowUp.Kind.BRIDGE_UNANSWERED,
            rule="bridge_requested",
            bridge=stalled,
            trigger_on=today - timedelta(days=10),
            due_on=today - timedelta(days=3),
        )
        HouseholdFactory(team=bridge_builder.team)  # unassigned
        ReminderFactory(
            followup=FollowUpFactory(household=household, due_on=today + timedelta(days=20)),
            channel="email_now",
            attempts=1,
            last_error="550 refused",
        )
        AccessAttempt.objects.create(
            username=f"locked{n}-{index}",
            ip_address="127.0.0.1",
            user_agent="test",
            failures_since_start=settings.AXES_FAILURE_LIMIT,
            get_data="",
            post_data="",
            http_accept="",
            path_info="/konto/login/",
        )
    WorkerHeartbeatFactory(name="beat")
    WorkerHeartbeatFactory(name="reminder_scan")
