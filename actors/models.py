"""The directory: who and where households are bridged to.

Areas (with facilities, local contacts, list status and criterion values), actors (municipal
units, NGOs, schools…), their contact persons, agreements and support offers. The directory
knows nothing of cases (ARCHITECTURE.md: actors ← households).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.languages import Language, direction
from actors.needs import NeedCategory
from brobygning.core.choices import ChoiceLabelsMixin
from brobygning.core.models import TimeStampedModel, VersionedModel
from brobygning.core.places import municipality_choices, municipality_name
from brobygning.core.roles import Role

FIRST_LIST_YEAR = 2010  # the first official list of vulnerable housing areas


class HousingOrganisation(TimeStampedModel):
    """A social-housing organisation (boligorganisation) that lets dwellings and makes offers."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    # Local policy, not law: no statutory number of rehousing offers exists (almenlejeloven § 86).
    max_offers = models.PositiveSmallIntegerField(
        _("offers per household"),
        null=True,
        blank=True,
        help_text=_(
            "How many housing offers a household gets under local policy. Empty: no limit."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("housing organisation")
        verbose_name_plural = _("housing organisations")

    def __str__(self):
        return self.name


class Area(VersionedModel, TimeStampedModel):
    """A housing area: a transformation area households leave, a receiving area, or both."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    # Chosen by the official code (kommunekode); the name beside it is filled from the code
    # (clean) and is what pages, searches and the actors' coverage read.
    municipality_code = models.CharField(
        _("municipality"), max_length=3, choices=municipality_choices, blank=True
    )
    municipality = models.CharField(_("municipality name"), max_length=100)
    housing_organisation = models.ForeignKey(
        HousingOrganisation,
        verbose_name=_("housing organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="areas",
    )
    is_transformation_area = models.BooleanField(_("transformation area"), default=False)
    is_receiving_area = models.BooleanField(_("receiving area"), default=False)
    has_social_housing_plan = models.BooleanField(
        _("area-based social housing plan"),
        default=False,
        help_text=_("The area has a boligsocial helhedsplan that funds local social work."),
    )
    facilities = models.TextField(
        _("qualities and facilities"),
        blank=True,
        help_text=_("Shops, halal butcher, schools, clubs, transport: what to show on a tour."),
    )
    homes_count = models.PositiveIntegerField(
        _("number of homes"),
        null=True,
        blank=True,
        help_text=_("Used to show how large a share of the area rehoused households make up."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.CheckConstraint(
                condition=Q(homes_count__isnull=True) | Q(homes_count__gt=0),
                name="area_homes_count_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.municipality_code:
            self.municipality = municipality_name(self.municipality_code)

    def get_absolute_url(self):
        return reverse("actors:area_detail", args=[self.pk])


class LocalContact(VersionedModel, TimeStampedModel):
    """A person or club in an area whom a household can be introduced to."""

    class Kind(models.TextChoices):
        SOCIAL_CARETAKER = "social_caretaker", _("Social caretaker")
        NEIGHBOUR_AMBASSADOR = "neighbour_ambassador", _("Neighbour ambassador")
        DISTRICT_GUIDE = "district_guide", _("District guide")
        RESIDENTS_BOARD = "residents_board", _("Residents' board member")
        CLUB = "club", _("Club or association")
        OTHER = "other", _("Other")

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="local_contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=25, choices=Kind)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("local contact")
        verbose_name_plural = _("local contacts")

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class ListStatus(models.TextChoices):
    """The official lists published every 1 December (almenboligloven § 61 a–b)."""

    VULNERABLE = "vulnerable", _("Vulnerable housing area")
    PARALLEL_SOCIETY = "parallel_society", _("Parallel society")
    TRANSFORMATION = "transformation", _("Transformation area")
    PREVENTION = "prevention", _("Prevention area")
    NONE = "none", _("Not on a list")


class Criterion(models.TextChoices):
    OUTSIDE_WORK_EDUCATION = "outside_work_education", _("Outside work or education (%)")
    CONVICTIONS_RATIO = "convictions_ratio", _("Convictions relative to national average")
    PRIMARY_SCHOOL_ONLY = "primary_school_only", _("Only primary school (%)")
    INCOME_RATIO = "income_ratio", _("Income relative to the region (%)")
    NON_WESTERN = "non_western", _("Non-Western immigrants and descendants (%)")


PERCENT_CRITERIA = frozenset(Criterion) - {Criterion.CONVICTIONS_RATIO}

# Shared by the two criterion tables: a percentage lies within 0–100, a ratio is not negative.
_CRITERION_VALUE_IN_RANGE = Q(value__gte=0) & (
    Q(criterion=Criterion.CONVICTIONS_RATIO) | Q(value__lte=100)
)


def check_criterion_value(criterion, value):
    """Raise a ValidationError on `value` when it cannot be a value of `criterion`."""
    if value is None or not criterion:
        return
    if value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if criterion in PERCENT_CRITERIA and value > 100:
        raise ValidationError({"value": _("A percentage must be between 0 and 100.")})


class AreaListStatus(TimeStampedModel):
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="list_statuses"
    )
    year = models.PositiveSmallIntegerField(_("list year"), help_text=_("Published 1 December."))
    status = models.CharField(_("status"), max_length=20, choices=ListStatus)

    class Meta:
        ordering = ["area", "-year"]
        verbose_name = _("list status")
        verbose_name_plural = _("list statuses")
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="arealiststatus_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_LIST_YEAR), name="arealiststatus_year_sane"
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.year}: {self.get_status_display()}"


class CriterionThreshold(TimeStampedModel):
    """A statutory threshold, kept as data because the law and national averages change."""

    criterion = models.CharField(_("criterion"), max_length=25, choices=Criterion)
    list_status = models.CharField(_("list"), max_length=20, choices=ListStatus)
    value = models.DecimalField(_("threshold"), max_digits=6, decimal_places=2)
    valid_from = models.PositiveSmallIntegerField(_("valid from list year"))

    class Meta:
        ordering = ["criterion", "list_status", "-valid_from"]
        verbose_name = _("criterion threshold")
        verbose_name_plural = _("criterion thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "list_status", "valid_from"],
                name="criterionthreshold_one_per_list_and_year",
            ),
            models.CheckConstraint(
                condition=_CRITERION_VALUE_IN_RANGE, name="criterionthreshold_value_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.get_criterion_display()} {self.get_list_status_display()}: {self.value}"

    def clean(self):
        check_criterion_value(self.criterion, self.value)


class AreaCriterionValue(TimeStampedModel):
    """An area's official figure for one list criterion in one list year (never per person)."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="criterion_values"
    )
    year = models.PositiveSmallIntegerField(_("list year"))
    criterion = models.CharField(_("criterion"), max_length=25, choices=Criterion)
    value = models.DecimalField(_("value"), max_digits=6, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("E.g. LBF Beboerdata or SBST.")
    )
    data_year = models.PositiveSmallIntegerField(_("data year"), null=True, blank=True)

    class Meta:
        ordering = ["area", "-year", "criterion"]
        verbose_name = _("criterion value")
        verbose_name_plural = _("criterion values")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "criterion"], name="areacriterionvalue_one_per_year"
            ),
            models.CheckConstraint(
                condition=_CRITERION_VALUE_IN_RANGE, name="areacriterionvalue_value_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.year} {self.get_criterion_display()}: {self.value}"

    def clean(self):
        check_criterion_value(self.criterion, self.value)

    @property
    def is_percentage(self):
        return self.criterion in PERCENT_CRITERIA


class ActorQuerySet(models.QuerySet):
    def search(self, query):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(
            Q(name__icontains=query) | Q(municipality__icontains=query) | Q(note__icontains=query)
        )

    def with_counts(self):
        return self.annotate(
            offer_count=models.Count("offers", distinct=True),
            contact_count=models.Count("contact_persons", distinct=True),
        )


class Actor(VersionedModel, TimeStampedModel):
    """Someone households are bridged to: a municipal unit, region, NGO, school, bank…"""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal department")
        REGION = "region", _("Region")
        HOUSING_ORGANISATION = "housing_organisation", _("Housing organisation")
        SCHOOL = "school", _("School")
        DAYCARE = "daycare", _("Daycare")
        NGO = "ngo", _("NGO or civil association")
        BANK = "bank", _("Bank")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=25, choices=Kind)
    municipality_code = models.CharField(
        _("municipality"),
        max_length=3,
        choices=municipality_choices,
        blank=True,
        help_text=_("Empty: works nationwide."),
    )
    municipality = models.CharField(_("municipality name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            # By the code the form chooses, so the form can check it before saving.
            models.UniqueConstraint(
                fields=["name", "municipality_code"], name="actor_unique_name_in_municipality"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})" if self.municipality else self.name

    def clean(self):
        self.municipality = municipality_name(self.municipality_code)

    def get_absolute_url(self):
        return reverse("actors:actor_detail", args=[self.pk])


class ContactPerson(VersionedModel, TimeStampedModel):
    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="contact_persons"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role or title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("E.g. Danish, Arabic, English.")
    )
    # Set when the contact person logs in to answer requests addressed to their unit.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_persons",
    )
    is_active = models.BooleanField(_("active"), default=True)

    # `email` and `user` decide where the actor's requests go: answer links are e-mailed to
    # the address (when no login is linked), the login sees them in the portal. Changing
    # either reroutes requests about households, so it is for these roles only.
    ROUTING_ROLES = (Role.MANAGER, Role.ADMINISTRATOR)

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            # One user account speaks for one contact person (the actor contact's request queue).
            models.UniqueConstraint(
                fields=["user"], condition=Q(user__isnull=False), name="contactperson_unique_user"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.actor.name}"

    @classmethod
    def may_reroute(cls, user) -> bool:
        """Whether `user` may set where requests go (the e-mail address and the login)."""
        return user.has_role(*cls.ROUTING_ROLES)


