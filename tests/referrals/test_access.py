"""Referral pages as a matrix of roles × pages, including the forbidden cells."""

import pytest
from django.urls import reverse

from brobygning.urls import urlpatterns
from households.models import JournalEntry
from referrals import services
from tests.factories import JournalEntryFactory, ReferralFactory
from tests.policy import expected_get

OBJECT = lambda o: {"pk": o.pk}  # noqa: E731
NONE = lambda o: {}  # noqa: E731

# url name → its kwargs; who gets which status is the policy table's (tests/policy.py).
GET_PAGES = {
    "referrals:inbox": NONE,
    "referrals:mine": NONE,
    "referrals:create": NONE,
    "referrals:import": NONE,
    "referrals:import_template": NONE,
    "referrals:detail": OBJECT,
}
# "sender" sent the referral; "other_rehousing_consultant" did not.
ROLES = (
    "bridge_builder",
    "manager",
    "rehousing_consultant",
    "other_rehousing_consultant",
    "actor_contact",
    "administrator",
)
# The table's edit row is about a draft; a sent referral can no longer be edited by anyone.
EDIT_OF_A_SENT_REFERRAL = {
    "bridge_builder": 403,
    "manager": 403,
    "rehousing_consultant": 403,
    "other_rehousing_consultant": 404,
    "actor_contact": 403,
    "administrator": 403,
}
POST_ONLY = [
    "referrals:send",
    "referrals:accept",
    "referrals:decline",
    "referrals:message",
    "referrals:withdraw",
    "referrals:reopen",
    "referrals:import_confirm",
]


def test_every_referral_url_is_in_the_matrix():
    resolver = next(p for p in urlpatterns if getattr(p, "namespace", None) == "referrals")
    names = {f"referrals:{p.name}" for p in resolver.url_patterns}
    assert names == set(GET_PAGES) | {"referrals:edit"} | set(POST_ONLY)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", list(GET_PAGES))
def test_role_gets_the_status_the_policy_table_gives_on_each_referral_page(
    client, request, referral, url_name, role
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(url_name, kwargs=GET_PAGES[url_name](referral)))
    assert response.status_code == expected_get(url_name, role)


@pytest.mark.parametrize("role", ROLES)
def test_nobody_edits_a_sent_referral(client, request, referral, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("referrals:edit", args=[referral.pk]))
    assert response.status_code == EDIT_OF_A_SENT_REFERRAL[role]


@pytest.mark.parametrize("url_name", [*GET_PAGES, "referrals:edit", *POST_ONLY])
def test_anonymous_visitor_is_sent_to_login(client, referral, url_name):
    kwargs = (
        {"pk": referral.pk}
        if url_name.split(":")[1]
        in {"detail", "edit", "send", "accept", "decline", "message", "withdraw", "reopen"}
        else {}
    )
    response = client.post(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", ["referrals:accept", "referrals:decline", "referrals:send"])
def test_action_urls_refuse_get(client, bridge_builder, referral, url_name):
    client.force_login(bridge_builder)
    assert client.get(reverse(url_name, args=[referral.pk])).status_code == 405


@pytest.mark.parametrize(
    ("role", "url_name", "data", "status"),
    [
        ("rehousing_consultant", "referrals:accept", {"bridge_builder": 1}, 403),
        ("other_rehousing_consultant", "referrals:withdraw", {}, 404),
        ("other_rehousing_consultant", "referrals:message", {"text": "hej"}, 404),
        ("actor_contact", "referrals:decline", {"reason": "other", "note": "x"}, 403),
        ("bridge_builder", "referrals:reopen", {"note": "x"}, 403),
    ],
)
def test_forbidden_actions_change_nothing(client, request, referral, role, url_name, data, status):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse(url_name, args=[referral.pk]), data)
    assert response.status_code == status
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert not referral.messages.exists()


def test_opening_a_referral_leaves_a_read_receipt_for_the_sender(client, bridge_builder, referral):
    client.force_login(referral.sender)
    client.get(reverse("referrals:detail", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.opened_at is None  # the sender's own look is no receipt

    client.force_login(bridge_builder)
    client.get(reverse("referrals:detail", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.opened_by == bridge_builder

    client.force_login(referral.sender)
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert str(bridge_builder) in html


def test_sender_sees_status_phase_and_shared_notes_but_never_confidential_text(
    client, referral, bridge_builder
):
    household = services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=bridge_builder
    )
    JournalEntryFactory(
        household=household, note="MRK-SHARED-1 flyttet godt ind", shared_with_referrer=True
    )
    JournalEntryFactory(
        household=household,
        note="MRK-CONFIDENTIAL-2 helbred",
        confidentiality=JournalEntry.Confidentiality.CONFIDENTIAL,
    )
    JournalEntryFactory(household=household, note="MRK-UNSHARED-3 økonomi")

    client.force_login(referral.sender)
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "MRK-SHARED-1" in html
    assert household.get_phase_display() in html
    assert str(bridge_builder) in html
    assert "MRK-CONFIDENTIAL-2" not in html
    assert "MRK-UNSHARED-3" not in html
    assert client.get(reverse("households:detail", args=[household.pk])).status_code == 403


def test_rehousing_consultant_sees_only_their_own_referrals(
    client, referral, other_rehousing_consultant
):
    theirs = ReferralFactory(sender=other_rehousing_consultant, display_name="Andens familie")
    client.force_login(referral.sender)
    html = client.get(reverse("referrals:mine")).content.decode()
    assert referral.display_name in html and theirs.display_name not in html


def test_inbox_query_count_does_not_grow_with_referrals(
    client, bridge_builder, rehousing_consultant, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(bridge_builder)
    ReferralFactory.create_batch(2, sender=rehousing_consultant)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("referrals:inbox"))
    ReferralFactory.create_batch(25, sender=rehousing_consultant)
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("referrals:inbox"))


def test_a_receiver_outside_the_named_case_is_told_who_accepts_it_without_its_reference(
    client, bridge_builder, other_bridge_builder, rehousing_consultant
):
    from tests.factories import HouseholdFactory

    household = HouseholdFactory(bridge_builder=bridge_builder)
    referral = ReferralFactory(sender=rehousing_consultant, household=household)
    url = reverse("referrals:detail", args=[referral.pk])
    client.force_login(other_bridge_builder)
    html = client.get(url).content.decode()
    assert 'data-testid="linked-case-elsewhere"' in html
    assert household.reference not in html
    client.force_login(bridge_builder)
    html = client.get(url).content.decode()
    assert household.reference in html
    assert 'data-testid="linked-case-elsewhere"' not in html
