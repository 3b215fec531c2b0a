"""The case: a household, its members and needs, the journal and the phases."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Area
from actors.needs import NeedCategory
from brobygning.core.choices import ChoiceLabelsMixin
from brobygning.core.models import (
    HistoryQuerySet,
    HouseholdPartMixin,
    TimeStampedModel,
    User,
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

    def for_case_page(self):
        """The case with what its page names beside it: every column of the household (the
        page shows nearly all of them), and of the areas, team and bridge-builder only the
        names, in the same query."""
        own = [field.name for field in self.model._meta.concrete_fields]
        return self.select_related("origin_area", "receiving_area", "bridge_builder", "team").only(
            *own,
            "origin_area__name",
            "receiving_area__name",
            "team__name",
            *User.name_fields("bridge_builder"),
        )


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
            # The closed cases' ids from the index alone: the follow-ups of closed cases left
            # out of the managers' escalation count (`followups.selectors.relevant`).
            models.Index(fields=["phase", "id"], name="household_ids_by_phase"),
            # Dashboard: cases closed in a period and how long they ran (the median case
            # duration), from this index alone.
            models.Index(
                fields=["closed_on"],
                include=["opened_on"],
                condition=Q(phase="closed"),
                name="household_closed_on",
            ),
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
    # Called before a home visit: on the case page's first screen.
    phone = models.CharField(_("phone"), max_length=30, blank=True)
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
            # Dashboard: needs found and met in a period, by category. Covering (status and
            # household included): the figure reads the index alone, not the table.
            models.Index(
                fields=["created_at", "category"],
                include=["status", "household"],
                name="need_period_found_met",
            ),
            # Dashboard: the same figure over a long period (most needs): read in category
            # and household order, so households are counted per category without sorting.
            models.Index(
                fields=["category", "household"],
                include=["created_at", "status"],
                name="need_category_household",
            ),
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


class PhaseChange(ChoiceLabelsMixin, models.Model):
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
    # When the household last entered the same phase earlier in the same local calendar
    # month (None for its first entry that month), kept by `households.phase_months`: the
    # households entering a phase in a month are then a count of rows, not a distinct count.
    earlier_in_month = models.DateTimeField(
        _("entered the same phase earlier this month"), null=True, editable=False
    )

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        indexes = [
            models.Index(fields=["household", "-changed_at"], name="phasechange_household"),
            # Dashboard: phase changes in a period (phase entries per month, reopened cases).
            # Covering (phase entered, household and the month's earlier entry included):
            # the phase-entries figure reads the index alone, not the table.
            models.Index(
                fields=["changed_at"],
                include=["to_phase", "household", "earlier_in_month"],
                name="phasechange_month_entries",
            ),
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