class Agreement(TimeStampedModel):
    """A collaboration agreement with an actor, e.g. fast-track daycare for rehoused children."""

    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["actor", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_until_after_from",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The agreement cannot end before it starts.")})

    def is_current(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.valid_from <= today and (self.valid_until is None or today <= self.valid_until)


class SupportOfferQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, actor__is_active=True)

    def for_directory(self):
        """Everything a list of offers shows, in a fixed number of queries: each offer's needs
        in `needs_met` and its areas in `areas_served`, as plain lists. Prefetched into lists
        (`to_attr`) rather than into `categories.all()` and `areas.all()`, which would build a
        filtered queryset per offer and relation, a third of a 25-offer directory page."""
        return self.select_related("actor", "agreement").prefetch_related(
            models.Prefetch("categories", to_attr="needs_met"),
            models.Prefetch("areas", queryset=Area.objects.only("name"), to_attr="areas_served"),
        )

    def meeting(self, category):
        return self.filter(categories__category=category)

    def serving(self, area):
        """Offers for `area`: those naming it, and those without areas that cover the whole
        municipality of their actor (or the whole country, for an actor without one)."""
        any_area = SupportOffer.areas.through.objects.filter(supportoffer=OuterRef("pk"))
        # Subqueries rather than joins, so an offer serving several areas is listed once.
        return self.filter(
            Exists(any_area.filter(area=area))
            | (
                ~Exists(any_area)
                & (Q(actor__municipality="") | Q(actor__municipality__iexact=area.municipality))
            )
        )

    def search(self, query):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(
            Q(name__icontains=query)
            | Q(description__icontains=query)
            | Q(target_group__icontains=query)
            | Q(actor__name__icontains=query)
        )


