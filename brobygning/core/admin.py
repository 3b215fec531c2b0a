from types import SimpleNamespace

from allauth.usersessions.models import UserSession
from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from brobygning.core.access import recent_authentication_required
from brobygning.core.audit import log_access
from brobygning.core.models import AccessLog, Team, User, WorkerHeartbeat


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "team", "is_active")
    list_filter = ("groups", "team", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Organisation"), {"fields": ("team", "phone")}),)

    def has_delete_permission(self, request, obj=None):
        # Staff accounts are deactivated, never deleted: the access log and the change history
        # must keep naming who read and changed each case (and on PostgreSQL cannot change).
        return False

    # Roles are groups on this form: adding or editing a user needs a recent login (ASVS 3.7.1).
    @method_decorator(recent_authentication_required)
    def changeform_view(self, request, *args, **kwargs):
        return super().changeform_view(request, *args, **kwargs)

    # Setting another user's password is a takeover of that account: the same rule.
    @method_decorator(recent_authentication_required)
    def user_change_password(self, request, *args, **kwargs):
        return super().user_change_password(request, *args, **kwargs)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "beat_at")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit data cannot be added, changed or deleted from the admin (ASVS 7.3.3)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "action", "target_type", "household_reference", "detail")
    list_filter = ("action", "target_type")
    search_fields = ("household_reference", "user__username")
    date_hierarchy = "at"


admin.site.unregister(LogEntry)

# Apps whose change history is case content (names, notes, needs, journal text).
CASE_APPS = ("households", "referrals")


def _is_case_content(entry) -> bool:
    return entry.content_type.app_label in CASE_APPS


def _masked_repr(entry) -> str:
    return f"{entry.content_type.name} #{entry.object_pk}"


@admin.register(LogEntry)
class ChangeHistoryAdmin(ReadOnlyAdmin, LogEntryAdmin):
    """The change history without case content (#21 item 3): for a case record the admin
    shows which record and which fields changed, by whom and when, never the values or the
    record's name, and it cannot be searched by free text (a name would find the family).
    Case history is read on the audit screen, by case reference, where reading is logged;
    opening an entry here is logged too."""

    search_fields = ()
    list_display = ["created", "resource", "action", "msg_short", "user_url", "cid_url"]
    readonly_fields = ["created", "resource", "action", "user_url", "msg"]
    fieldsets = [
        (None, {"fields": ["created", "user_url", "resource", "cid"]}),
        (_("Changes"), {"fields": ["action", "msg"]}),
    ]

    @admin.display(description=_("Resource"))
    def resource(self, obj):
        return _masked_repr(obj) if _is_case_content(obj) else self.resource_url(obj)

    @admin.display(description=_("Changes"))
    def msg(self, obj):
        if _is_case_content(obj):
            return _(
                "Case content is not shown in the admin. Read it on the audit screen "
                "(search by case reference), where reading it is logged."
            )
        return super().msg(obj)

    def get_object(self, request, object_id, from_field=None):
        entry = super().get_object(request, object_id, from_field)
        if entry is not None and _is_case_content(entry):
            # The page title and breadcrumbs print the entry, which names the record.
            entry.object_repr = _masked_repr(entry)
        return entry

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = self.get_object(request, unquote(object_id))
        if entry is not None and _is_case_content(entry):
            log_access(
                request,
                action=AccessLog.Action.VIEW,
                target_type="change_history",
                target_id=entry.pk,
                household=SimpleNamespace(
                    reference=(entry.additional_data or {}).get("household", "")
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)


# Users end their own other sessions on the sessions page. allauth's admin for these rows
# would list every user's IP addresses, and deleting a row there does not end the session.
admin.site.unregister(UserSession)
