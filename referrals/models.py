"""Referrals: a rehousing consultant hands off a household that needs more support."""

from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Area
from actors.needs import NeedCategory
from brobygning.core.models import (
    HistoryQuerySet,
    HouseholdPartMixin,
    TimeStampedModel,
    VersionedModel,
)
from brobygning.core.places import join_address, validate_postcode
from brobygning.core.roles import Role
from brobygning.core.workdays import earliest_start_within
from households.models import Household, Member


class ReferralQuerySet(HistoryQuerySet):
    def visible_to(self, user):
        """A sender sees their own referrals (drafts included). Receivers (bridge-builders,
        managers) see every sent referral until it is accepted: the inbox is shared, so any
        of them can take the hand-off. Once accepted, a referral is part of its case and
        follows the case's visibility (`Household.objects.visible_to`): a bridge-builder of
        another team no longer reads it. Nobody else sees any."""
        if not user.is_authenticated:
            return self.none()
        scope = Q(sender=user)
        if user.has_role(Role.MANAGER):
            scope |= ~Q(status=Referral.Status.DRAFT)  # every case is theirs to see
        elif user.has_role(Role.BRIDGE_BUILDER):
            cases = Household.objects.visible_to(user).values("pk")
            scope |= ~Q(status__in=[Referral.Status.DRAFT, Referral.Status.ACCEPTED]) | Q(
                status=Referral.Status.ACCEPTED, household__in=cases
            )
        return self.filter(scope)

    def unanswered(self):
        return self.filter(status__in=Referral.UNANSWERED)

    def past_answer_deadline(self, today):
        """Unanswered referrals sent more than N working days before `today`: they go to the
        managers (the escalation scan and the managers' start page)."""
        first_day = earliest_start_within(
            today, settings.BROBYGNING["REFERRAL_ANSWER_WORKING_DAYS"]
        )
        start = timezone.make_aware(datetime.combine(first_day, time.min))
        return self.unanswered().filter(sent_at__lt=start)

    def for_inbox(self):
        return self.select_related("sender", "origin_area", "assigned_to", "household")


class Referral(HouseholdPartMixin, VersionedModel, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        INFO_REQUESTED = "info_requested", _("More information requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    UNANSWERED = (Status.SENT, Status.INFO_REQUESTED)

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class ConsentMethod(models.TextChoices):
        WRITTEN = "written", _("Written")
        ORAL = "oral", _("Oral")

    class DeclineReason(models.TextChoices):
        NOT_TARGET_GROUP = "not_target_group", _("Not in the target group")
        SUPPORTED_ELSEWHERE = "supported_elsewhere", _("Already supported elsewhere")
        HOUSEHOLD_REFUSES = "household_refuses", _("The household refuses")
        OTHER = "other", _("Other")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    external_ref = models.CharField(
        _("tenancy number"),
        max_length=50,
        blank=True,
        help_text=_("The rehousing team's own number for the tenancy; makes re-imports safe."),
    )
    display_name = models.CharField(_("household name"), max_length=100)
    origin_area = models.ForeignKey(
        Area, verbose_name=_("transformation area"), on_delete=models.PROTECT, related_name="+"
    )
    # The current address as street, postcode and town (`address_display` joins them).
    origin_address = models.CharField(_("current street and number"), max_length=200)
    origin_postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    origin_town = models.CharField(_("town"), max_length=60, blank=True)
    household_composition = models.CharField(
        _("household"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'mother, children 16, 12, 10 and 4'."),
    )
    reason = models.TextField(_("why support is needed"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency, default=Urgency.NORMAL)
    notice_given_on = models.DateField(_("notice given"), null=True, blank=True)
    expected_move_on = models.DateField(_("expected move"), null=True, blank=True)
    needs = models.JSONField(_("needs seen"), default=list, blank=True)
    wishes = models.TextField(_("the household's wishes"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=50, blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    lost_support = models.TextField(
        _("support and contacts lost by moving"),
        blank=True,
        help_text=_(
            "E.g. a family mentor or employment mentor from the local social-housing plan."
        ),
    )
    consent_given_on = models.DateField(_("consent given"), null=True, blank=True)
    consent_method = models.CharField(
        _("consent given how"), max_length=10, choices=ConsentMethod, blank=True
    )
    consent_obtained_by = models.CharField(_("consent obtained by"), max_length=100, blank=True)

    status = models.CharField(_("status"), max_length=15, choices=Status, default=Status.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bridge-builder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_assigned",
    )
    decline_reason = models.CharField(
        _("decline reason"), max_length=20, choices=DeclineReason, blank=True
    )
    decline_note = models.TextField(_("decline note"), blank=True)
    escalated_at = models.DateTimeField(_("escalated to managers"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            # A referral without recorded consent cannot be sent.
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(consent_given_on__isnull=False) & ~Q(consent_method="")),
                name="referral_sent_needs_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_decline_has_reason",
            ),
            models.UniqueConstraint(
                fields=["sender", "external_ref"],
                condition=~Q(external_ref=""),
                name="referral_unique_external_ref_per_sender",
            ),
        ]
        indexes = [
            # The inbox: unanswered referrals, newest first; the escalation scan.
            models.Index(fields=["status", "-sent_at"], name="referral_status_sent"),
            # The sender's own list.
            models.Index(fields=["sender", "-created_at"], name="referral_sender"),
            # Dashboard: referrals received in a period, per month, counted from this index
            # alone.
            models.Index(fields=["sent_at"], condition=~Q(status="draft"), name="referral_sent"),
            # Dashboard: referrals answered in a period; covering, so the answers per month
            # and the reasons for declining are counted from the index alone.
            models.Index(
                fields=["answered_at"],
                include=["status", "decline_reason"],
                name="referral_answered_at",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_status_display()})"

    @property
    def is_unanswered(self):
        return self.status in self.UNANSWERED

    @property
    def address_display(self) -> str:
        """ "Granparken 12, 5240 Odense NØ": the current address in one line."""
        return join_address(self.origin_address, self.origin_postcode, self.origin_town)

    @classmethod
    def display_values(cls):
        """Labels of the codes in `needs` (the change history and the art. 15 record)."""
        return {"needs": dict(NeedCategory.choices)}

    @property
    def need_labels(self):
        labels = dict(NeedCategory.choices)
        return [labels.get(code, code) for code in self.needs]


class ReferralMember(TimeStampedModel):
    """One person of the referred household, as the sender knows them: a first name (or
    initials), the relation and the birth year. Accepting the referral makes each a `Member`
    of the case, so the bridge-builder does not type the household again."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(_("first name or initials"), max_length=60)
    relation = models.CharField(_("relation"), max_length=12, choices=Member.Relation)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("person in the referred household")
        verbose_name_plural = _("people in the referred household")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900), name="referral_member_birth_year_sane"
            )
        ]

    def __str__(self):
        return f"{self.first_name} ({self.birth_year})"

    def age(self, today=None) -> int:
        return (today or timezone.localdate()).year - self.birth_year


class ReferralMessage(models.Model):
    """The short "ask for more information" thread between sender and receiver."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("message"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("referral message")
        verbose_name_plural = _("referral messages")

    def __str__(self):
        return self.text[:50]
