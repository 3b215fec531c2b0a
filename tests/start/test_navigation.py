"""The main navigation: at most six top-level items per role, the rest in the user menu, the
current page marked, and the case list one tap away on a phone."""

import re

import pytest
from django.urls import reverse

from brobygning.core.navigation import MAX_TOP_LEVEL, menu_items_for, nav_items_for
from brobygning.core.roles import Role
from tests.factories import HouseholdFactory


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_at_most_six_top_level_items(user_for_role, role):
    assert 1 <= len(nav_items_for(user_for_role(role))) <= MAX_TOP_LEVEL


def test_managers_other_pages_are_in_the_user_menu(client, manager):
    menu = {item["url_name"] for item in menu_items_for(manager)}
    assert menu == {"followups:events", "monitor:receiving_areas", "audit:log"}
    assert not menu & {item["url_name"] for item in nav_items_for(manager)}
    client.force_login(manager)
    html = client.get(reverse("home")).content.decode()
    dropdown = html[html.index('class="dropdown-menu') :]
    for url_name in menu:
        assert reverse(url_name) in dropdown


def test_current_page_is_marked_with_aria_current(client, bridge_builder):
    client.force_login(bridge_builder)
    html = client.get(reverse("followups:tasks")).content.decode()
    current = re.findall(r'<a [^>]*href="([^"]+)"[^>]*aria-current="page"', html)
    assert current == [reverse("followups:tasks")]


def test_a_case_page_marks_the_case_list_as_its_section(client, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    client.force_login(bridge_builder)
    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    nav = html[html.index('data-testid="main-nav"') :]
    assert re.search(rf'href="{reverse("households:caseload")}"[^>]*aria-current="true"', nav)


@pytest.mark.parametrize(
    "role, shortcut",
    [
        (Role.BRIDGE_BUILDER, True),
        (Role.MANAGER, True),
        (Role.REHOUSING_CONSULTANT, False),
        (Role.ACTOR_CONTACT, False),
    ],
)
def test_case_list_shortcut_outside_the_burger_for_case_roles(
    client, user_for_role, role, shortcut
):
    client.force_login(user_for_role(role))
    html = client.get(reverse("home")).content.decode()
    assert ('data-testid="cases-shortcut"' in html) is shortcut
