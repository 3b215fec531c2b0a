"""No personal data in URLs or browser storage (ASVS 8.3.1, 8.2.2, 8.2.3).

Every request the browser makes is recorded while a bridge-builder and a manager search and
click through the product: no URL may hold a search term, a CPR-like number or a
household's name. Browser storage is empty after navigation, a journal draft is gone once
the entry is saved, everything is gone after logout, and Back after logout shows the login
page.
"""

import re
from urllib.parse import unquote_plus, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
CPR = re.compile(r"\d{6}-?\d{4}")
CPR_TERM = "010190-1234"
# Links the crawl does not follow: downloads, the admin, account and language pages.
SKIP = re.compile(r"\.(json|csv|xlsx|ics)(\?|$)|^/(admin|konto|sprog|static)/")


def record_requests(page):
    urls = []
    page.on("request", lambda request: urls.append(unquote_plus(request.url)))
    return urls


def storage(page):
    return page.evaluate("() => [localStorage.length, sessionStorage.length]")


def free_text_fields_of_get_forms(page):
    """Text inputs of forms that would submit by GET (and so put what is typed in the URL)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("form"))
            .filter(f => (f.getAttribute("method") || "get").toLowerCase() === "get")
            .flatMap(f => Array.from(f.querySelectorAll(
                "textarea, input:not([type]), input[type=text], input[type=search]")))
            .map(f => f.name)"""
    )


def crawl(page, limit):
    """Visit up to `limit` internal links found from the current page; the paths seen."""
    seen, queue, visited = set(), [page.url], []
    while queue and len(visited) < limit:
        page.goto(queue.pop(0))
        visited.append(urlsplit(page.url).path)
        assert free_text_fields_of_get_forms(page) == [], page.url
        for href in page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.href)"):
            path = urlsplit(href).path
            if path not in seen and not SKIP.search(urlsplit(href).path + "?"):
                seen.add(path)
                queue.append(href)
    return visited


def search(page, form_selector, field, term):
    form = page.locator(form_selector)
    form.locator(f"[name={field}]").fill(term)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def assert_private(urls, *terms):
    assert urls, "no requests were recorded"
    for url in urls:
        assert not CPR.search(url), url
        for term in terms:
            assert term.lower() not in url.lower(), url


@pytest.fixture
def cases(bridge_builder):
    haddad = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Haddad")
    MemberFactory(household=haddad, first_name="Samira")
    jensen = HouseholdFactory(bridge_builder=bridge_builder, display_name="Familien Jensen")
    return haddad, jensen


def test_a_bridge_builders_searches_and_pages_keep_personal_data_out_of_urls_and_storage(
    new_page, bridge_builder, cases
):
    haddad, jensen = cases
    page = new_page(DESKTOP)
    urls = record_requests(page)
    log_in(page, bridge_builder)

    page.goto("/sager/")
    search(page, "[data-testid=caseload-filter]", "q", "Haddad")
    assert "s=" in page.url
    caseload = page.get_by_test_id("caseload").inner_text()
    assert "Familien Haddad" in caseload and "Familien Jensen" not in caseload
    # Back from the case to the result works, and the result is still the search's.
    page.get_by_role("link", name="Familien Haddad").click()
    page.wait_for_load_state()
    page.go_back()
    assert "Familien Jensen" not in page.get_by_test_id("caseload").inner_text()

    search(page, "[data-testid=caseload-filter]", "q", CPR_TERM)
    page.goto("/aktoerer/liste/")
    search(page, "main form[role=search]", "q", "Haddad")
    page.goto(f"/sager/{haddad.pk}/")
    visited = crawl(page, limit=15)

    assert len(visited) >= 10
    assert_private(urls, "Haddad", CPR_TERM, haddad.display_name, "Samira", jensen.display_name)
    assert storage(page) == [0, 0]
    assert page.console_errors == []


def test_a_managers_case_and_audit_searches_keep_personal_data_out_of_urls(
    new_page, manager, cases
):
    haddad, _jensen = cases
    page = new_page(DESKTOP)
    urls = record_requests(page)
    log_in(page, manager)

    page.goto("/sager/")
    search(page, "[data-testid=caseload-filter]", "q", haddad.reference)
    assert "Familien Haddad" in page.get_by_test_id("caseload").inner_text()
    page.goto("/revision/")
    search(page, "main form", "household", haddad.reference)
    assert haddad.reference in page.locator("main").inner_text()
    page.goto("/oversigt/")
    visited = crawl(page, limit=12)

    assert len(visited) >= 6
    assert_private(urls, haddad.reference, haddad.display_name, "Samira")
    assert storage(page) == [0, 0]
    assert page.console_errors == []


def test_a_journal_draft_is_kept_while_refused_and_gone_once_the_entry_is_saved(
    new_page, bridge_builder, cases
):
    haddad, _jensen = cases
    page = new_page(DESKTOP)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{haddad.pk}/journal/ny/")
    page.locator("[name=note]").fill("Hjemmebesøg: familien bekymret for skolen")
    assert storage(page) == [0, 1]  # the draft (the control: storage is observed)

    page.locator("[name=occurred_on]").fill("")
    page.locator("form[data-draft-key] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("[name=occurred_on]")).to_be_visible()  # refused: the form again
    assert storage(page) == [0, 1]  # the draft survives a refused save

    page.locator("[name=occurred_on]").fill("2026-03-02")
    page.locator("form[data-draft-key] button[type=submit]").click()
    page.wait_for_url(f"**/sager/{haddad.pk}/")
    assert haddad.journal.count() == 1
    assert storage(page) == [0, 0]


def test_logout_clears_browser_storage_and_back_shows_the_login_page(
    new_page, bridge_builder, cases
):
    haddad, _jensen = cases
    page = new_page(DESKTOP)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{haddad.pk}/journal/ny/")
    page.locator("[name=note]").fill("Halvt skrevet notat om familien")
    page.goto(f"/sager/{haddad.pk}/")
    assert storage(page) == [0, 1]  # an unsent draft is still there before logout

    page.get_by_test_id("user-menu").click()
    page.locator("form[data-clear-storage] button").click()
    page.wait_for_url("**/konto/login/**")
    assert storage(page) == [0, 0]

    page.go_back()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/konto/login/"
    expect(page.locator("[name=login]")).to_be_visible()
    assert "Familien Haddad" not in page.content()
    assert storage(page) == [0, 0]


def test_a_draft_survives_a_session_that_ran_out_and_comes_back_after_signing_in(
    new_page, bridge_builder, cases
):
    from django.contrib.sessions.models import Session

    haddad, _jensen = cases
    page = new_page(DESKTOP)
    log_in(page, bridge_builder)
    page.goto(f"/sager/{haddad.pk}/journal/ny/")
    page.locator("[name=note]").fill("Langt notat skrevet mens sessionen udløb")
    Session.objects.all().delete()  # the session runs out while the note is being written

    page.locator("form[data-draft-key] button[type=submit]").click()
    page.wait_for_url("**/konto/login/**")
    assert haddad.journal.count() == 0
    assert storage(page) == [0, 2]  # the draft and its "sent" mark, nothing else

    # Signing in on the page the expired session led to returns to the form, draft restored.
    page.get_by_label("Brugernavn").fill(bridge_builder.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"**/sager/{haddad.pk}/journal/ny/")
    assert page.locator("[name=note]").input_value() == "Langt notat skrevet mens sessionen udløb"
