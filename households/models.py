"""The case file: a household and everything the bridge-builder records about it."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Area, ContactPerson, HousingOrganisation
from actors.needs import NeedCategory
from brobygning.core.models import (
    HistoryQuerySet,
    HouseholdPartMixin,
    TimeStampedModel,
    VersionedModel,
)
from brobygning.core.places import join_address, validate_postcode
from brobygning.core.roles import Role

ADULT_AGE = 18


class Phase(models.TextChoices):
    """The phases of the Aarhus bydelsguide model of the case work, in order, plus closed."""

    FIRST_CONTACT = "1_first_contact", _("1. First contact")
    OPTIONS = "2_options", _("2. Exploring choice of areas")
    TASKS = "3_tasks", _("3. Tasks outside rehousing")
    BRIDGING = "4_bridging", _("4. Bridge-building")
    HOUSING_OFFER = "5_housing_offer", _("5. Housing offer")
    MOVING = "6_moving", _("6. Moving")
    POST_MOVE_VISIT = "7_post_move_visit", _("7. Visit within 14 days")
    ONGOING = "8_ongoing", _("8. Contact about big and small")
    CLOSED = "closed", _("Closed")


OPEN_PHASES = [phase for phase in Phase if phase != Phase.CLOSED]


class HouseholdQuerySet(HistoryQuerySet):
    def visible_to(self, user):
        """The one place that decides which cases a user may see (SECURITY.md, "Roles and scopes").

        Managers see every case of the organisation; bridge-builders the cases assigned to
        them or to their team; every other role none (their narrow views come elsewhere).
        `Household.is_visible_to` states the same rule for one loaded case; a property test
        (tests/security/test_visibility_predicate.py) holds the two together.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.MANAGER):
            return self.all()
        if user.has_role(Role.BRIDGE_BUILDER):
            scope = Q(bridge_builder=user)
            if user.team_id:
                scope |= Q(team_id=user.team_id)
            return self.filter(scope)
        return self.none()

    def open(self):
        return self.exclude(phase=Phase.CLOSED)

    def overdue(self, today=None):
        return self.open().filter(next_contact_on__lt=today or timezone.localdate())

    def for_caseload(self):
        return self.select_related("origin_area", "bridge_builder", "team")


