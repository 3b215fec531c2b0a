import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from brobygning.core.models import Team, User
from brobygning.core.places import municipality_code
from brobygning.core.roles import Role

PASSWORD = "correct-horse-battery"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password(PASSWORD)
    team = None

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get_or_create(name=Role(extracted))[0])
            if extracted == Role.ADMINISTRATOR:
                self.is_staff = self.is_superuser = True
                self.save(update_fields=["is_staff", "is_superuser"])


class HousingOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.HousingOrganisation"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Boligorganisation {n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.Area"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Område {n}")
    municipality = "Odense"
    municipality_code = factory.LazyAttribute(lambda row: municipality_code(row.municipality))
    housing_organisation = factory.SubFactory(HousingOrganisationFactory)
    is_transformation_area = True
    is_receiving_area = True


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.Household"

    reference = factory.Sequence(lambda n: f"H-2026-{n + 1:04d}")
    display_name = factory.Sequence(lambda n: f"Familien Test{n}")
    origin_area = factory.SubFactory(AreaFactory, name="Vollsmose")
    origin_address = "Granparken 1, 5240 Odense NØ"
    current_rent = 5000
    old_rooms = 3
    bridge_builder = None
    team = factory.LazyAttribute(lambda h: h.bridge_builder.team if h.bridge_builder else None)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.Member"

    household = factory.SubFactory(HouseholdFactory)
    first_name = factory.Faker("first_name", locale="da_DK")
    birth_year = 1985
    relation = "applicant"


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.Need"

    household = factory.SubFactory(HouseholdFactory)
    category = "economy"
    status = "identified"
    noted_by = factory.LazyAttribute(lambda n: n.household.bridge_builder)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.JournalEntry"

    household = factory.SubFactory(HouseholdFactory)
    kind = "home_visit"
    note = "Hjemmebesøg"
    author = factory.LazyAttribute(lambda e: e.household.bridge_builder)


class HousingOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.HousingOffer"

    household = factory.SubFactory(HouseholdFactory)
    address = factory.Sequence(lambda n: f"Kongensgade {n}")
    postcode = "5000"
    town = "Odense C"
    receiving_area = factory.SubFactory(AreaFactory, name="Odense Midtby")
    housing_organisation = factory.LazyAttribute(lambda o: o.receiving_area.housing_organisation)
    rooms = 4
    net_rent = 5500
    offered_on = factory.LazyFunction(timezone.localdate)
    answer_deadline = factory.LazyAttribute(lambda o: o.offered_on)
    status = "offered"
    created_by = factory.LazyAttribute(lambda o: o.household.bridge_builder)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.Referral"

    sender = factory.SubFactory(UserFactory, role="rehousing_consultant")
    display_name = factory.Sequence(lambda n: f"Familien Henvist{n}")
    origin_area = factory.SubFactory(AreaFactory, name="Vollsmose")
    origin_address = "Granparken 5"
    origin_postcode = "5240"
    origin_town = "Odense NØ"
    reason = "Enlig mor med fire børn; mister familiementor ved flytning"
    needs = factory.LazyFunction(lambda: ["school", "daycare"])
    wishes = "Centralt, tæt på skole"
    preferred_language = "arabisk"
    interpreter_needed = True
    lost_support = "Familiementor fra helhedsplanen"
    consent_given_on = factory.LazyFunction(timezone.localdate)
    consent_method = "written"
    status = "sent"
    sent_at = factory.LazyFunction(timezone.now)


# --- Directory (actors) ------------------------------------------------------------------


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.Actor"

    name = factory.Sequence(lambda n: f"Aktør {n}")
    kind = "municipal"
    municipality = "Odense"
    municipality_code = factory.LazyAttribute(lambda row: municipality_code(row.municipality))


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.ContactPerson"

    actor = factory.SubFactory(ActorFactory)
    name = factory.Faker("name", locale="da_DK")
    role = "Konsulent"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.test")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.Agreement"

    actor = factory.SubFactory(ActorFactory)
    title = factory.Sequence(lambda n: f"Samarbejdsaftale {n}")


class SupportOfferFactory(factory.django.DjangoModelFactory):
    """`categories` (need codes) and `areas` are set after creation: SupportOfferFactory(
    categories=["daycare"], areas=[area])."""

    class Meta:
        model = "actors.SupportOffer"
        skip_postgeneration_save = True

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Støttetilbud {n}")
    description = "Hjælp til familier, der flytter."

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            for category in extracted or ["other"]:
                self.categories.create(category=category)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class LocalContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.LocalContact"

    area = factory.SubFactory(AreaFactory)
    name = factory.Faker("name", locale="da_DK")
    kind = "social_caretaker"


class AreaListStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.AreaListStatus"

    area = factory.SubFactory(AreaFactory)
    year = factory.Sequence(lambda n: 2018 + n)
    status = "prevention"


class AreaCriterionValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.AreaCriterionValue"

    area = factory.SubFactory(AreaFactory)
    year = 2024
    criterion = "outside_work_education"
    value = 35
    source = "LBF Beboerdata"


class MoveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.Move"

    household = factory.SubFactory(HouseholdFactory)
    moved_on = factory.LazyFunction(timezone.localdate)
    new_address = "Kongensgade 40, 5000 Odense C"
    receiving_area = factory.SubFactory(AreaFactory, name="Odense Midtby")
    registered_by = factory.LazyAttribute(lambda m: m.household.bridge_builder or UserFactory())


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "followups.FollowUp"

    household = factory.SubFactory(HouseholdFactory)
    kind = "custom"
    title = "Ring til familien"
    assignee = factory.LazyAttribute(lambda f: f.household.bridge_builder)
    trigger_on = factory.LazyAttribute(lambda f: f.due_on)
    due_on = factory.LazyFunction(timezone.localdate)
    # As followups.services.followup_create sets it.
    case_closed = factory.LazyAttribute(lambda f: f.household.is_closed)


class BridgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.Bridge"

    household = factory.SubFactory(HouseholdFactory)
    status = "proposed"
    requested_by = factory.LazyAttribute(lambda b: b.household.bridge_builder)
    # A request is addressed to its offer's actor when it is sent (bridges.bridge_request).
    addressed_actor = factory.LazyAttribute(
        lambda b: (
            b.support_offer.actor
            if getattr(b, "support_offer", None) and b.status != "proposed"
            else None
        )
    )


def give_local_contact(household):
    """Make closure criterion 3 hold: a confirmed bridge to a local contact in the
    household's receiving area."""
    area = household.receiving_area or AreaFactory(name="Odense Midtby")
    household.receiving_area = area
    household.save(update_fields=["receiving_area"])
    contact = LocalContactFactory(area=area)
    return BridgeFactory(household=household, local_contact=contact, status="confirmed")


def close_case(household, by, local_contact=True, cancel=None, **criteria):
    """Close the case through the service, its criteria met unless `criteria` say otherwise."""
    from households import services
    from households.models import Closure

    if local_contact:
        give_local_contact(household)
    values = dict(practical_in_order=True, no_longer_asks_for_help=True)
    values.update(criteria)
    return services.household_close(
        closure=Closure(household=household, **values), by=by, cancel=cancel
    )


# --- Dashboard ---------------------------------------------------------------------------


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.Closure"

    household = factory.SubFactory(HouseholdFactory)
    closed_on = factory.LazyFunction(timezone.localdate)
    practical_in_order = True
    children_enrolled = True
    new_local_contact = True
    no_longer_asks_for_help = True
    closed_by = factory.LazyAttribute(lambda c: c.household.bridge_builder)


class PhaseChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.PhaseChange"

    household = factory.SubFactory(HouseholdFactory)
    from_phase = "closed"
    to_phase = "8_ongoing"
    changed_by = factory.LazyAttribute(lambda c: c.household.bridge_builder)
    changed_at = factory.LazyFunction(timezone.now)


# --- Security harness (tests/security) ----------------------------------------------------


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.Consent"

    household = factory.SubFactory(HouseholdFactory)
    method = "written"
    covers_all_actors = True
    purpose = "Deling med aktører om støtte"
    recorded_by = factory.LazyAttribute(lambda c: c.household.bridge_builder)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "followups.Event"

    kind = "reunion_coffee"
    title = factory.Sequence(lambda n: f"Gensynskaffe {n}")
    starts_at = factory.Faker(
        "future_datetime", end_date="+30d", tzinfo=timezone.get_current_timezone()
    )
    place = "Beboerhuset"
    organiser = factory.SubFactory(UserFactory, role="bridge_builder")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "followups.Invitation"

    event = factory.SubFactory(EventFactory)
    household = factory.SubFactory(HouseholdFactory)


class ReferralMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.ReferralMember"

    referral = factory.SubFactory(ReferralFactory)
    first_name = factory.Sequence(lambda n: f"Barn{n}")
    relation = "child"
    birth_year = 2018


class ReferralMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.ReferralMessage"

    referral = factory.SubFactory(ReferralFactory)
    author = factory.LazyAttribute(lambda m: m.referral.sender)
    text = "Har familien en tolk?"


class CalendarTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "followups.CalendarToken"

    user = factory.SubFactory(UserFactory, role="bridge_builder")


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "brobygning.Notification"

    user = factory.SubFactory(UserFactory)
    text = "Ny henvisning"
    url = "/henvisninger/"


class CriterionThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.CriterionThreshold"

    criterion = "outside_work_education"
    list_status = "vulnerable"
    value = 40
    valid_from = factory.Sequence(lambda n: 2018 + n)


class WorkerHeartbeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "brobygning.WorkerHeartbeat"
        django_get_or_create = ("name",)

    name = "beat"
    beat_at = factory.LazyFunction(timezone.now)


class AccountEmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "account.EmailAddress"

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda e: e.user.email)
    verified = True
    primary = True


# --- Privacy (tests/privacy) --------------------------------------------------------------


class BridgeChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "households.BridgeChange"

    bridge = factory.SubFactory(BridgeFactory)
    from_status = "proposed"
    to_status = "requested"
    changed_by = factory.LazyAttribute(lambda c: c.bridge.household.bridge_builder)


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "followups.Reminder"

    followup = factory.SubFactory(FollowUpFactory)
    day = factory.LazyFunction(timezone.localdate)
    sent_at = factory.LazyFunction(timezone.now)


class AccessLogFactory(factory.django.DjangoModelFactory):
    """`at` is set on insert (auto_now_add) and the row cannot change afterwards (PostgreSQL
    triggers): to date it, create it inside `time_machine.travel(...)`."""

    class Meta:
        model = "brobygning.AccessLog"

    user = factory.SubFactory(UserFactory, role="bridge_builder")
    action = "view"
    target_type = "household"
    path = "/sager/"
