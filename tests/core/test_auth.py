import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from brobygning.core.roles import Role
from tests.factories import PASSWORD, UserFactory

LOGIN_URL = reverse("account_login")


def test_every_role_exists_as_a_group_after_migrations(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_can_log_in_and_out(client, user_for_role, role):
    user = user_for_role(role)

    response = client.post(LOGIN_URL, {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(LOGIN_URL)


def test_wrong_password_gives_a_danish_message_without_saying_whether_the_user_exists(
    client, bridge_builder
):
    wrong_password = client.post(LOGIN_URL, {"login": bridge_builder.username, "password": "x"})
    unknown_user = client.post(LOGIN_URL, {"login": "findes-ikke", "password": "x"})

    assert wrong_password.status_code == unknown_user.status_code == 200
    message = "Det angivne brugernavn og/eller adgangskoden er ikke korrekt."
    assert message in wrong_password.content.decode()
    assert message in unknown_user.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(settings, db):
    from brobygning import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # undo the tests' fast hasher
    user = UserFactory(username="argon")
    assert user.password.startswith("argon2")


def test_sign_up_is_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"username": "ny", "password1": "a-long-password-1", "password2": "a-long-password-1"},
    )
    assert response.status_code == 200
    assert "lukket" in response.content.decode()
    assert not UserFactory._meta.model.objects.filter(username="ny").exists()


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_password_reset_sends_an_email_with_a_link(client, bridge_builder, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": bridge_builder.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/konto/password/reset/key/" in mailoutbox[0].body


def test_logged_in_user_can_change_password(client, bridge_builder):
    client.force_login(bridge_builder)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    bridge_builder.refresh_from_db()
    assert bridge_builder.check_password("a-new-long-passphrase")


def test_pages_with_personal_data_are_not_cached_by_the_browser(client, bridge_builder):
    client.force_login(bridge_builder)
    assert "no-store" in client.get(reverse("home"))["Cache-Control"]
