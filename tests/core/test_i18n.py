from django.urls import reverse


def test_pages_are_danish_by_default(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="da">' in html
    assert "Log ind på Brobygning" in html


def test_language_switch_changes_the_page_language(client, db):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("account_login")}
    )
    assert response.status_code == 302
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in to Brobygning" in html

    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert "Log ind på Brobygning" in client.get(reverse("account_login")).content.decode()


def test_an_english_browser_still_gets_danish_until_the_user_switches(client, db):
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert '<html lang="da">' in html.decode()


def test_the_login_page_offers_one_forgot_password_link(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert html.count(reverse("account_reset_password")) == 1
