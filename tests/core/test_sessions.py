"""A user sees where they are logged in and can end the other sessions (ASVS 3.3.4;
allauth.usersessions). Sessions are recorded when a user logs in through the
login form, so these tests log in that way, each client with its own browser."""

from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = reverse("account_login")
SESSIONS = reverse("usersessions_list")


def logged_in_browser(user, browser):
    client = Client(HTTP_USER_AGENT=browser)
    response = client.post(LOGIN, {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_user_ends_their_other_session_and_that_browser_is_sent_to_login(bridge_builder):
    office = logged_in_browser(bridge_builder, "Kontor-PC")
    forgotten = logged_in_browser(bridge_builder, "Borgerservice-PC")
    page = office.get(SESSIONS).content.decode()
    assert "Kontor-PC" in page and "Borgerservice-PC" in page
    assert 'data-testid="end-other-sessions"' in page

    response = office.post(SESSIONS)

    assert response.status_code == 302
    sent_away = forgotten.get(reverse("home"))
    assert sent_away.status_code == 302
    assert sent_away["Location"].startswith(LOGIN)
    assert office.get(reverse("home")).status_code == 200
    page = office.get(SESSIONS).content.decode()
    assert "Borgerservice-PC" not in page
    assert 'data-testid="no-other-sessions"' in page


def test_ending_other_sessions_leaves_other_users_logged_in(bridge_builder, teammate):
    mine = logged_in_browser(bridge_builder, "Kontor-PC")
    logged_in_browser(bridge_builder, "Bærbar")
    colleague = logged_in_browser(teammate, "Kollegaens PC")
    assert "Kollegaens PC" not in mine.get(SESSIONS).content.decode()

    mine.post(SESSIONS)

    assert colleague.get(reverse("home")).status_code == 200


def test_the_sessions_page_marks_the_current_session_and_offers_no_button_when_alone(
    bridge_builder,
):
    page = logged_in_browser(bridge_builder, "Kontor-PC").get(SESSIONS).content.decode()
    assert "Kontor-PC" in page
    assert page.count('data-testid="current-session"') == 1
    assert 'data-testid="end-other-sessions"' not in page


def test_the_sessions_page_is_only_for_logged_in_users(client, bridge_builder):
    browser = logged_in_browser(bridge_builder, "Kontor-PC")
    for response in (client.get(SESSIONS), client.post(SESSIONS)):
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    assert browser.get(reverse("home")).status_code == 200


def test_the_account_menu_links_to_the_sessions_page(bridge_builder):
    home = logged_in_browser(bridge_builder, "Kontor-PC").get(reverse("home"))
    assert f'href="{SESSIONS}"' in home.content.decode()
