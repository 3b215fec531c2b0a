"""Each role's start page shows its work queue, every item a link to where it is done, from
the same selectors as the pages that list the same things."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from brobygning.core.roles import Role
from brobygning.start.queues import LIMIT
from followups.models import FollowUp
from followups.reminders import escalate
from referrals.services import referrals_escalate
from tests.factories import (
    BridgeFactory,
    ConsentFactory,
    FollowUpFactory,
    HouseholdFactory,
    LocalContactFactory,
    MemberFactory,
    ReferralFactory,
    ReminderFactory,
    SupportOfferFactory,
    UserFactory,
    WorkerHeartbeatFactory,
)


def queue(html, key):
    """The HTML of one queue section."""
    match = re.search(rf'data-testid="queue-{key}">(.*?)</section>', html, re.S)
    assert match, f"no queue {key}"
    return match.group(1)


def count(section):
    return int(re.search(r'data-testid="count">(\d+)<', section).group(1))


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


# --- Bridge-builder ------------------------------------------------------------------------


def test_bridge_builder_sees_overdue_today_and_coming_week_follow_ups_linking_to_each(
    client, bridge_builder, household, other_bridge_builder
):
    today = timezone.localdate()
    late = FollowUpFactory(household=household, due_on=today - timedelta(days=2))
    now = FollowUpFactory(household=household, due_on=today, title="Hjemmebesøg i dag")
    soon = FollowUpFactory(household=household, due_on=today + timedelta(days=4))
    FollowUpFactory(household=household, due_on=today + timedelta(days=30))
    FollowUpFactory(household=HouseholdFactory(bridge_builder=other_bridge_builder))
    html = home(client, bridge_builder)
    for key, followup in (("overdue", late), ("today", now), ("this_week", soon)):
        section = queue(html, key)
        assert count(section) == 1
        assert reverse("followups:detail", args=[followup.pk]) in section
    assert "Hjemmebesøg i dag" in queue(html, "today")


def test_follow_up_counts_match_my_tasks(client, bridge_builder, household):
    today = timezone.localdate()
    for days in (-3, -1, 0):
        FollowUpFactory(household=household, due_on=today + timedelta(days=days))
    client.force_login(bridge_builder)
    tasks = client.get(reverse("followups:tasks")).content.decode()
    html = home(client, bridge_builder)
    overdue_and_today = count(queue(html, "overdue")) + count(queue(html, "today"))
    listed = set(re.findall(r'href="/opfoelgning/(\d+)/"', tasks))
    assert overdue_and_today == len(listed) == 3


def test_empty_queue_says_what_is_fine(client, bridge_builder):
    html = home(client, bridge_builder)
    assert "Ingen overskredne opfølgninger." in queue(html, "overdue")


def test_bridge_builder_sees_referrals_waiting_for_the_team_but_no_drafts(client, bridge_builder):
    waiting = ReferralFactory(display_name="Familien Venter")
    ReferralFactory(display_name="Familien Kladde", status="draft", sent_at=None)
    section = queue(home(client, bridge_builder), "inbox")
    assert count(section) == 1
    assert reverse("referrals:detail", args=[waiting.pk]) in section
    assert "Familien Kladde" not in section


def test_actor_answers_since_the_previous_login_are_shown_and_older_ones_are_not(
    client, bridge_builder, household
):
    now = timezone.now()
    bridge_builder.last_login = now - timedelta(days=1)
    bridge_builder.save(update_fields=["last_login"])
    offer = SupportOfferFactory(name="Lektiecafé")
    BridgeFactory(household=household, support_offer=offer, status="confirmed", answered_at=now)
    old_offer = SupportOfferFactory(name="Gammelt svar")
    BridgeFactory(
        household=household,
        support_offer=old_offer,
        status="declined",
        answered_at=now - timedelta(days=2),
    )
    section = queue(home(client, bridge_builder), "answers")
    assert count(section) == 1
    assert "Lektiecafé" in section and "Gammelt svar" not in section
    assert reverse("households:detail", args=[household.pk]) in section


def test_cases_past_their_next_contact_link_to_the_case_and_the_case_list_filter(
    client, bridge_builder
):
    today = timezone.localdate()
    late = HouseholdFactory(bridge_builder=bridge_builder, next_contact_on=today - timedelta(9))
    HouseholdFactory(bridge_builder=bridge_builder, next_contact_on=today)
    section = queue(home(client, bridge_builder), "no_contact")
    assert count(section) == 1
    assert reverse("households:detail", args=[late.pk]) in section
    assert "?overdue=on" not in section  # the whole list is shown
    for _ in range(LIMIT):
        HouseholdFactory(bridge_builder=bridge_builder, next_contact_on=today - timedelta(1))
    section = queue(home(client, bridge_builder), "no_contact")
    assert count(section) == LIMIT + 1
    assert len(re.findall(r'href="/sager/\d+/"', section)) == LIMIT
    assert reverse("households:caseload") + "?overdue=on" in section


# --- Rehousing consultant ------------------------------------------------------------------


def test_rehousing_consultant_sees_own_referrals_by_status_and_decline_reasons(
    client, rehousing_consultant, other_rehousing_consultant
):
    asked = ReferralFactory(sender=rehousing_consultant, status="info_requested")
    waiting = ReferralFactory(sender=rehousing_consultant)
    draft = ReferralFactory(sender=rehousing_consultant, status="draft", sent_at=None)
    ReferralFactory(
        sender=rehousing_consultant,
        status="declined",
        decline_reason="other",
        decline_note="Får hjælp af bostøtten",
        answered_at=timezone.now(),
    )
    ReferralFactory(sender=other_rehousing_consultant, display_name="Andens henvisning")
    html = home(client, rehousing_consultant)
    assert reverse("referrals:detail", args=[asked.pk]) in queue(html, "info_requested")
    assert reverse("referrals:detail", args=[waiting.pk]) in queue(html, "waiting")
    assert reverse("referrals:edit", args=[draft.pk]) in queue(html, "drafts")
    assert "Får hjælp af bostøtten" in queue(html, "referral_answers")
    assert "Andens henvisning" not in html
    assert reverse("referrals:create") in html


# --- Actor contact -------------------------------------------------------------------------


def test_actor_contact_sees_pending_requests_oldest_first_with_their_age(
    client, actor_contact, actor
):
    now = timezone.now()
    offer = SupportOfferFactory(actor=actor, name="Vuggestueplads")
    newer = BridgeFactory(support_offer=offer, status="requested", requested_at=now)
    older = BridgeFactory(
        support_offer=offer, status="requested", requested_at=now - timedelta(days=9)
    )
    MemberFactory(household=older.household, relation="applicant", first_name="Nour")
    recorder = UserFactory(role=Role.BRIDGE_BUILDER)
    for bridge in (newer, older):  # the portal shows a request sent under consent only
        ConsentFactory(household=bridge.household, recorded_by=recorder)
    BridgeFactory(support_offer=SupportOfferFactory(), status="requested", requested_at=now)
    section = queue(home(client, actor_contact), "pending")
    assert count(section) == 2
    first, second = (reverse("portal:answer", args=[b.pk]) for b in (older, newer))
    assert section.index(first) < section.index(second)
    assert "Venter i 9 dage" in section
    assert "Nour" in section


def test_each_follow_up_list_keeps_its_own_order_and_limit(client, bridge_builder, household):
    """The three lists come back from one query: each still soonest first, LIMIT items each,
    and the automatic ones named by their rule."""
    today = timezone.localdate()
    overdue = [
        FollowUpFactory(household=household, due_on=today - timedelta(days=days))
        for days in range(LIMIT + 2, 0, -1)
    ]
    week = [
        FollowUpFactory(household=household, due_on=today + timedelta(days=days))
        for days in (5, 2, 3)
    ]
    FollowUpFactory(household=household, due_on=today, title="", rule="bridge_requested")
    html = home(client, bridge_builder)
    section = queue(html, "overdue")
    assert count(section) == LIMIT + 2
    shown = [reverse("followups:detail", args=[f.pk]) for f in overdue[:LIMIT]]
    assert [section.index(url) for url in shown] == sorted(section.index(url) for url in shown)
    assert reverse("followups:detail", args=[overdue[LIMIT].pk]) + '"' not in section
    section = queue(html, "this_week")
    order = sorted(week, key=lambda f: f.due_on)
    positions = [section.index(reverse("followups:detail", args=[f.pk])) for f in order]
    assert positions == sorted(positions)
    assert "Anmodning ikke besvaret af aktøren" in queue(html, "today")


def test_an_answer_from_a_local_contact_is_named_by_the_contact(client, bridge_builder, household):
    BridgeFactory(
        household=household,
        local_contact=LocalContactFactory(name="Naboambassadør Ruth"),
        status="confirmed",
        requested_at=timezone.now() - timedelta(days=2),
        answered_at=timezone.now(),
    )
    section = queue(home(client, bridge_builder), "answers")
    assert count(section) == 1
    assert "Naboambassadør Ruth (" in section


# --- Manager -------------------------------------------------------------------------------


def test_escalated_count_leaves_out_closed_cases_but_not_their_bridge_checks(
    client, manager, bridge_builder
):
    today = timezone.localdate()
    late = today - timedelta(days=settings.BROBYGNING["ESCALATE_AFTER_DAYS"] + 2)
    open_case = HouseholdFactory(bridge_builder=bridge_builder)
    closed_case = HouseholdFactory(bridge_builder=bridge_builder, phase="closed", closed_on=today)
    FollowUpFactory(household=open_case, due_on=late)
    FollowUpFactory(household=closed_case, due_on=late)  # no longer relevant
    FollowUpFactory(household=closed_case, due_on=late, kind=FollowUp.Kind.BRIDGE_HOLDS)
    FollowUpFactory(household=open_case, due_on=late, status="done", completed_at=timezone.now())
    section = queue(home(client, manager), "escalated_followups")
    assert count(section) == 2 == escalate()


def test_stalled_requests_are_the_oldest_first_named_by_actor_and_offer(
    client, manager, bridge_builder
):
    today, now = timezone.localdate(), timezone.now()
    household = HouseholdFactory(bridge_builder=bridge_builder)
    offer = SupportOfferFactory(name="Lektiecafé", actor__name="Biblioteket")

    def request(days_ago, *, due_in):
        bridge = BridgeFactory(
            household=household,
            support_offer=offer,
            status="requested",
            requested_at=now - timedelta(days=days_ago),
        )
        FollowUpFactory(
            household=household,
            rule="bridge_requested",
            bridge=bridge,
            trigger_on=today - timedelta(days=days_ago),
            due_on=today + timedelta(days=due_in),
        )
        return bridge

    newer, older = request(5, due_in=-1), request(12, due_in=-5)
    request(1, due_in=3)  # its follow-up is not due yet: not stalled
    answered = request(20, due_in=-10)
    answered.status = "confirmed"
    answered.save()
    section = queue(home(client, manager), "stalled_requests")
    assert count(section) == 2
    assert "Biblioteket (Odense): Lektiecafé" in section
    url = reverse("households:detail", args=[household.pk]) + "#bridges"
    assert section.count(url) == 2
    with translation.override("da"):
        days = [date_format(timezone.localtime(b.requested_at)) for b in (older, newer)]
    assert section.index(days[0]) < section.index(days[1])


def test_manager_sees_what_the_escalation_scans_escalate(client, manager, bridge_builder):
    now, today = timezone.now(), timezone.localdate()
    late = ReferralFactory(sent_at=now - timedelta(days=14))
    ReferralFactory(sent_at=now)
    household = HouseholdFactory(bridge_builder=bridge_builder)
    limit = settings.BROBYGNING["ESCALATE_AFTER_DAYS"]
    overdue = FollowUpFactory(household=household, due_on=today - timedelta(days=limit + 1))
    FollowUpFactory(household=household, due_on=today - timedelta(days=1))
    html = home(client, manager)
    referrals, followups = queue(html, "late_referrals"), queue(html, "escalated_followups")
    assert count(referrals) == 1 and reverse("referrals:detail", args=[late.pk]) in referrals
    assert count(followups) == 1
    assert reverse("followups:detail", args=[overdue.pk]) in followups
    # The same rule as the scans: exactly these are escalated.
    assert referrals_escalate() == 1 and escalate() == 1


def test_manager_sees_stalled_requests_and_unassigned_cases(client, manager, bridge_builder):
    today = timezone.localdate()
    household = HouseholdFactory(bridge_builder=bridge_builder)
    stalled = BridgeFactory(
        household=household,
        support_offer=SupportOfferFactory(),
        status="requested",
        requested_at=timezone.now() - timedelta(days=10),
    )
    FollowUpFactory(
        household=household,
        kind=FollowUp.Kind.BRIDGE_UNANSWERED,
        rule="bridge_requested",
        bridge=stalled,
        trigger_on=today - timedelta(days=10),
        due_on=today - timedelta(days=3),
    )
    unassigned = HouseholdFactory(team=bridge_builder.team)
    html = home(client, manager)
    assert count(queue(html, "stalled_requests")) == 1
    assert reverse("households:detail", args=[household.pk]) in queue(html, "stalled_requests")
    assert reverse("households:assign", args=[unassigned.pk]) in queue(html, "unassigned")
    assert reverse("dashboard:index") in html


# --- Administrator -------------------------------------------------------------------------


def test_administrator_sees_system_health_failed_mail_and_locked_out_users(
    client, administrator, household
):
    WorkerHeartbeatFactory(name="beat")
    WorkerHeartbeatFactory(name="reminder_scan", beat_at=timezone.now() - timedelta(hours=2))
    ReminderFactory(
        followup=FollowUpFactory(household=household), channel="email_now", last_error="550"
    )
    attempt = AccessAttempt.objects.create(
        username="vikar",
        ip_address="127.0.0.1",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/konto/login/",
    )
    html = home(client, administrator)
    health = re.search(r'data-testid="health">(.*?)</section>', html, re.S).group(1)
    assert "Kører" in health and "Stoppet" in health
    assert "1 forsøges igen" in health
    # A heartbeat of a moment ago reads "lige nu", never "for 0 minutter siden".
    assert "lige nu" in health and "0 minutter" not in health
    locked = queue(html, "locked")
    assert "vikar" in locked
    assert reverse("admin:axes_accessattempt_change", args=[attempt.pk]) in locked


@pytest.mark.parametrize(
    "role", ["bridge_builder", "rehousing_consultant", "actor_contact", "manager"]
)
def test_start_page_shows_no_other_roles_queues(client, request, role):
    html = home(client, request.getfixturevalue(role))
    keys = set(re.findall(r'data-testid="queue-(\w+)"', html)) - {"local_drafts"}
    own = {
        "bridge_builder": {"overdue", "today", "this_week", "inbox", "answers", "no_contact"},
        "rehousing_consultant": {"info_requested", "waiting", "referral_answers", "drafts"},
        "actor_contact": {"pending", "answered_requests"},
        "manager": {"late_referrals", "escalated_followups", "stalled_requests", "unassigned"},
    }[role]
    assert keys == own


def test_a_stalled_request_to_a_local_contact_is_named_by_the_contact(
    client, manager, bridge_builder
):
    today = timezone.localdate()
    household = HouseholdFactory(bridge_builder=bridge_builder)
    stalled = BridgeFactory(
        household=household,
        local_contact=LocalContactFactory(name="Naboambassadør Ruth"),
        status="requested",
        requested_at=timezone.now() - timedelta(days=10),
    )
    FollowUpFactory(
        household=household,
        rule="bridge_requested",
        bridge=stalled,
        trigger_on=today - timedelta(days=10),
        due_on=today - timedelta(days=3),
    )
    assert "Naboambassadør Ruth" in queue(home(client, manager), "stalled_requests")
