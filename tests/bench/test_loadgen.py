"""The load-data generator (`python -m bench.loadgen`): its shapes, reproducibility, refusals."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils import timezone

from actors.models import (
    Actor,
    Agreement,
    Area,
    ContactPerson,
    HousingOrganisation,
    LocalContact,
    SupportOffer,
    SupportOfferCategory,
)
from bench.loadgen import command as loadgen
from brobygning.core.models import AccessLog, Notification, Team, User
from brobygning.core.roles import Role
from followups.models import FollowUp
from households.models import (
    Bridge,
    Closure,
    Consent,
    Household,
    HousingOffer,
    JournalEntry,
    Member,
    Move,
    Need,
    Phase,
    PhaseChange,
)
from referrals.models import Referral
from tests.factories import HouseholdFactory

N = 30
pytestmark = pytest.mark.django_db


def generate(**options):
    out = StringIO()
    loadgen.generate(households=N, stdout=out, **options)
    return out.getvalue()


def snapshot():
    """What the dataset says, without the primary keys a second run cannot repeat."""
    return {
        "households": list(
            Household.objects.order_by("reference").values_list(
                "reference",
                "display_name",
                "phase",
                "opened_on",
                "closed_on",
                "next_contact_on",
                "bridge_builder__username",
                "origin_area__name",
                "receiving_area__name",
            )
        ),
        "members": list(
            Member.objects.order_by(
                "household__reference", "relation", "birth_year", "first_name"
            ).values_list("household__reference", "first_name", "birth_year", "relation")
        ),
        "needs": sorted(Need.objects.values_list("household__reference", "category", "status")),
        "journal": sorted(
            JournalEntry.objects.values_list(
                "household__reference", "occurred_on", "kind", "note", "author__username"
            )
        ),
        "phases": sorted(
            PhaseChange.objects.values_list(
                "household__reference", "from_phase", "to_phase", "changed_at"
            )
        ),
        "followups": sorted(
            FollowUp.objects.values_list(
                "household__reference", "kind", "rule", "due_on", "status", "title"
            )
        ),
        "referrals": sorted(
            Referral.objects.values_list("display_name", "status", "sender__username", "sent_at")
        ),
        "bridges": sorted(
            Bridge.objects.values_list(
                "household__reference", "status", "support_offer__name", "local_contact__name"
            ),
            key=str,
        ),
        "users": sorted(User.objects.values_list("username", "first_name", "team__name")),
        "offers": sorted(SupportOffer.objects.values_list("actor__name", "name", "is_active")),
    }


def test_generator_makes_every_promised_shape():
    output = generate()

    assert "Generated 30 households" in output
    households = Household.objects.all()
    assert households.count() == N
    assert all(h.reference.startswith("L-") for h in households)
    assert all(h.display_name.startswith("Load ") for h in households)
    phases = Counter(households.values_list("phase", flat=True))
    assert phases[Phase.CLOSED] and sum(phases.values()) - phases[Phase.CLOSED]

    # 200 users across the roles, bridge-builders in ten teams, one password hash for all.
    assert User.objects.count() == 200
    per_role = dict(
        Group.objects.annotate(n=Count("user")).values_list("name", "n").filter(name__in=Role)
    )
    assert per_role == {
        Role.BRIDGE_BUILDER: 150,
        Role.MANAGER: 8,
        Role.REHOUSING_CONSULTANT: 20,
        Role.ACTOR_CONTACT: 20,
        Role.ADMINISTRATOR: 2,
    }
    assert Team.objects.count() == 10
    assert User.objects.filter(groups__name=Role.BRIDGE_BUILDER, team=None).count() == 0
    assert User.objects.values("password").distinct().count() == 1
    assert User.objects.first().check_password("load-test")
    assert ContactPerson.objects.filter(user__groups__name=Role.ACTOR_CONTACT).count() == 20

    # Every model the dataset promises has rows.
    for model in (
        HousingOrganisation,
        Area,
        LocalContact,
        Actor,
        ContactPerson,
        Agreement,
        SupportOffer,
        SupportOfferCategory,
        Member,
        Need,
        JournalEntry,
        PhaseChange,
        HousingOffer,
        Move,
        Closure,
        Consent,
        Bridge,
        Referral,
        FollowUp,
        AccessLog,
        Notification,
    ):
        assert model.objects.exists(), model.__name__
    assert Area.objects.filter(is_transformation_area=True).exists()
    assert Area.objects.filter(is_receiving_area=True).exists()

    # Each case tells a consistent story.
    sizes = Counter(Member.objects.values_list("household", flat=True))
    assert set(sizes) == set(households.values_list("pk", flat=True))
    assert 1 <= min(sizes.values()) and max(sizes.values()) <= 6
    children = Member.objects.filter(relation=Member.Relation.CHILD)
    assert children.exists() and all(0 <= child.age() < 18 for child in children)
    assert not households.exclude(phase_changes__isnull=False).exists()
    closed = households.filter(phase=Phase.CLOSED)
    assert Closure.objects.count() == closed.count()
    assert PhaseChange.objects.filter(to_phase=Phase.CLOSED).count() == closed.count()
    assert JournalEntry.objects.count() >= 5 * N  # ~10 per case on average at scale
    assert Referral.objects.filter(status=Referral.Status.ACCEPTED).count() > N // 2
    assert Referral.objects.unanswered().exists()
    today = timezone.localdate()
    assert FollowUp.objects.open().filter(due_on__lt=today).exists()  # overdue
    assert FollowUp.objects.open().filter(due_on__gte=today).exists()  # coming up
    # Each follow-up knows whether its case is closed, as the services keep it.
    assert FollowUp.objects.filter(case_closed=True).exists()
    assert not FollowUp.objects.filter(case_closed=True).exclude(household__in=closed).exists()
    assert not FollowUp.objects.filter(case_closed=False, household__in=closed).exists()


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    generate(seed=7)
    first = snapshot()

    output = generate(seed=7)  # removes the first run's rows, then makes them again

    assert "Removed earlier load data" in output
    assert snapshot() == first
    generate(seed=8)
    assert snapshot()["households"] != first["households"]


def test_refuses_when_real_households_exist_unless_forced():
    real = HouseholdFactory()

    with pytest.raises(loadgen.LoadDataRefused, match="real household"):
        generate()
    assert not Household.objects.filter(reference__startswith="L-").exists()

    generate(force=True)
    generate(force=True)  # a second forced run replaces the load data, never the real case

    assert Household.objects.filter(reference__startswith="L-").count() == N
    assert Household.objects.filter(pk=real.pk).exists()


def test_refuses_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(loadgen.LoadDataRefused, match="production"):
        generate()
    assert not Household.objects.exists()
    assert not User.objects.exists()


def test_closed_share_sets_how_many_cases_are_closed():
    generate(closed_share=1)
    assert not Household.objects.exclude(phase=Phase.CLOSED).exists()

    generate(closed_share=0)
    assert not Household.objects.filter(phase=Phase.CLOSED).exists()

    with pytest.raises(loadgen.LoadDataRefused, match="between 0 and 1"):
        generate(closed_share=1.5)
