import pytest
from django.urls import reverse

from brobygning.core.navigation import nav_items_for
from brobygning.core.roles import Role


def nav_url_names(user):
    return {item["url_name"] for item in nav_items_for(user)}


def test_navigation_differs_by_role(bridge_builder, administrator):
    assert "admin:index" in nav_url_names(administrator)
    assert "admin:index" not in nav_url_names(bridge_builder)


@pytest.mark.parametrize("role", list(Role))
def test_landing_page_shows_the_role_and_only_its_menu(client, user_for_role, role):
    user = user_for_role(role)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert str(role.label) in html or role.label in html
    for item in nav_items_for(user):
        assert item["url"] in html
    if role != Role.ADMINISTRATOR:
        assert reverse("admin:index") not in html


def test_health_endpoint_answers_without_login(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
