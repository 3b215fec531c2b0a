"""Role-aware main navigation. Links are only a convenience: views enforce access themselves."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from brobygning.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[Role, ...]


NAV_ITEMS = (
    NavItem(_("Home"), "home", tuple(Role)),
    NavItem(_("Dashboard"), "dashboard:index", (Role.MANAGER, Role.ADMINISTRATOR)),
    NavItem(_("Caseload"), "households:caseload", (Role.BRIDGE_BUILDER, Role.MANAGER)),
    NavItem(_("My tasks"), "followups:tasks", (Role.BRIDGE_BUILDER, Role.MANAGER)),
    NavItem(_("Directory"), "actors:directory", (Role.BRIDGE_BUILDER, Role.MANAGER)),
    NavItem(_("Referral inbox"), "referrals:inbox", (Role.BRIDGE_BUILDER, Role.MANAGER)),
    NavItem(_("Events"), "followups:events", (Role.BRIDGE_BUILDER, Role.MANAGER)),
    NavItem(_("My referrals"), "referrals:mine", (Role.REHOUSING_CONSULTANT,)),
    NavItem(_("New referral"), "referrals:create", (Role.REHOUSING_CONSULTANT,)),
    NavItem(_("Requests"), "portal:queue", (Role.ACTOR_CONTACT,)),
    NavItem(_("Receiving areas"), "monitor:receiving_areas", (Role.MANAGER, Role.ADMINISTRATOR)),
    NavItem(_("Audit log"), "audit:log", (Role.MANAGER, Role.ADMINISTRATOR)),
    NavItem(_("Administration"), "admin:index", (Role.ADMINISTRATOR,)),
)


def nav_items_for(user):
    if not user.is_authenticated:
        return []
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in NAV_ITEMS
        if user.has_role(*item.roles)
    ]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    unread = user.notifications.unread().count() if user.is_authenticated else 0
    return {"nav_items": nav_items_for(user), "nav_current": current, "unread_count": unread}
