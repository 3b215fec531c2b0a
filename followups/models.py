"""Follow-ups (due tasks), reminders sent for them, notification preferences, calendar tokens
and events (reunion coffee, inspiration tours, open house)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Area
from brobygning.core.choices import choice_label
from brobygning.core.models import TimeStampedModel
from brobygning.core.roles import Role
from households.models import Bridge, Closure, Household, Move
from referrals.models import Referral


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.OPEN)

    def due_by(self, day):
        return self.open().filter(due_on__lte=day)

    def visible_to(self, user):
        """Follow-ups of the cases the user may see (the case file decides)."""
        if user.has_role(Role.MANAGER):
            return self.all()
        return self.filter(household__in=Household.objects.visible_to(user))


class FollowUp(TimeStampedModel):
    class Kind(models.TextChoices):
        FIRST_CONTACT = "first_contact", _("First contact after accepted referral")
        POST_MOVE_VISIT = "post_move_visit", _("Visit within 14 days of the move")
        MOVE_TASK = "move_task", _("Move checklist")
        BRIDGE_UNANSWERED = "bridge_unanswered", _("Bridge not answered")
        BRIDGE_HOLDS = "bridge_holds", _("Does the bridge hold?")
        CUSTOM = "custom", _("Own follow-up")
        NEXT_CONTACT = "next_contact", _("Next contact")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Rule(models.TextChoices):
        """The rule that made an automatic follow-up; the label is its title as shown. What
        each rule says to the user ("Created by") is in followups.rules."""

        REFERRAL_ACCEPTED = "referral_accepted", _("First contact with the household")
        MOVE_REGISTERED = "move_registered", _("Call and offer a visit 14 days after the move")
        MOVE_CHECKLIST_ADDRESS = "move_checklist:address", _("Change of address registered")
        MOVE_CHECKLIST_HOUSING_BENEFIT = (
            "move_checklist:housing_benefit",
            _("Housing benefit applied for"),
        )
        MOVE_CHECKLIST_DAYCARE = "move_checklist:daycare", _("Daycare re-registration")
        MOVE_CHECKLIST_SCHOOL = "move_checklist:school", _("School enrolment")
        MOVE_CHECKLIST_SUPPORT = "move_checklist:support", _("Municipal support continues")
        CASE_CLOSED = "case_closed", _("Does the bridge hold? Is the local contact still there?")
        BRIDGE_REQUESTED = "bridge_requested", _("Request not answered by the actor")
        NEXT_CONTACT = "next_contact", _("Next contact with the household")

    # What an automatic follow-up hangs on: at most one of these, by type (the rule says which).
    SOURCE_FIELDS = {Referral: "referral", Move: "move", Closure: "closure", Bridge: "bridge"}

    class VisitAnswer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        NO_ANSWER = "no_answer", _("No answer")

    class Outcome(models.TextChoices):
        """Outcomes the system records, put into words when shown (`outcome_text`)."""

        CONTACT_LOGGED = "contact_logged", _("Contact logged")
        ANSWERED = "answered", _("Answered")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="followups")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CUSTOM)
    # Own follow-ups have a title; automatic ones are named by their rule (translated).
    title = models.CharField(_("task"), max_length=200, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="followups",
    )
    trigger_on = models.DateField(_("triggered"), default=timezone.localdate)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    # Which rule made it (shown to the user), and what it hangs on, for rescheduling.
    rule = models.CharField(_("created by rule"), max_length=50, choices=Rule, blank=True)
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    move = models.ForeignKey(
        Move, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    closure = models.ForeignKey(
        Closure, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    bridge = models.ForeignKey(
        Bridge, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    # Outcome (the 14-day visit: offered?, the household's answer, visit date).
    visit_offered = models.BooleanField(_("visit offered"), null=True, blank=True)
    visit_answer = models.CharField(
        _("the household's answer"), max_length=10, choices=VisitAnswer, blank=True
    )
    visit_on = models.DateField(_("visit date"), null=True, blank=True)
    outcome_note = models.CharField(_("outcome"), max_length=500, blank=True)
    outcome = models.CharField(
        _("recorded outcome"), max_length=20, choices=Outcome, blank=True, editable=False
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    # The case's state, copied here so "still relevant" (`selectors.relevant`) is read from
    # one index without joining the cases: set when the follow-up is made, and for all of a
    # case's follow-ups when it is closed or reopened (`closure.on_household_closed`, in the
    # same transaction).
    case_closed = models.BooleanField(_("case closed"), default=False, editable=False)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("trigger_on")), name="followup_due_after_trigger"
            ),
            models.CheckConstraint(
                condition=Q(status="open", completed_at__isnull=True) | ~Q(status="open"),
                name="followup_open_not_completed",
            ),
            # One open automatic follow-up per rule and trigger: retries never duplicate.
            *(
                models.UniqueConstraint(
                    fields=["rule", field],
                    condition=Q(status="open", **{f"{field}__isnull": False}),
                    name=f"followup_one_open_per_rule_and_{field}",
                )
                for field in ("referral", "move", "closure", "bridge")
            ),
            # One next contact per case: a new date moves it.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="open", rule="next_contact"),
                name="followup_one_open_next_contact",
            ),
        ]
        indexes = [
            # Open follow-ups by due day (partial, stays small), with the case, the kind and
            # the assignee: lists read in due order that stop after a few (the managers'
            # oldest past the escalation limit), and the dashboard's overdue follow-ups by
            # age and by assignee, counted from this index alone (COUNT(*), not of a column).
            models.Index(
                fields=["status", "due_on"],
                include=["household", "kind", "assignee"],
                condition=Q(status="open"),
                name="followup_open_due",
            ),
            # Open follow-ups still relevant (`selectors.relevant`), by due day, read without
            # joining the cases: the managers' count of follow-ups past the escalation limit
            # (an index-only scan) and the reminder scan's due follow-ups.
            models.Index(
                fields=["due_on"],
                condition=Q(status="open") & (Q(case_closed=False) | Q(kind="bridge_holds")),
                name="followup_relevant_due",
            ),
            # Requests not answered by the actor, by bridge, with their due day: requests
            # stalled at an actor (`selectors.stalled_requests`), listed and counted from this
            # index alone (one look-up per request; for the count, one pass over it).
            models.Index(
                fields=["bridge"],
                include=["due_on"],
                condition=Q(status="open", rule="bridge_requested"),
                name="followup_unanswered_requests",
            ),
            # "My tasks".
            models.Index(fields=["assignee", "status", "due_on"], name="followup_assignee"),
            # Rescheduling and cancelling by trigger.
            models.Index(fields=["household", "status"], name="followup_household"),
            # Dashboard: follow-up quality per kind in a period (the 14-day visits, "does the
            # bridge hold?"). Covering: those figures read the index alone, not a year's rows
            # scattered over the table (42 → 26 ms on a decade of 100,000 cases).
            models.Index(
                fields=["kind", "due_on"],
                include=["household", "status", "visit_offered", "visit_answer", "completed_at"],
                name="followup_kind_due",
            ),
        ]

    def __str__(self):
        return f"{self.display_title} ({date_format(self.due_on)})"

    @property
    def outcome_text(self):
        """The outcome as shown: what the system recorded, in the reader's language, else
        what a person wrote."""
        if self.outcome == self.Outcome.CONTACT_LOGGED and self.outcome_on:
            return _("Contact logged %(date)s") % {"date": date_format(self.outcome_on)}
        return self.get_outcome_display() or self.outcome_note

    @property
    def display_title(self):
        return self.title_of(title=self.title, rule=self.rule, kind=self.kind)

    @classmethod
    def title_of(cls, *, title, rule, kind):
        """`display_title` from the three columns, for lists read with `values()`: an own
        follow-up's title, else its rule's, else its kind's."""
        return (
            title
            or choice_label(cls._meta.get_field("rule"), rule)
            or choice_label(cls._meta.get_field("kind"), kind)
        )

    @classmethod
    def source_filter(cls, source):
        """The field lookup of what a follow-up hangs on: {"bridge": bridge}, or {} for none."""
        if source is None:
            return {}
        return {cls.SOURCE_FIELDS[type(source)]: source}

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def needs_outcome(self):
        """Completing it records an outcome (the 14-day visit: offered?, the answer); any
        other follow-up can simply be ticked off."""
        return self.kind == self.Kind.POST_MOVE_VISIT

    @property
    def calendar_title(self):
        """What it is, without personal data (calendars are synced to phones and third-party
        services): the rule's title, else the kind; never an own follow-up's free text."""
        return self.get_rule_display() or self.get_kind_display()

    @property
    def is_overdue(self):
        return self.is_open and self.due_on < timezone.localdate()