class SupportOffer(VersionedModel, TimeStampedModel):
    """Something an actor offers that meets one or more needs (støttetilbud)."""

    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="offers"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_group = models.TextField(_("who it is for"), blank=True)
    how_to_refer = models.TextField(_("how to refer"), blank=True)
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("areas served"),
        blank=True,
        related_name="support_offers",
        help_text=_("Leave empty when the offer covers the whole municipality."),
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("collaboration agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = SupportOfferQuerySet.as_manager()

    class Meta:
        ordering = ["actor__name", "name"]
        verbose_name = _("support offer")
        verbose_name_plural = _("support offers")
        constraints = [
            models.UniqueConstraint(fields=["actor", "name"], name="supportoffer_unique_per_actor"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:offer_detail", args=[self.pk])

    def clean(self):
        if self.agreement_id and self.actor_id and self.agreement.actor_id != self.actor_id:
            raise ValidationError(
                {"agreement": _("Choose an agreement made with this offer's actor.")}
            )

    @property
    def need_categories(self) -> list[str]:
        """The category codes, read from the prefetched rows when there are any."""
        return [row.category for row in self.categories.all()]


class SupportOfferCategory(ChoiceLabelsMixin, models.Model):
    """A need a support offer meets. A row per need, so the directory can filter by need with
    an index on every database (SQLite cannot query inside a JSON list)."""

    offer = models.ForeignKey(SupportOffer, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(_("need"), max_length=20, choices=NeedCategory)

    class Meta:
        ordering = ["category"]
        verbose_name = _("need met by an offer")
        verbose_name_plural = _("needs met by offers")
        constraints = [
            models.UniqueConstraint(fields=["offer", "category"], name="offercategory_unique"),
        ]
        indexes = [
            # The directory's need filter: offers meeting one category.
            models.Index(fields=["category", "offer"], name="offercategory_category"),
        ]

    def __str__(self):
        return self.get_category_display()


class DoorHangerTranslation(TimeStampedModel):
    """The door hanger's texts in a household's language, entered by staff (ALFABO example)."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="door_hangers"
    )
    language = models.CharField(_("language"), max_length=50, choices=Language)
    welcome_text = models.TextField(_("welcome to the new household"))
    neighbour_text = models.TextField(_("invitation to the neighbours"))

    class Meta:
        ordering = ["area", "language"]
        verbose_name = _("door hanger translation")
        verbose_name_plural = _("door hanger translations")
        constraints = [
            models.UniqueConstraint(fields=["area", "language"], name="doorhanger_one_per_language")
        ]

    def __str__(self):
        return f"{self.area} ({self.get_language_display()})"

    @property
    def direction(self) -> str:
        """`dir` of the block: Arabic, Persian and Urdu are written right to left."""
        return direction(self.language)