class Household(VersionedModel, TimeStampedModel):
    class RehousingKind(models.TextChoices):
        PERMANENT = "permanent", _("Permanent")
        TEMPORARY = "temporary", _("Temporary")

    class RehousingScope(models.TextChoices):
        INTERNAL = "internal", _("Internal (same area)")
        EXTERNAL = "external", _("External (other area)")

    class TerminationGround(models.TextChoices):
        DEMOLITION = "demolition", _("Demolition or rebuilding (§ 85, stk. 1, nr. 1)")
        SALE = "sale", _("Sale or transfer (§ 85, stk. 1, nr. 2)")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    display_name = models.CharField(
        _("name"), max_length=100, help_text=_("How the case is known, e.g. 'Familien Ahmed'.")
    )
    origin_area = models.ForeignKey(
        Area,
        verbose_name=_("transformation area"),
        on_delete=models.PROTECT,
        related_name="households_leaving",
    )
    # The address as street, postcode and town (`address_display` joins them).
    origin_address = models.CharField(_("street and number"), max_length=200)
    origin_postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    origin_town = models.CharField(_("town"), max_length=60, blank=True)
    rehousing_kind = models.CharField(
        _("rehousing"), max_length=10, choices=RehousingKind, default=RehousingKind.PERMANENT
    )
    rehousing_scope = models.CharField(
        _("scope"), max_length=10, choices=RehousingScope, default=RehousingScope.EXTERNAL
    )
    current_rent = models.DecimalField(
        _("current net rent (kr./month)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    preferred_language = models.CharField(_("preferred language"), max_length=50, default="dansk")
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    wishes_home = models.TextField(_("wishes for the new home"), blank=True)
    wishes_area = models.TextField(_("wishes for the new area"), blank=True)
    own_resources = models.TextField(
        _("the household's own resources"),
        blank=True,
        help_text=_("Family or friends who can help pack, translate or look after children."),
    )

    # The tenancy being left (almenlejeloven § 85–87).
    old_department = models.CharField(_("department"), max_length=100, blank=True)
    old_rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True)
    old_area_m2 = models.PositiveSmallIntegerField(_("m²"), null=True, blank=True)
    old_deposit = models.DecimalField(
        _("deposit (kr.)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    lease_time_limited = models.BooleanField(
        _("time-limited lease"),
        default=False,
        help_text=_("A time-limited lease (§ 87) may carry no right to rehousing."),
    )
    termination_received_on = models.DateField(_("notice received"), null=True, blank=True)
    termination_ground = models.CharField(
        _("ground for termination"), max_length=12, choices=TerminationGround, blank=True
    )
    notice_months = models.PositiveSmallIntegerField(_("notice (months)"), default=3)
    termination_effective_on = models.DateField(_("tenancy ends"), null=True, blank=True)

    bridge_builder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bridge-builder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
    )
    team = models.ForeignKey(
        "brobygning.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase, default=Phase.FIRST_CONTACT)
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    next_contact_on = models.DateField(_("next contact"), null=True, blank=True)
    receiving_area = models.ForeignKey(
        Area,
        verbose_name=_("receiving area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households_arriving",
    )
    # Retention: a closed case is anonymised after the retention period unless on legal hold.
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("Keep the case out of automatic anonymisation (e.g. a pending complaint)."),
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.CheckConstraint(
                condition=Q(current_rent__isnull=True) | Q(current_rent__gte=0),
                name="household_rent_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(phase=Phase.CLOSED, closed_on__isnull=False)
                | (~Q(phase=Phase.CLOSED) & Q(closed_on__isnull=True)),
                name="household_closed_on_iff_closed",
            ),
        ]
        indexes = [
            # "My caseload": a bridge-builder's or team's open cases by phase.
            models.Index(fields=["bridge_builder", "phase"], name="household_builder_phase"),
            models.Index(fields=["team", "phase"], name="household_team_phase"),
            # Overdue filter and dashboard counts.
            models.Index(fields=["phase", "next_contact_on"], name="household_phase_next"),
            # The caseload's order (open cases by next contact): no sort of all open cases.
            models.Index(
                fields=["next_contact_on", "reference"],
                condition=~Q(phase="closed"),
                name="household_open_next_contact",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.display_name}"

    @property
    def address_display(self) -> str:
        """ "Granparken 12, 5240 Odense NØ": the current address in one line."""
        return join_address(self.origin_address, self.origin_postcode, self.origin_town)

    def get_additional_data(self):
        """Stored with each change-history entry, so a household's history is one lookup."""
        return {"household": self.reference}

    def is_visible_to(self, user) -> bool:
        """`HouseholdQuerySet.visible_to` for this one case, without a query: for code that
        holds the household already and must decide whether the user may see it."""
        if not user.is_authenticated:
            return False
        if user.has_role(Role.MANAGER):
            return True
        if user.has_role(Role.BRIDGE_BUILDER):
            return self.bridge_builder_id == user.pk or (
                user.team_id is not None and self.team_id == user.team_id
            )
        return False

    @property
    def is_closed(self):
        return self.phase == Phase.CLOSED

    @property
    def phase_number(self):
        return None if self.is_closed else OPEN_PHASES.index(self.phase) + 1

    @property
    def is_overdue(self):
        return (
            not self.is_closed
            and self.next_contact_on is not None
            and self.next_contact_on < timezone.localdate()
        )


class Member(HouseholdPartMixin, VersionedModel, TimeStampedModel):
    class Relation(models.TextChoices):
        APPLICANT = "applicant", _("Tenant")
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        OTHER_ADULT = "other_adult", _("Other adult")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(_("first name"), max_length=60)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    relation = models.CharField(_("relation"), max_length=12, choices=Relation)
    language = models.CharField(_("language"), max_length=50, blank=True)
    is_interpreter = models.BooleanField(
        _("interprets for the household with authorities"), default=False
    )
    needs_school_change = models.BooleanField(_("needs school change"), default=False)
    needs_daycare = models.BooleanField(_("needs daycare place"), default=False)
    is_elderly = models.BooleanField(_("elderly"), default=False)
    has_disability = models.BooleanField(_("disability"), default=False)
    early_retirement = models.BooleanField(_("early retirement pension"), default=False)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["birth_year", "first_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(condition=Q(birth_year__gte=1900), name="member_birth_year_sane")
        ]

    def __str__(self):
        return f"{self.first_name} ({self.birth_year})"

    def age(self, today: date | None = None) -> int:
        return (today or timezone.localdate()).year - self.birth_year

    @property
    def is_child(self):
        return self.age() < ADULT_AGE


class Need(HouseholdPartMixin, VersionedModel, TimeStampedModel):
    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        BRIDGING = "bridging", _("Being bridged")
        MET = "met", _("Met")
        NOT_NEEDED = "not_needed", _("Not needed")

    class Source(models.TextChoices):
        """Where a need came from when the system recorded it (words shown at display time)."""

        REFERRAL = "referral", _("From the referral")

    RESOLVED = (Status.MET, Status.NOT_NEEDED)

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="needs")
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="needs",
    )
    category = models.CharField(_("need"), max_length=20, choices=NeedCategory)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.IDENTIFIED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source, blank=True, editable=False
    )
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("noted by"), on_delete=models.PROTECT
    )

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [
            # Dashboard: needs found and met in a period, by category.
            models.Index(fields=["created_at", "category"], name="need_created_category"),
        ]

    def __str__(self):
        return self.get_category_display()

    @property
    def note_text(self):
        """The note as shown: what a person wrote, else what the system recorded, in the
        reader's language."""
        return self.note or self.get_source_display()


