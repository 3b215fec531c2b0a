"""The new home: housing offers, the move, and the closure of the case."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Area, HousingOrganisation
from brobygning.core.models import (
    HistoryQuerySet,
    HouseholdPartMixin,
    TimeStampedModel,
    VersionedModel,
)
from brobygning.core.places import join_address, validate_postcode
from households.models.case import Household


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
        indexes = [
            # Dashboard: closures in a period and the criteria met, counted from this index
            # alone (the outcomes and the first screen's headline).
            models.Index(
                fields=["closed_on"],
                include=[
                    "household",
                    "practical_in_order",
                    "children_enrolled",
                    "new_local_contact",
                    "no_longer_asks_for_help",
                ],
                name="closure_closed_on",
            ),
        ]

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
