import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from brobygning.core.roles import Role
from tests.factories import TeamFactory, UserFactory
from tests.login import Client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty (per-process, in-memory) cache: cached dashboard
    figures and rate-limit counters of one test must not leak into the next."""
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture
def client():
    """pytest-django's `client`, whose `force_login` also records the login the way allauth
    does, as the views that need a recent login read it (tests/login.py)."""
    return Client()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow by design; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Nord")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Team Syd")


@pytest.fixture
def bridge_builder(team):
    return UserFactory(username="brobygger", role=Role.BRIDGE_BUILDER, team=team)


@pytest.fixture
def teammate(team):
    return UserFactory(username="kollega", role=Role.BRIDGE_BUILDER, team=team)


@pytest.fixture
def other_bridge_builder(other_team):
    return UserFactory(username="brobygger_syd", role=Role.BRIDGE_BUILDER, team=other_team)


@pytest.fixture
def rehousing_consultant(db):
    return UserFactory(username="genhusning", role=Role.REHOUSING_CONSULTANT)


@pytest.fixture
def manager(team):
    return UserFactory(username="leder", role=Role.MANAGER, team=team)


@pytest.fixture
def actor_contact(db):
    return UserFactory(username="kommune", role=Role.ACTOR_CONTACT)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR)


@pytest.fixture
def user_for_role(request, db):
    """Build a user of a role given by name, for tests parametrised over roles."""

    def build(role):
        return request.getfixturevalue(
            {
                Role.BRIDGE_BUILDER: "bridge_builder",
                Role.REHOUSING_CONSULTANT: "rehousing_consultant",
                Role.MANAGER: "manager",
                Role.ACTOR_CONTACT: "actor_contact",
                Role.ADMINISTRATOR: "administrator",
            }[role]
        )

    return build


@pytest.fixture
def household(bridge_builder):
    """A case of the bridge-builder's own, in phase 1."""
    from tests.factories import HouseholdFactory

    return HouseholdFactory(bridge_builder=bridge_builder)


@pytest.fixture
def other_rehousing_consultant(db):
    return UserFactory(username="genhusning2", role=Role.REHOUSING_CONSULTANT)


@pytest.fixture
def referral(rehousing_consultant):
    from tests.factories import ReferralFactory

    return ReferralFactory(sender=rehousing_consultant)
