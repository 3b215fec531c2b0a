"""Sharing with actors: consents and bridges to local offers and contacts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import ContactPerson
from brobygning.core.models import (
    HistoryQuerySet,
    HouseholdPartMixin,
    TimeStampedModel,
)
from households.models.case import Household, Member, Need


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
        """The shared requests addressed to the actor `user` is an active contact person for."""
        # A user account speaks for one contact person (`contactperson_unique_user`), so for
        # one actor: compared as `= (SELECT …)`, which PostgreSQL runs once before the scan,
        # the actor is a constant and the queue is read from `bridge_portal_pending` in
        # order, stopping after a page. As `IN (SELECT …)` the planner read and checked the
        # requests of every actor, then kept this one's and sorted them.
        actor = ContactPerson.objects.filter(user=user, is_active=True).order_by().values("actor")
        return self.shared_with_actors().filter(addressed_actor=models.Subquery(actor[:1]))

    def visible_to(self, user):
        """Bridges of the cases the user may see (`HouseholdQuerySet.visible_to` decides). When
        that scope is every case (a manager's), no subquery over all households: it would
        cost a look-up per bridge in every count."""
        households = Household.objects.visible_to(user)
        if not households.query.has_filters():
            return self.all()
        return self.filter(household__in=households)


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
            # The portal queue and the actor contact's start page: one actor's pending
            # requests, oldest first, a page at a time (households.portal.pending_for).
            models.Index(
                fields=["addressed_actor", "requested_at", "id"],
                condition=Q(status="requested"),
                name="bridge_portal_pending",
            ),
            # The same pages' answered requests, newest answer first (read backwards;
            # households.portal.answered_for).
            models.Index(
                fields=["addressed_actor", "answered_at", "id"],
                condition=Q(status__in=["confirmed", "active"]),
                name="bridge_portal_answered",
            ),
            # The managers' start page: requests stalled at an actor, oldest first (a page of
            # them read from the oldest request on, not every open request sorted).
            models.Index(
                fields=["status", "requested_at", "id"], name="bridge_requests_oldest_first"
            ),
            # The bridge-builders' start page: actors' answers since the last login, newest
            # first, and their count (read from the index, household included).
            models.Index(
                fields=["answered_at", "id"],
                include=["household"],
                condition=Q(status__in=["confirmed", "declined"]),
                name="bridge_answers_newest_first",
            ),
            # Dashboard: the households with a holding (confirmed or active) bridge, read as
            # one set from this index alone (accepted referrals that led to a bridge).
            models.Index(
                fields=["household"],
                condition=Q(status__in=["confirmed", "active"]),
                name="bridge_holding_household",
            ),
            # Dashboard: bridges to support offers requested in a period (the most-used
            # offers and actors, bridges used). Covering: those figures read the index alone.
            models.Index(
                fields=["requested_at"],
                include=["status", "support_offer", "household"],
                condition=Q(support_offer__isnull=False),
                name="bridge_offer_requested",
            ),
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