class JournalEntry(HouseholdPartMixin, TimeStampedModel):
    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit")
        PHONE_CALL = "phone_call", _("Phone call")
        MEETING = "meeting", _("Meeting")
        INSPIRATION_TOUR = "inspiration_tour", _("Inspiration tour")
        MOVE_DAY_HELP = "move_day_help", _("Help on moving day")
        FOLLOW_UP_VISIT = "follow_up_visit", _("Follow-up visit")
        OTHER = "other", _("Other")

    class Confidentiality(models.TextChoices):
        NORMAL = "normal", _("Normal")
        CONFIDENTIAL = "confidential", _("Confidential")

    class Event(models.TextChoices):
        """Entries the system writes: stored as what happened plus `event_data`, and put
        into words when shown, in the reader's language."""

        REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")

    # Contact with the household: it counts as first contact and as a visit.
    CONTACT_KINDS = (Kind.HOME_VISIT, Kind.PHONE_CALL, Kind.MEETING)
    # The parts of a referral carried into the case, with their labels (`event_data`).
    REFERRAL_SECTIONS = {
        "reason": _("Why support is needed"),
        "household_composition": _("Household"),
        "wishes": _("Wishes"),
        "lost_support": _("Support and contacts lost by moving"),
    }

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="journal")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.HOME_VISIT)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    what_changed = models.CharField(_("what changed"), max_length=500, blank=True)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    next_contact_on = models.DateField(_("next contact"), null=True, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality, default=Confidentiality.NORMAL
    )
    shared_with_referrer = models.BooleanField(
        _("share with the referring rehousing consultant"),
        default=False,
        help_text=_("Only the note of a normal entry is shared; confidential entries never are."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT
    )
    event = models.CharField(
        _("written by the system"), max_length=20, choices=Event, blank=True, editable=False
    )
    # For REFERRAL_ACCEPTED: {"sender": name, "sections": [[code, text], ...]}.
    event_data = models.JSONField(null=True, blank=True, editable=False)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [
            # The case timeline: newest entries of one household.
            models.Index(fields=["household", "-occurred_on"], name="journal_household_date"),
            # First contact after a referral (`referrals.selectors.first_contact_after`, the
            # dashboard's days-to-first-contact figures): the first contact-kind entry of a
            # household on or after a day, read from the index alone.
            models.Index(
                fields=["household", "occurred_on"],
                # CONTACT_KINDS (not reachable from Meta); a test keeps the two equal.
                condition=Q(kind__in=["home_visit", "phone_call", "meeting"]),
                name="journal_first_contact",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_with_referrer=False) | Q(confidentiality="normal"),
                name="journal_confidential_never_shared",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {date_format(self.occurred_on)}"

    @property
    def is_confidential(self):
        return self.confidentiality == self.Confidentiality.CONFIDENTIAL

    @property
    def title(self):
        """What the entry is called: the event the system recorded, else the kind."""
        return self.get_event_display() or self.get_kind_display()

    @property
    def what_changed_text(self):
        if self.event == self.Event.REFERRAL_ACCEPTED:
            sender = (self.event_data or {}).get("sender", "")
            return _("Referral accepted from %(sender)s") % {"sender": sender}
        return self.what_changed

    @property
    def note_text(self):
        """The note as shown; a referral's parts get their labels in the reader's language."""
        sections = (self.event_data or {}).get("sections")
        if not sections:
            return self.note
        labels = self.REFERRAL_SECTIONS
        return "\n\n".join(f"{labels.get(code, code)}: {text}" for code, text in sections)


class PhaseChange(models.Model):
    class Event(models.TextChoices):
        """Changes the system makes, put into words when shown (not stored as text)."""

        CASE_OPENED = "case_opened", _("Case opened")
        MOVE_REGISTERED = "move_registered", _("Move registered")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="phase_changes")
    from_phase = models.CharField(_("from"), max_length=20, choices=Phase, blank=True)
    to_phase = models.CharField(_("to"), max_length=20, choices=Phase)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)
    event = models.CharField(_("why"), max_length=20, choices=Event, blank=True)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        indexes = [
            models.Index(fields=["household", "-changed_at"], name="phasechange_household"),
            # Dashboard: phase changes (reopened cases, flow) in a period.
            models.Index(fields=["changed_at"], name="phasechange_changed_at"),
            # Dashboard: reopened cases in a period (`dashboard.selectors.reopenings`): the
            # few changes out of "closed", without scanning the period's other changes.
            models.Index(
                fields=["changed_at"],
                condition=Q(from_phase=Phase.CLOSED),
                name="phasechange_reopened",
            ),
        ]

    def __str__(self):
        return f"{self.from_phase} → {self.to_phase}"

    @property
    def note_text(self):
        """What the system did, in the reader's language, or the note a person wrote."""
        return self.get_event_display() if self.event else self.note


