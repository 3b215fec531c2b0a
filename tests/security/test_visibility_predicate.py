"""Queryset scoping equals the permission predicate.

`Household.objects.visible_to(user)` scopes every list, search, count and export of cases;
`Household.is_visible_to(user)` decides for one loaded case. Hypothesis generates users of
every role combination, with and without a team (and inactive ones), cases with and
without a bridge-builder or team, open and closed, and referrals between them (which must
not widen anybody's scope), and checks that the two always agree. The caseload page then
shows the count of exactly that scope.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from brobygning.core.models import User
from brobygning.core.roles import Role
from households.models import Household
from households.models import Phase as CasePhase
from referrals.models import Referral
from tests.factories import HouseholdFactory, ReferralFactory, TeamFactory, UserFactory

TEAMS = 2
INDEX = st.integers(min_value=0, max_value=7)  # into the generated users, modulo their number
TEAM = st.none() | st.integers(min_value=0, max_value=TEAMS - 1)

WORLDS = st.fixed_dictionaries(
    {
        "users": st.lists(
            st.fixed_dictionaries(
                {
                    "roles": st.frozensets(st.sampled_from(list(Role)), max_size=2),
                    "team": TEAM,
                    "active": st.booleans(),
                }
            ),
            min_size=1,
            max_size=5,
        ),
        "households": st.lists(
            st.fixed_dictionaries(
                {"bridge_builder": st.none() | INDEX, "team": TEAM, "closed": st.booleans()}
            ),
            max_size=6,
        ),
        "referrals": st.lists(
            st.fixed_dictionaries(
                {
                    "sender": INDEX,
                    "assigned_to": st.none() | INDEX,
                    "household": st.none() | INDEX,
                    "status": st.sampled_from(list(Referral.Status)),
                }
            ),
            max_size=4,
        ),
    }
)


def _build(world):
    teams = [TeamFactory(name=f"Hold {n}") for n in range(TEAMS)]
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role}
    users = []
    for n, spec in enumerate(world["users"]):
        team = None if spec["team"] is None else teams[spec["team"]]
        user = UserFactory(username=f"scope{n}", team=team, is_active=spec["active"])
        user.groups.set([groups[role] for role in spec["roles"]])
        users.append(user)

    def pick(index):
        return None if index is None else users[index % len(users)]

    households = [
        HouseholdFactory(
            bridge_builder=pick(spec["bridge_builder"]),
            team=None if spec["team"] is None else teams[spec["team"]],
            phase=CasePhase.CLOSED if spec["closed"] else CasePhase.FIRST_CONTACT,
            closed_on=timezone.localdate() if spec["closed"] else None,
        )
        for spec in world["households"]
    ]
    for spec in world["referrals"]:
        household = spec["household"]
        ReferralFactory(
            sender=pick(spec["sender"]),
            assigned_to=pick(spec["assigned_to"]),
            household=households[household % len(households)]
            if households and household is not None
            else None,
            status=spec["status"],
            decline_reason=Referral.DeclineReason.OTHER,
        )
    # Fresh from the database, as a request would load them (roles are cached per instance).
    return list(User.objects.filter(pk__in=[user.pk for user in users]))


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=WORLDS)
def test_the_household_queryset_scope_equals_the_one_case_predicate_for_every_user(db, world):
    with transaction.atomic():
        users = _build(world)
        every_case = list(Household.objects.all())
        for user in [AnonymousUser(), *users]:
            scoped = set(Household.objects.visible_to(user))
            assert scoped == {h for h in every_case if h.is_visible_to(user)}, (
                user,
                getattr(user, "roles", None),
            )
        transaction.set_rollback(True)


def _may_read_referral(user, referral):
    """The referral rule for one referral: the sender; a manager once it is sent; a
    bridge-builder once it is sent, and after acceptance only if they see the case."""
    if not user.is_authenticated:
        return False
    if referral.sender_id == user.pk:
        return True
    if referral.status == Referral.Status.DRAFT:
        return False
    if user.has_role(Role.MANAGER):
        return True
    if not user.has_role(Role.BRIDGE_BUILDER):
        return False
    if referral.status != Referral.Status.ACCEPTED:
        return True
    return referral.household is not None and referral.household.is_visible_to(user)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=WORLDS)
def test_the_referral_queryset_scope_equals_the_one_referral_rule_for_every_user(db, world):
    """An accepted referral follows its case's visibility (#21 item 17)."""
    with transaction.atomic():
        users = _build(world)
        every_referral = list(Referral.objects.select_related("household"))
        for user in [AnonymousUser(), *users]:
            scoped = set(Referral.objects.visible_to(user))
            assert scoped == {r for r in every_referral if _may_read_referral(user, r)}, (
                user,
                getattr(user, "roles", None),
            )
        transaction.set_rollback(True)


@pytest.mark.parametrize(("role", "expected"), [("bridge_builder", 3), ("manager", 5)])
def test_the_caseload_page_counts_exactly_the_open_cases_in_the_users_scope(
    client, request, settings, bridge_builder, teammate, other_bridge_builder, role, expected
):
    # Smaller pages than cases, so the count cannot be the length of the page.
    settings.BROBYGNING = {**settings.BROBYGNING, "CASELOAD_PAGE_SIZE": 2}
    HouseholdFactory.create_batch(2, bridge_builder=bridge_builder)
    HouseholdFactory(bridge_builder=teammate)
    HouseholdFactory(bridge_builder=other_bridge_builder)
    HouseholdFactory(bridge_builder=None, team=None)
    HouseholdFactory(
        bridge_builder=bridge_builder, phase=CasePhase.CLOSED, closed_on=timezone.localdate()
    )
    user = request.getfixturevalue(role)
    client.force_login(user)

    html = client.get(reverse("households:caseload")).content.decode()

    shown = int(re.search(r'aria-live="polite">\s*(\d+)', html).group(1))
    assert shown == Household.objects.visible_to(user).open().count() == expected
