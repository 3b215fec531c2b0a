"""The inbox and a sender's own list are paged, so they cost the same however many
referrals a municipality has made."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories import ReferralFactory

PAGE_SIZE = 25


def names_on(response):
    return [referral.display_name for referral in response.context["page"]]


def test_the_inbox_shows_the_waiting_referrals_a_page_at_a_time(
    client, bridge_builder, rehousing_consultant
):
    now = timezone.now()
    for n in range(PAGE_SIZE + 3):
        ReferralFactory(
            sender=rehousing_consultant,
            display_name=f"Familie {n:02}",
            sent_at=now - timedelta(hours=n),
        )
    client.force_login(bridge_builder)

    first = client.get(reverse("referrals:inbox"))
    second = client.get(reverse("referrals:inbox"), {"side": 2})

    assert names_on(first) == [f"Familie {n:02}" for n in range(PAGE_SIZE)]
    assert names_on(second) == [f"Familie {n:02}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
    assert "side=2" in first.content.decode()


def test_a_sender_sees_their_own_referrals_a_page_at_a_time(client, rehousing_consultant):
    ReferralFactory.create_batch(PAGE_SIZE + 1, sender=rehousing_consultant)
    client.force_login(rehousing_consultant)

    first = client.get(reverse("referrals:mine"))
    last = client.get(reverse("referrals:mine"), {"side": "99"})

    assert len(names_on(first)) == PAGE_SIZE
    assert len(names_on(last)) == 1  # a page past the end shows the last page, not an error