class HousingOffer(HouseholdPartMixin, VersionedModel, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Not answered yet: such an offer can still be edited and answered.
    OPEN = (Status.DRAFT, Status.OFFERED)

    class DeclineReason(models.TextChoices):
        RENT = "rent", _("Rent too high")
        SIZE = "size", _("Wrong size")
        LOCATION = "location", _("Location")
        QUALITY = "quality", _("Condition or quality")
        ACCESSIBILITY = "accessibility", _("Accessibility")
        NETWORK = "network", _("Too far from network, school or work")
        OTHER = "other", _("Other")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="offers")
    offer_number = models.CharField(_("offer number"), max_length=30, blank=True)
    # The address as street, postcode and town (`address_display` joins them).
    address = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    town = models.CharField(_("town"), max_length=60, blank=True)
    receiving_area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="offers"
    )
    housing_organisation = models.ForeignKey(
        HousingOrganisation,
        verbose_name=_("housing organisation"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    department = models.CharField(_("department"), max_length=100, blank=True)
    rooms = models.PositiveSmallIntegerField(_("rooms"))
    area_m2 = models.PositiveSmallIntegerField(_("m²"), null=True, blank=True)
    net_rent = models.DecimalField(_("net rent (kr./month)"), max_digits=8, decimal_places=2)
    deposit = models.DecimalField(
        _("deposit (kr.)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    has_lift = models.BooleanField(_("lift"), default=False)
    offered_on = models.DateField(_("offered"), default=timezone.localdate)
    answer_deadline = models.DateField(_("answer deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    decline_reason = models.CharField(
        _("decline reason"), max_length=15, choices=DeclineReason, blank=True
    )
    answered_on = models.DateField(_("answered"), null=True, blank=True)
    location_suitable = models.BooleanField(_("location suitable"), default=False)
    quality_suitable = models.BooleanField(_("quality and equipment suitable"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_on", "-created_at"]
        verbose_name = _("housing offer")
        verbose_name_plural = _("housing offers")
        constraints = [
            models.CheckConstraint(condition=Q(net_rent__gte=0), name="offer_rent_not_negative"),
            models.CheckConstraint(
                condition=Q(answer_deadline__gte=models.F("offered_on")),
                name="offer_deadline_after_offer",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="offer_decline_has_reason",
            ),
            # At most one accepted offer per household.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="accepted"),
                name="offer_one_accepted_per_household",
            ),
        ]

    def __str__(self):
        return self.address_display

    @property
    def address_display(self) -> str:
        """ "Kongensgade 10, 6700 Esbjerg": the offered home's address in one line."""
        return join_address(self.address, self.postcode, self.town)

    @property
    def is_open(self):
        """Still to be answered (`OPEN`): it can be edited and answered."""
        return self.status in self.OPEN

    @property
    def rent_change(self) -> Decimal | None:
        if self.household.current_rent is None:
            return None
        return self.net_rent - self.household.current_rent

    @property
    def rent_change_percent(self) -> Decimal | None:
        old = self.household.current_rent
        if not old:
            return None
        return ((self.net_rent - old) / old * 100).quantize(Decimal("0.1"))

    @property
    def rent_increase_flagged(self) -> bool:
        old = self.household.current_rent
        if not old:
            return False
        limit = Decimal(settings.BROBYGNING["RENT_INCREASE_WARNING_PERCENT"])
        return (self.net_rent - old) / old * 100 > limit

    def size_suitable(self, member_count: int) -> bool:
        """§ 86 stk. 2: one room more than members, or as many rooms as the old home."""
        old_rooms = self.household.old_rooms
        return self.rooms >= member_count + 1 or (old_rooms is not None and self.rooms >= old_rooms)


class Move(HouseholdPartMixin, VersionedModel, TimeStampedModel):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="moves")
    offer = models.ForeignKey(
        HousingOffer,
        verbose_name=_("housing offer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moves",
    )
    moved_on = models.DateField(_("move date"))
    # The new address as street, postcode and town (`address_display` joins them).
    new_address = models.CharField(_("new street and number"), max_length=200)
    new_postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    new_town = models.CharField(_("town"), max_length=60, blank=True)
    receiving_area = models.ForeignKey(
        Area, verbose_name=_("receiving area"), on_delete=models.PROTECT, related_name="moves"
    )
    help_on_the_day = models.CharField(_("help on the day"), max_length=300, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        # The timeline's order (day, then when recorded): see selectors.timeline.
        ordering = ["-moved_on", "-created_at"]
        verbose_name = _("move")
        verbose_name_plural = _("moves")

    def __str__(self):
        return f"{date_format(self.moved_on)} → {self.address_display}"

    @property
    def address_display(self) -> str:
        """ "Kongensgade 10, 6700 Esbjerg": the new address in one line."""
        return join_address(self.new_address, self.new_postcode, self.new_town)


class Closure(HouseholdPartMixin, TimeStampedModel):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="closures")
    closed_on = models.DateField(_("closed"), default=timezone.localdate)
    practical_in_order = models.BooleanField(_("practical and economic matters in order"))
    children_enrolled = models.BooleanField(_("children enrolled in school or daycare"))
    new_local_contact = models.BooleanField(_("at least one new contact in the receiving area"))
    no_longer_asks_for_help = models.BooleanField(_("the household no longer asks for help"))
    assessment = models.TextField(_("assessment"), blank=True)
    justification = models.TextField(_("justification for closing with unmet criteria"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-closed_on", "-created_at"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self):
        return f"{self.household} {date_format(self.closed_on)}"

    @property
    def all_criteria_met(self):
        return all(
            [
                self.practical_in_order,
                self.children_enrolled,
                self.new_local_contact,
                self.no_longer_asks_for_help,
            ]
        )


class ClosureCancellation(models.Model):
    """An open item (a follow-up, a request awaiting an answer) that the user chose to cancel
    when closing the case; reopening the case restores it. Named by kind and id, because
    follow-ups belong to an app above this one (households.closure)."""

    closure = models.ForeignKey(Closure, on_delete=models.CASCADE, related_name="cancellations")
    kind = models.CharField(max_length=20)
    item_id = models.BigIntegerField()
    previous_status = models.CharField(max_length=20)
    restored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("item cancelled at closing")
        verbose_name_plural = _("items cancelled at closing")
        constraints = [
            models.UniqueConstraint(
                fields=["closure", "kind", "item_id"], name="closure_cancels_an_item_once"
            )
        ]

    def __str__(self):
        return f"{self.closure_id}: {self.kind} {self.item_id}"


class Consent(HouseholdPartMixin, TimeStampedModel):
    """The household's consent to share its data with actors (GDPR art. 6/9, Danish practice:
    written consent for passing data to partners). It gates every request sent to an actor."""

    class Method(models.TextChoices):
        WRITTEN = "written", _("Written")
        ORAL = "oral", _("Oral")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("given"), default=timezone.localdate)
    method = models.CharField(_("how"), max_length=10, choices=Method)
    covers_all_actors = models.BooleanField(_("covers every actor in the directory"), default=False)
    actors = models.ManyToManyField(
        "actors.Actor", verbose_name=_("actors covered"), blank=True, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.household} {date_format(self.given_on)}"


class BridgeQuerySet(HistoryQuerySet):
    def shared_with_actors(self):
        """Requests an actor may see (no sharing without a legal basis, GDPR art. 6 and 9):
        sent, to the actor stored at send time (`addressed_actor`), under a consent of the
        household that covers that actor today, or sent by a manager with a recorded reason
        (`consent_override`). Every portal path (queue, answer page, answer link) reads requests
        through this."""
        today = timezone.localdate()
        consent = (
            Consent.objects.filter(household=models.OuterRef("household"), given_on__lte=today)
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
            .filter(Q(covers_all_actors=True) | Q(actors=models.OuterRef("addressed_actor")))
        )
        return self.filter(
            status__in=Bridge.SHARED_WITH_ACTOR, addressed_actor__isnull=False
        ).filter(~Q(consent_override="") | models.Exists(consent))

    def addressed_to(self, user):
        """The shared requests addressed to an actor `user` is an active contact person for."""
        # A subquery, not a join: no DISTINCT, and a much cheaper plan for PostgreSQL.
        actors = ContactPerson.objects.filter(user=user, is_active=True).values("actor")
        return self.shared_with_actors().filter(addressed_actor__in=actors)


class Bridge(HouseholdPartMixin, TimeStampedModel):
    """A link from a household (or one member) to a support offer or a local contact.

    Lifecycle: proposed → requested → confirmed / declined → active → ended. A request to an
    actor nobody can receive (no contact person with a login or an e-mail address) is not sent:
    the bridge waits as "not sent: no contact person" until a contact is added.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        NO_CONTACT = "no_contact", _("Not sent: no contact person")
        REQUESTED = "requested", _("Requested")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    HOLDING = (Status.CONFIRMED, Status.ACTIVE)
    # What an actor may see of a bridge: the request while it is open, and the bridge once the
    # actor confirmed it. A proposal was never sent; a declined or ended one is done with.
    SHARED_WITH_ACTOR = (Status.REQUESTED, *HOLDING)
    # from → the statuses a bridge-builder may set by hand, in the order offered (requesting
    # and answering have their own services: requesting checks consent, answering is the
    # actor's). households.bridges.bridge_set_status decides by it; the case page lists it.
    TRANSITIONS = {
        Status.PROPOSED: (Status.ENDED,),
        Status.NO_CONTACT: (Status.ENDED,),
        Status.REQUESTED: (Status.CONFIRMED, Status.DECLINED, Status.ENDED),
        Status.CONFIRMED: (Status.ACTIVE, Status.ENDED),
        Status.DECLINED: (Status.PROPOSED, Status.ENDED),
        Status.ACTIVE: (Status.ENDED,),
        Status.ENDED: (),
    }

    class LegalBasis(models.TextChoices):
        SEL_85 = "sel_85", _("Serviceloven § 85 (socialpædagogisk støtte)")
        SEL_99 = "sel_99", _("Serviceloven § 99 (støttekontaktperson)")
        BARNETS_LOV = "barnets_lov", _("Barnets lov")
        AELDRELOVEN = "aeldreloven", _("Ældreloven")
        DAGTILBUDSLOVEN = "dagtilbudsloven", _("Dagtilbudsloven")
        FOLKESKOLELOVEN = "folkeskoleloven", _("Folkeskoleloven")
        BOLIGSTOETTE = "boligstoette", _("Lov om individuel boligstøtte")
        CIVIL = "civil", _("Civil offer")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="bridges")
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bridges",
    )
    need = models.ForeignKey(
        Need,
        verbose_name=_("need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bridges",
    )
    support_offer = models.ForeignKey(
        "actors.SupportOffer",
        verbose_name=_("support offer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bridges",
    )
    local_contact = models.ForeignKey(
        "actors.LocalContact",
        verbose_name=_("local contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bridges",
    )
    # The actor the request was sent to, stored when it is sent: the household consented to
    # that actor, so moving the support offer to another actor later does not take the request
    # (and the household's data) with it.
    addressed_actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("sent to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.CharField(
        _("answer"),
        max_length=500,
        blank=True,
        help_text=_("E.g. 'Daycare place from 1 August at Børnehuset Solsikken'."),
    )
    # What the actor needs to decide on the request (a daycare place from when, and why).
    wished_start = models.DateField(_("wished start"), null=True, blank=True)
    note_to_actor = models.CharField(
        _("note to the actor"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Shown to the actor with the request. Write only what they need to decide, "
            "e.g. 'The family moves on 1 March; the mother starts a language course then'."
        ),
    )
    consent_override = models.CharField(
        _("reason for sending without consent"), max_length=500, blank=True
    )
    # Single-request answer link for a contact without an account (no personal data in mail).
    answer_token = models.CharField(max_length=64, blank=True, db_index=True)
    answer_token_expires_at = models.DateTimeField(null=True, blank=True)
    update_requested_at = models.DateTimeField(null=True, blank=True)

    objects = BridgeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bridge")
        verbose_name_plural = _("bridges")
        constraints = [
            models.CheckConstraint(
                condition=Q(support_offer__isnull=False, local_contact__isnull=True)
                | Q(support_offer__isnull=True, local_contact__isnull=False),
                name="bridge_to_offer_or_local_contact",
            ),
        ]
        indexes = [
            # The actor contact's queue: requested bridges per offer.
            models.Index(fields=["status", "support_offer"], name="bridge_status_offer"),
            # The portal: the requests sent to the contact's actor.
            models.Index(fields=["addressed_actor", "status"], name="bridge_addressed_status"),
        ]

    def __str__(self):
        return str(self.support_offer or self.local_contact)

    @property
    def target(self):
        return self.support_offer or self.local_contact

    @property
    def is_holding(self):
        return self.status in self.HOLDING

    @property
    def next_statuses(self):
        """The statuses this bridge may be set to by hand (`TRANSITIONS`)."""
        return self.TRANSITIONS[self.status]


class BridgeChange(models.Model):
    bridge = models.ForeignKey(Bridge, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=10, choices=Bridge.Status, blank=True)
    to_status = models.CharField(max_length=10, choices=Bridge.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at"]
        verbose_name = _("bridge change")
        verbose_name_plural = _("bridge changes")

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
