"""The demo programme tells the dashboard's story: non-trivial figures, like the report's."""

import io

import pytest
from django.core.management import call_command

from brobygning.dashboard import selectors
from brobygning.dashboard.forms import Filters, default_period
from brobygning.dashboard.headlines import headlines
from followups.models import FollowUp, Invitation
from households.models import Household, Phase
from tests.dashboard.conftest import TODAY


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    filters = Filters(*default_period(TODAY))
    data = selectors.dashboard(filters, TODAY)
    return data, {item.key: item for item in headlines(data, filters, TODAY)}


def test_the_demo_is_a_programme_of_about_150_households_and_seeding_twice_adds_nothing(demo):
    count = Household.objects.count()
    assert 150 <= count <= 170
    assert Invitation.objects.exists()

    call_command("seed_demo", stdout=io.StringIO())

    assert Household.objects.count() == count


def test_every_demo_follow_up_knows_whether_its_case_is_closed(demo):
    closed = Household.objects.filter(phase=Phase.CLOSED)
    assert FollowUp.objects.filter(case_closed=True, status=FollowUp.Status.OPEN).exists()
    assert not FollowUp.objects.filter(case_closed=True).exclude(household__in=closed).exists()
    assert not FollowUp.objects.filter(case_closed=False, household__in=closed).exists()


def test_the_demo_visit_figure_reads_like_the_reports_42_of_48(demo):
    _data, items = demo
    visit = items["visit"]

    accepted, offered = (int(n) for n in visit.detail.split()[::2])
    assert 35 <= offered <= 70
    assert 0.8 <= accepted / offered <= 0.95


def test_the_demo_dashboard_has_non_trivial_figures(demo):
    data, items = demo

    assert all(row.received.count for row in data["flow"]["months"])  # referrals every month
    assert data["flow"]["declined"].count > 0
    assert 20 <= data["caseload"]["total"].count <= 120
    closures = data["outcomes"]["all_criteria"]
    assert 0 < closures.part < closures.whole  # some closed with a waived criterion
    assert data["bridges"]["used"].count > 20
    assert 50 <= items["answered"].number < 100  # answered in time: most, not all
    assert items["first_contact"].number is not None
    assert len({row.area.pk for row in data["areas"]["rows"] if row.households.count}) >= 4


def test_nothing_in_the_demo_happened_after_today(demo):
    """Answers, requests and contacts lie in the past: a start page never reads "answered
    17 December" on the 6th."""
    from django.utils import timezone

    from households.models import Bridge, JournalEntry
    from referrals.models import Referral

    now = timezone.now()
    assert not Bridge.objects.filter(answered_at__gt=now).exists()
    assert not Bridge.objects.filter(requested_at__gt=now).exists()
    assert not Referral.objects.filter(answered_at__gt=now).exists()
    assert not Referral.objects.filter(sent_at__gt=now).exists()
    assert not JournalEntry.objects.filter(occurred_on__gt=now.date()).exists()
