from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from brobygning.core.choices import ChoiceLabelsMixin
from brobygning.core.roles import Role


class TimeStampedModel(ChoiceLabelsMixin, models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A row people edit in forms, with a version counter for optimistic locking.

    Every save of an existing row counts the version up (like `updated_at`, whoever saves:
    a service, the admin), so an edit form that was opened before the save is stale. An edit
    form carries the version it started from (`brobygning.core.forms.VersionedForm`) and its
    service saves with `save_versioned()`, which refuses a stale edit: the second of two
    people saving the same row never overwrites the first silently.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        try:
            return super().save(*args, **kwargs)
        except Exception:
            self.version -= 1
            raise


STALE_EDIT = _(
    "Someone else saved a change here while you were editing, so your changes were not saved. "
    "What you wrote is still in the form below. Open the page again (in a new tab, so you "
    "keep this one) to see the current version, then make your change there and save it."
)


def lock_row(instance, *, version=None):
    """The row of `instance`, read fresh from the database and locked until the transaction
    ends. With `version`, refuse (ValidationError, code "stale") when someone else saved the
    row since that version. Call it inside `transaction.atomic()`."""
    current = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
    if version is not None and current.version != version:
        raise ValidationError(STALE_EDIT, code="stale")
    return current


def save_versioned(instance, **kwargs):
    """Save an edit that started from `instance.version` (the version the form was opened
    at): under the row lock, refuse it when someone else saved the row in between, else save
    (which counts the version up). A new row is saved as it is. Call it inside
    `transaction.atomic()`; `kwargs` go to `save()`."""
    if not instance._state.adding:
        lock_row(instance, version=instance.version)
    instance.save(**kwargs)
    return instance


class HistoryBypassError(RuntimeError):
    """A queryset write on a model with change history, which would leave no history entry."""


class HistoryQuerySet(models.QuerySet):
    """The queryset of every model registered with django-auditlog.

    auditlog records a change from the model's save and delete signals, and `update()`,
    `bulk_update()` and `bulk_create()` send none: on these models they raise, so no write
    path can leave a gap in the change history (GDPR art. 5(2)). Write with `save()` /
    `create()`; the few writes that skip history on purpose go through `without_history()`.

    Not caught: Django's delete cascade sets `on_delete=SET_NULL` references (a bridge's
    member or need) through the base manager. No code path deletes members or needs.
    """

    _history_bypassed = False

    def _clone(self):
        clone = super()._clone()
        clone._history_bypassed = self._history_bypassed
        return clone

    def _require_history_bypass(self, method):
        if not self._history_bypassed:
            raise HistoryBypassError(
                f"{self.model._meta.label}.objects.{method}() would write no change history. "
                "Save each row, or use brobygning.core.models.without_history() on purpose."
            )

    def update(self, **kwargs):
        self._require_history_bypass("update")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        self._require_history_bypass("bulk_update")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        self._require_history_bypass("bulk_create")
        return super().bulk_create(objs, *args, **kwargs)


def claim_once(model, pk, **values):
    """Set `values` on row `pk` if the first of them is still empty, under the row lock and
    through `save()` (so the change history records it). Returns the row, or None when another
    worker claimed it first: the second waits for the first to commit and then no longer finds
    the field empty. Call it inside `transaction.atomic()`."""
    first = next(iter(values))
    row = model.objects.select_for_update().filter(pk=pk, **{f"{first}__isnull": True}).first()
    if row is None:
        return None
    for name, value in values.items():
        setattr(row, name, value)
    row.save(update_fields=list(values))
    return row


def without_history(queryset):
    """The one escape hatch from `HistoryQuerySet`: the returned queryset (or manager's
    queryset) may `update()`, `bulk_update()` and `bulk_create()` without change history.

    Only for writes that skip history on purpose: the art. 17 anonymisation (a new history
    entry would repeat every erased value) and generated load-test data. A test lists the
    modules allowed to call it. Any other queryset is returned unchanged.
    """
    if isinstance(queryset, models.Manager):
        queryset = queryset.all()
    if isinstance(queryset, HistoryQuerySet):
        queryset = queryset._chain()
        queryset._history_bypassed = True
    return queryset


class Team(TimeStampedModel):
    """A group of bridge-builders who share a caseload, usually one office or area."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class UserManager(DjangoUserManager):
    def get_by_natural_key(self, username):
        """Login by any case: Django's backend, `createsuperuser` and the admin find `Locktest`
        as `locktest`, as allauth's backend does (usernames are unique in lower case)."""
        return self.get(username__iexact=username)

    def named(self, username):
        """The account a typed username names, whatever its case, or None."""
        return self.filter(username__iexact=username).first() if username else None

    def with_role(self, *roles):
        """Active users who hold any of `roles` (the one query for "the managers", "the
        bridge-builders")."""
        users = self.filter(groups__name__in=roles, is_active=True)
        return users.distinct() if len(roles) > 1 else users


class User(AbstractUser):
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = UserManager()

    # What `__str__` reads: a page that only names a user (an author, an assignee) loads
    # these columns of it and no others.
    NAME_FIELDS = ("first_name", "last_name", "username")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Login and lockout compare usernames without regard to case
            # (brobygning.core.usernames.normalise_username): one account per name in any case.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_any_case",
                violation_error_message=_(
                    "A user with that username already exists (in upper or lower case)."
                ),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @classmethod
    def name_fields(cls, relation):
        """`NAME_FIELDS` seen from a record that points to a user, for `only()`:
        `name_fields("author")` -> "author__first_name", "author__last_name", ..."""
        return [f"{relation}__{name}" for name in cls.NAME_FIELDS]

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's role codes (group names); one query, cached for the request."""
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_manager(self) -> bool:
        """For templates, which cannot call has_role(Role.MANAGER)."""
        return self.has_role(Role.MANAGER)

    @property
    def role_labels(self) -> list[str]:
        return [label for value, label in Role.choices if value in self.roles]


# Heartbeat names: any task the worker ran (every minute), and the last finished reminder scan.
BEAT = "beat"
REMINDER_SCAN = "reminder_scan"


class WorkerHeartbeat(models.Model):
    """Written by the Celery beat schedule, so the app can show that background jobs run."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class AccessLog(models.Model):
    """Who read, searched, exported or printed what, and when (append-only).

    The target is named by type and id, not by foreign key, so the log outlives the record
    and the project package depends on no app.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        SEARCH = "search", _("Searched")
        EXPORT = "export", _("Exported")
        PRINT = "print", _("Printed")
        ERASURE = "erasure", _("Erased")
        BREAK_GLASS = "break_glass", _("Opened outside own scope")

    # Empty only for a read through a single-request answer link, whose visitor has no login
    # (the row's detail says so).
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_logs",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=12, choices=Action)
    target_type = models.CharField(_("record type"), max_length=50)
    target_id = models.CharField(_("record"), max_length=50, blank=True)
    household_reference = models.CharField(_("household"), max_length=20, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=300)
    # The request's id (RequestIdMiddleware): ties the read to the request in the other logs.
    request_id = models.CharField(_("request id"), max_length=32, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            # Audit search: one household's or one user's accesses in a period.
            models.Index(fields=["household_reference", "-at"], name="accesslog_household"),
            models.Index(fields=["user", "-at"], name="accesslog_user"),
            # The case page's notice of break-the-glass openings (households.break_glass
            # .openings): the few such rows of a case, without reading its every view (each
            # view of a case adds a row). Action.BREAK_GLASS, not reachable from Meta.
            models.Index(
                fields=["household_reference", "-at"],
                condition=models.Q(action="break_glass"),
                name="accesslog_break_glass",
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.target_type}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice to one user. Texts carry no sensitive detail: a reference and a link."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The unread badge in the header: one user's unread notices.
            models.Index(
                fields=["user", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self):
        return self.text


class HouseholdPartMixin:
    """For records that belong to a household: their change-history entries carry its reference."""

    def get_additional_data(self):
        household = getattr(self, "household", None)
        return {"household": household.reference if household else ""}


class FormSubmission(models.Model):
    """A create form's one-time token, claimed in the same transaction as the row the form
    creates (brobygning.core.submissions). The unique token is the claim: a form submitted again
    (Back and save, a double click, a retried request) finds it taken and creates nothing."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Where the first submission led (what it created), for the one that comes again.
    url = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
