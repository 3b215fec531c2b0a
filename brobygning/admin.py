from allauth.usersessions.models import UserSession
from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from brobygning.access import recent_authentication_required
from brobygning.models import AccessLog, Team, User, WorkerHeartbeat


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


@admin.register(LogEntry)
class ChangeHistoryAdmin(ReadOnlyAdmin, LogEntryAdmin):
    pass


# Users end their own other sessions on the sessions page. allauth's admin for these rows
# would list every user's IP addresses, and deleting a row there does not end the session.
admin.site.unregister(UserSession)