class Reminder(models.Model):
    """One reminder per follow-up and day. The unique row is the claim: a retry, a second
    worker or a second scan finds it and sends nothing twice."""

    # No index of its own: the unique (follow-up, day) index leads with it.
    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="reminders", db_index=False
    )
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # How the assignee wanted it e-mailed when it was sent (NotificationPreference.Channel).
    channel = models.CharField(max_length=15, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["followup", "day"], name="reminder_once_per_day")
        ]
        indexes = [
            # E-mails still to send (at once, retried, or in the daily digest).
            models.Index(
                fields=["channel"], condition=Q(emailed_at__isnull=True), name="reminder_unmailed"
            ),
        ]

    def __str__(self):
        return f"{self.followup_id} {self.day}"


class NotificationPreference(models.Model):
    class Event(models.TextChoices):
        REMINDER = "reminder", _("Follow-up reminders")
        ESCALATION = "escalation", _("Escalations")

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("Only in the app")
        EMAIL_NOW = "email_now", _("E-mail at once")
        EMAIL_DIGEST = "email_digest", _("E-mail, one daily digest")

    DEFAULT = Channel.EMAIL_DIGEST

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(_("notification about"), max_length=20, choices=Event)
    channel = models.CharField(_("how"), max_length=15, choices=Channel, default=DEFAULT)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="preference_once_per_event")
        ]

    def __str__(self):
        return f"{self.user} {self.event}: {self.channel}"


def new_calendar_token():
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A private, revocable address for a user's follow-up calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return f"{self.user}"


class Event(TimeStampedModel):
    class Kind(models.TextChoices):
        REUNION_COFFEE = "reunion_coffee", _("Reunion coffee with old neighbours")
        INSPIRATION_TOUR = "inspiration_tour", _("Inspiration tour")
        OPEN_HOUSE = "open_house", _("Open house")
        MEET_UP = "meet_up", _("Meet-up for rehoused households")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.title


class Invitation(TimeStampedModel):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Said yes")
        DECLINED = "declined", _("Said no")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="invitations")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.INVITED)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "household"], name="invitation_once")
        ]

    def __str__(self):
        return f"{self.event} – {self.household}"
