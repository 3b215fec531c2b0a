"""Role-aware main navigation. Links are only a convenience: views enforce access themselves.

At most six top-level items per role (they fit on one line from 1280 px); a role's other
pages sit in the user menu. The case list is also reachable on a phone without the burger."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from brobygning.core.roles import Role

MAX_TOP_LEVEL = 6

B, R, M, A, ADMIN = (
    Role.BRIDGE_BUILDER,
    Role.REHOUSING_CONSULTANT,
    Role.MANAGER,
    Role.ACTOR_CONTACT,
    Role.ADMINISTRATOR,
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[Role, ...]
    # Roles that find the page in the user menu instead of the top bar.
    menu_roles: tuple[Role, ...] = ()


NAV_ITEMS = (
    NavItem(_("Home"), "home", tuple(Role)),
    NavItem(_("Dashboard"), "dashboard:index", (M, ADMIN)),
    NavItem(_("Caseload"), "households:caseload", (B, M)),
    NavItem(_("My tasks"), "followups:tasks", (B, M)),
    NavItem(_("Referral inbox"), "referrals:inbox", (B, M)),
    NavItem(_("Directory"), "actors:directory", (B, M)),
    NavItem(_("Events"), "followups:events", (B,), menu_roles=(M,)),
    NavItem(_("My referrals"), "referrals:mine", (R,)),
    NavItem(_("New referral"), "referrals:create", (R,)),
    NavItem(_("Requests"), "portal:queue", (A,)),
    NavItem(_("Receiving areas"), "monitor:receiving_areas", (ADMIN,), menu_roles=(M,)),
    NavItem(_("Audit log"), "audit:log", (ADMIN,), menu_roles=(M,)),
    NavItem(_("Administration"), "admin:index", (ADMIN,)),
)


def _entry(item):
    return {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}


def nav_items_for(user):
    """The top-level items for the user's roles (at most MAX_TOP_LEVEL for any one role)."""
    if not user.is_authenticated:
        return []
    return [_entry(item) for item in NAV_ITEMS if user.has_role(*item.roles)]


def menu_items_for(user):
    """The user's other pages, listed in the user menu."""
    if not user.is_authenticated:
        return []
    return [
        _entry(item)
        for item in NAV_ITEMS
        if not user.has_role(*item.roles) and user.has_role(*item.menu_roles)
    ]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    unread = user.notifications.unread().count() if user.is_authenticated else 0
    items, menu = nav_items_for(user), menu_items_for(user)
    mark_current([*items, *menu], current)
    return {
        "nav_items": items,
        "nav_menu_items": menu,
        "nav_current": current,
        "unread_count": unread,
        "nav_cases_shortcut": user.is_authenticated and user.has_role(B, M),
    }


def _section(url_name):
    return url_name.split(":")[0] if ":" in url_name else url_name


def mark_current(items, current):
    """`aria-current`: "page" on the item of the page shown; "true" on the item of its
    section (a case under the case list) when only one item leads into that section."""
    sections = [_section(item["url_name"]) for item in items]
    for item, section in zip(items, sections, strict=True):
        if item["url_name"] == current:
            item["current"] = "page"
        elif section == _section(current) and sections.count(section) == 1:
            item["current"] = "true"
        else:
            item["current"] = ""
