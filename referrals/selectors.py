"""Reads for referral pages and the figures the dashboard uses."""

from statistics import median

from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from households.models import JournalEntry
from referrals.models import Referral


def get_referral_for(request, pk):
    """404 for a referral outside the user's scope (no existence leak)."""
    return get_object_or_404(Referral.objects.visible_to(request.user).for_inbox(), pk=pk)


def inbox(user):
    """Unanswered referrals, unopened first, newest first."""
    return (
        Referral.objects.visible_to(user)
        .unanswered()
        .for_inbox()
        .annotate(
            unopened=Case(
                When(opened_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("unopened", "-sent_at")
    )


def recently_answered(user, limit=10):
    return (
        Referral.objects.visible_to(user)
        .filter(status__in=[Referral.Status.ACCEPTED, Referral.Status.DECLINED])
        .for_inbox()
        .order_by("-answered_at")[:limit]
    )


def sent_by(user):
    return Referral.objects.filter(sender=user).for_inbox().order_by("-created_at")


def shared_notes(referral):
    """Journal notes the bridge-builder marked as shared; confidential ones never are."""
    # Only once a bridge-builder accepted the hand-off: typing a case's reference into a
    # referral must not open that case's notes to whoever typed it.
    if referral.household_id is None or referral.status != Referral.Status.ACCEPTED:
        return JournalEntry.objects.none()
    return referral.household.journal.filter(
        shared_with_referrer=True, confidentiality=JournalEntry.Confidentiality.NORMAL
    ).select_related("author")


def first_contact_after(day):
    """The day of the referred household's first contact logged on or after `day` (an
    expression over the outer referral), for a Subquery. The newest-first index on (household,
    occurred_on) finds it without reading the household's whole journal."""
    return (
        JournalEntry.objects.filter(
            household=OuterRef("household"),
            kind__in=JournalEntry.CONTACT_KINDS,
            occurred_on__gte=day,
        )
        .order_by("occurred_on")
        .values("occurred_on")[:1]
    )


def flow_figures(referrals=None):
    """Median days from sent to accepted, and from accepted to the first contact logged."""
    referrals = Referral.objects.all() if referrals is None else referrals
    accepted = referrals.filter(status=Referral.Status.ACCEPTED).annotate(
        first_contact_on=Subquery(first_contact_after(OuterRef("answered_at__date")))
    )
    to_accept, to_contact = [], []
    for referral in accepted.only("sent_at", "answered_at", "household"):
        to_accept.append((referral.answered_at - referral.sent_at).total_seconds() / 86400)
        if referral.first_contact_on:
            answered = timezone.localdate(referral.answered_at)
            to_contact.append((referral.first_contact_on - answered).days)
    return {
        "accepted": len(to_accept),
        "median_days_to_accept": round(median(to_accept), 1) if to_accept else None,
        "median_days_to_first_contact": median(to_contact) if to_contact else None,
    }
