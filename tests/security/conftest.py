"""The cast and the world the security harness runs against.

One `world` holds a complete case of `bridge_builder` (team Nord) with one object of every kind
a URL can name, and a mirror case of `other_bridge_builder` (team Syd) whose ids the IDOR tests
put into the first user's URLs. The roles are the cast of tests/conftest.py (same usernames,
teams and factories, so its role fixtures return the same users) plus an actor contact whose
actor was *not* addressed (`other_actor_contact`).

The world is built once per test module and each test runs in a savepoint of it (see
`_module_world`): the matrix has thousands of cells, and building ~80 rows per cell would
cost minutes.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from brobygning.core.roles import Role
from households.models import Bridge, Phase
from tests.factories import (
    AccountEmailAddressFactory,
    ActorFactory,
    AgreementFactory,
    AreaCriterionValueFactory,
    AreaFactory,
    AreaListStatusFactory,
    BridgeFactory,
    CalendarTokenFactory,
    ConsentFactory,
    ContactPersonFactory,
    CriterionThresholdFactory,
    EventFactory,
    FollowUpFactory,
    HouseholdFactory,
    HousingOfferFactory,
    InvitationFactory,
    JournalEntryFactory,
    LocalContactFactory,
    MemberFactory,
    MoveFactory,
    NeedFactory,
    NotificationFactory,
    ReferralFactory,
    ReferralMessageFactory,
    SupportOfferFactory,
    TeamFactory,
    UserFactory,
    WorkerHeartbeatFactory,
)
from tests.login import Client

# Every role column of the matrix, in the order the tables list them. "anonymous" is a role
# too, but has its own rule (sent to login) and so its own tests.
ROLES = (
    "bridge_builder",  # owns the case
    "teammate",  # same team as the owner
    "other_bridge_builder",  # another team: the case is outside their scope
    "manager",
    "rehousing_consultant",  # sent the referral
    "other_rehousing_consultant",  # did not
    "actor_contact",  # contact of the actor the bridge request is addressed to
    "other_actor_contact",  # contact of another actor
    "administrator",
)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TOKEN = "security-harness-answer-token-0123456789abcdef"
OTHER_TOKEN = "security-harness-answer-token-of-the-other-case"


# The same cast as tests/conftest.py (same usernames and teams, built with the same
# factories, which get-or-create by username), so the role fixtures there return these users.
CAST = {
    "bridge_builder": dict(username="brobygger", role=Role.BRIDGE_BUILDER, team="Team Nord"),
    "teammate": dict(username="kollega", role=Role.BRIDGE_BUILDER, team="Team Nord"),
    "other_bridge_builder": dict(
        username="brobygger_syd", role=Role.BRIDGE_BUILDER, team="Team Syd"
    ),
    "manager": dict(username="leder", role=Role.MANAGER, team="Team Nord"),
    "rehousing_consultant": dict(username="genhusning", role=Role.REHOUSING_CONSULTANT),
    "other_rehousing_consultant": dict(username="genhusning2", role=Role.REHOUSING_CONSULTANT),
    "actor_contact": dict(username="kommune", role=Role.ACTOR_CONTACT),
    "other_actor_contact": dict(username="kommune2", role=Role.ACTOR_CONTACT),
    "administrator": dict(username="admin", role=Role.ADMINISTRATOR),
}


@pytest.fixture
def other_actor_contact(db):
    return UserFactory(**CAST["other_actor_contact"])


def _build_users():
    users = {}
    for role, spec in CAST.items():
        spec = dict(spec)
        team = spec.pop("team", None)
        users[role] = UserFactory(**spec, team=TeamFactory(name=team) if team else None)
    return users


def _case(owner, *, actor_contact_user, token, label):
    """A case with one object of every kind, owned by `owner`, with a bridge request
    addressed to an actor whose contact person logs in as `actor_contact_user`."""
    today = timezone.localdate()
    household = HouseholdFactory(bridge_builder=owner, display_name=f"Familien {label}")
    applicant = MemberFactory(household=household, first_name=f"Voksen{label}")
    child = MemberFactory(
        household=household, first_name=f"Barn{label}", birth_year=today.year - 5, relation="child"
    )
    need = NeedFactory(household=household, member=child, category="daycare")
    entry = JournalEntryFactory(household=household, note=f"Journal {label}")
    offer = HousingOfferFactory(household=household, answer_deadline=today + timedelta(days=14))
    move = MoveFactory(household=household, moved_on=today + timedelta(days=30))
    consent = ConsentFactory(household=household, recorded_by=owner)
    actor = ActorFactory(name=f"Pladsanvisningen {label}")
    contact = ContactPersonFactory(actor=actor, user=actor_contact_user)
    support_offer = SupportOfferFactory(actor=actor, categories=["daycare"])
    bridge = BridgeFactory(
        household=household,
        member=child,
        need=need,
        support_offer=support_offer,
        status=Bridge.Status.REQUESTED,
        requested_at=timezone.now(),
        answer_token=token,
        answer_token_expires_at=timezone.now() + timedelta(days=7),
    )
    proposed_bridge = BridgeFactory(
        household=household, support_offer=SupportOfferFactory(actor=actor)
    )
    followup = FollowUpFactory(household=household, due_on=today + timedelta(days=3))
    closed = HouseholdFactory(
        bridge_builder=owner,
        display_name=f"Lukket {label}",
        phase=Phase.CLOSED,
        closed_on=today,
    )
    # Not invited to the event, so inviting it is a real write.
    spare = HouseholdFactory(bridge_builder=owner, display_name=f"Familien Ekstra {label}")
    return SimpleNamespace(
        household=household,
        spare_household=spare,
        applicant=applicant,
        child=child,
        member=applicant,
        need=need,
        entry=entry,
        offer=offer,
        move=move,
        consent=consent,
        actor=actor,
        contact=contact,
        support_offer=support_offer,
        bridge=bridge,
        proposed_bridge=proposed_bridge,
        followup=followup,
        closed_household=closed,
    )


def _build_world():
    """Everything a URL of the project can point at, in two scopes: `world.own` (the
    bridge-builder's case, team Nord) and `world.other` (team Syd)."""
    users = _build_users()
    u = SimpleNamespace(**users)
    own = _case(u.bridge_builder, actor_contact_user=u.actor_contact, token=TOKEN, label="Nord")
    other = _case(
        u.other_bridge_builder,
        actor_contact_user=u.other_actor_contact,
        token=OTHER_TOKEN,
        label="Syd",
    )
    event = EventFactory(organiser=u.bridge_builder)
    own.invitation = InvitationFactory(event=event, household=own.household)
    other.invitation = InvitationFactory(event=event, household=other.household)

    # Referrals: one sent by each consultant, a draft and a declined one of each.
    own.referral = ReferralFactory(sender=u.rehousing_consultant, display_name="Henvist Nord")
    own.draft_referral = ReferralFactory(
        sender=u.rehousing_consultant, status="draft", sent_at=None, display_name="Kladde Nord"
    )
    own.declined_referral = ReferralFactory(
        sender=u.rehousing_consultant,
        status="declined",
        decline_reason="other",
        decline_note="Ikke målgruppen",
    )
    ReferralMessageFactory(referral=own.referral, author=u.rehousing_consultant)
    other.referral = ReferralFactory(
        sender=u.other_rehousing_consultant, display_name="Henvist Syd"
    )
    other.draft_referral = ReferralFactory(
        sender=u.other_rehousing_consultant,
        status="draft",
        sent_at=None,
        display_name="Kladde Syd",
    )
    other.declined_referral = ReferralFactory(
        sender=u.other_rehousing_consultant, status="declined", decline_reason="other"
    )

    own.calendar_token = CalendarTokenFactory(user=u.bridge_builder)
    other.calendar_token = CalendarTokenFactory(user=u.other_bridge_builder)
    NotificationFactory(user=u.bridge_builder)

    # Directory data that only the Django admin edits; the admin's object URLs need a row.
    area = AreaFactory(name="Hasle", municipality="Aarhus")
    directory = SimpleNamespace(
        area=area,
        local_contact=LocalContactFactory(area=area),
        list_status=AreaListStatusFactory(area=area),
        criterion_value=AreaCriterionValueFactory(area=area),
        threshold=CriterionThresholdFactory(),
        agreement=AgreementFactory(actor=own.actor),
        heartbeat=WorkerHeartbeatFactory(),
        email_address=AccountEmailAddressFactory(user=u.administrator),
    )
    _admin_rows(u)
    return SimpleNamespace(
        own=own, other=other, event=event, directory=directory, users=users, **users
    )


def _admin_rows(u):
    """One row for each admin-registered model that the world does not otherwise fill, so
    every admin object URL (change, delete, history) has an object to name."""
    from allauth.mfa.models import Authenticator
    from auditlog.models import LogEntry
    from axes.models import AccessAttempt, AccessFailureLog
    from axes.models import AccessLog as AxesAccessLog
    from django.contrib.contenttypes.models import ContentType

    from actors.models import DoorHangerTranslation, SupportOfferCategory
    from brobygning.core.models import AccessLog

    area = AreaFactory(name="Hasle", municipality="Aarhus")
    attempt = dict(user_agent="pytest", http_accept="*/*", path_info="/konto/login/")
    builders = {
        AccessLog: lambda: AccessLog.objects.create(
            user=u.manager, action="view", target_type="household", path="/sager/"
        ),
        LogEntry: lambda: LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(area),
            object_pk=str(area.pk),
            object_repr=str(area),
            action=LogEntry.Action.UPDATE,
        ),
        AccessAttempt: lambda: AccessAttempt.objects.create(
            **attempt, username="ukendt", get_data="", post_data="", failures_since_start=1
        ),
        AxesAccessLog: lambda: AxesAccessLog.objects.create(**attempt, username="admin"),
        AccessFailureLog: lambda: AccessFailureLog.objects.create(**attempt, username="ukendt"),
        Authenticator: lambda: Authenticator.objects.create(
            user=UserFactory(username="mfa_bruger"),
            type=Authenticator.Type.RECOVERY_CODES,
            data={"seed": "0" * 40, "used_mask": 0},
        ),
        DoorHangerTranslation: lambda: DoorHangerTranslation.objects.create(
            area=area, language="ar", welcome_text="Velkommen", neighbour_text="Hej"
        ),
        SupportOfferCategory: lambda: None,  # every support offer has one
    }
    for model, build in builders.items():
        if not model._base_manager.exists():
            build()


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """Build the world once per test module, inside a transaction rolled back at the end of
    the module. Each test runs in a savepoint of it (pytest-django's `db`), so a test's writes
    vanish before the next test, and building ~60 rows per test (0.2 s) is avoided."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            yield _build_world()
            transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db):
    return _module_world


def client_for(world, role, **client_kwargs):
    """A test client logged in as `role` ("anonymous": not logged in)."""
    client = Client(**client_kwargs)
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


@pytest.fixture(scope="module")
def _module_clients(_module_world):
    return {role: client_for(_module_world, role) for role in ("anonymous", *ROLES)}


@pytest.fixture
def role_clients(_module_clients, world):
    """One logged-in client per role, shared by the tests of a module: for tests that only
    GET (a login writes a session row and the user's last_login, which a GET-only test need
    not pay for each time). Tests that POST, log out or change cookies build their own, and
    so do tests of the exports and other actions that need a login of the last 5 minutes:
    these clients logged in when the module started."""
    return _module_clients
