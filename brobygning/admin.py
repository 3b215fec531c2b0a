from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from brobygning.models import AccessLog, Team, User, WorkerHeartbeat


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "team", "is_active")
    list_filter = ("groups", "team", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Organisation"), {"fields": ("team", "phone")}),)


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
