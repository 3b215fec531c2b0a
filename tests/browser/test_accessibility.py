"""WCAG 2.2 AA in a real browser, over the demo (issue #19): the pages each role reaches pass
axe-core and are never wider than the screen at 1366 and 390 px (the actor portal with a
pending request included); keyboard focus is ringed at 3:1 or more against its background in
the teal top bar and in a form; the main targets on a phone are 44 px."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from brobygning.core.models import User
from brobygning.core.roles import Role
from tests.browser.conftest import assert_no_serious_accessibility_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
ROLES = ["brobygger", "genhusning", "kommune", "leder", "admin"]
SHOTS = Path(os.environ.get("BROBYGNING_SCREENSHOTS", "/tmp/shots"))  # noqa: S108
# Not product pages (the admin is covered by the accessibility statement) or not pages at all.
SKIP = re.compile(r"/admin/|/konto/logout|/sprog/|\.(json|pdf|xlsx|csv|ics)|eksport|/hent/")


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("BROBYGNING_DEMO_PASSWORD", "demo")
    # A transactional test empties the tables, the roles made by a data migration too.
    for role in Role:
        Group.objects.get_or_create(name=role)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    return {name: User.objects.get(username=name) for name in ROLES}


def signed_in(new_page, user, viewport):
    page = new_page(viewport=viewport)
    log_in(page, user, password="demo")
    return page


def pages_of(page):
    """The start page, every page of the main and user menus, and the first item of each
    work queue on the start page (a case, a referral, a follow-up, a pending request)."""
    links = page.eval_on_selector_all(
        "#main-nav a[href], [data-testid^='queue-'] a[href]",
        "els => els.map(e => [e.closest('[data-testid^=\"queue-\"]')?.dataset.testid || '', "
        "e.getAttribute('href')])",
    )
    urls, queues = ["/"], set()
    for queue, href in links:
        if not href.startswith("/") or SKIP.search(href) or href in urls:
            continue
        if queue and queue in queues:
            continue
        queues.add(queue)
        urls.append(href)
    return urls


def width_of(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_reaches_passes_axe_and_fits_the_screen(new_page, demo, username):
    for viewport in (DESKTOP, PHONE):
        page = signed_in(new_page, demo[username], viewport)
        urls = pages_of(page)
        for url in urls:
            page.goto(url)
            assert width_of(page) <= viewport["width"], f"{url} scrolls sideways"
            assert_no_serious_accessibility_violations(page)
        assert page.console_errors == []
        if username == "kommune":
            # The actor portal with a request still waiting for an answer.
            assert any(re.fullmatch(r"/portal/\d+/", url) for url in urls), urls
    if username == "leder":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.goto("/oversigt/")
        page.screenshot(path=SHOTS / "a11y-dashboard-390.png", full_page=True)


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const opaque = c => {
    const v = c.match(/[\\d.]+/g).map(Number);
    return v.length < 4 || v[3] > 0.5;
  };
  const background = node => {
    for (let n = node; n; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor;
      if (opaque(c)) return c;
    }
    return 'rgb(255, 255, 255)';
  };
  // A ring drawn outside the element lies on its parent's background, one drawn inside on its own.
  const behind = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
  const name = el.getAttribute('aria-label') || el.innerText || el.name || el.id || el.tagName;
  return {name: name.trim().slice(0, 40), inHeader: !!el.closest('header'),
          style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          color: style.outlineColor, background: background(behind)};
}"""


def luminance(css_colour):
    red, green, blue = (int(float(v)) for v in re.findall(r"[\d.]+", css_colour)[:3])

    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first, second):
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def assert_focus_visible(page):
    focus = page.evaluate(FOCUSED)
    assert focus["style"] == "solid" and focus["width"] >= 2, focus
    ratio = contrast(focus["color"], focus["background"])
    assert ratio >= 3, f"{focus['name']}: focus ring {ratio:.1f}:1 – {focus}"
    return focus


def tab_through(page, presses, *, until_out_of_header=False):
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        focus = assert_focus_visible(page)
        seen.append(focus)
        if until_out_of_header and not focus["inHeader"] and any(f["inHeader"] for f in seen):
            break
    return seen


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_focus_ring_contrasts_3_to_1_in_the_top_bar_and_a_form(new_page, demo, viewport):
    phone = viewport["width"] == PHONE["width"]
    page = signed_in(new_page, demo["brobygger"], viewport)
    page.goto("/")
    # From the top of the page: the skip link, then the bar.
    header = tab_through(page, 20, until_out_of_header=True)
    if phone:
        # The burger menu opened, so that its links are reached too.
        page.locator(".navbar-toggler").click()
        page.locator("#main-nav").wait_for(state="visible")
        header += tab_through(page, 20, until_out_of_header=True)
    in_header = [focus for focus in header if focus["inHeader"]]
    assert len(in_header) >= 4, header
    # On the teal bar the ring is yellow, not the near-black of the page.
    assert all(contrast(focus["color"], "rgb(11, 94, 107)") >= 3 for focus in in_header)
    # The user menu open: its items lie on white.
    page.get_by_test_id("user-menu").focus()
    page.keyboard.press("Enter")
    page.locator(".dropdown-menu.show").wait_for()
    tab_through(page, 4)
    page.keyboard.press("Escape")
    if not phone:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("#main-nav .nav-link").nth(1).focus()
        shot = SHOTS / "a11y-top-bar-focus.png"
        page.screenshot(path=shot, clip={"x": 0, "y": 0, "width": 1366, "height": 120})

    form = signed_in(new_page, demo["genhusning"], viewport)
    form.goto("/henvisninger/ny/")
    form.locator("h1").click()
    fields = tab_through(form, 25)
    assert len({focus["name"] for focus in fields}) >= 10


def test_on_a_phone_the_main_targets_are_44_px(new_page, demo):
    page = signed_in(new_page, demo["brobygger"], PHONE)
    page.goto("/sager/")
    rows = page.locator("[data-testid='caseload'] > li")
    assert rows.count() >= 3
    for row in rows.all():
        assert row.bounding_box()["height"] >= 44
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "a11y-caseload-390.png", full_page=True)
    # The whole row is the link: a tap beside the name, on the phase, opens the case.
    first = rows.first
    name = first.get_by_role("link").inner_text()
    box = first.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 10, box["y"] + box["height"] - 8)
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name

    manager = signed_in(new_page, demo["leder"], PHONE)
    manager.goto("/oversigt/?section=caseload")
    numbers = manager.locator("#caseload-table td > a")
    assert numbers.count() >= 3
    for link in numbers.all()[:10]:
        box = link.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box

    consultant = signed_in(new_page, demo["genhusning"], PHONE)
    consultant.goto("/henvisninger/ny/")
    checks = consultant.locator("form .form-check:has(input[type=checkbox])")
    assert checks.count() >= 3
    for check in checks.all():
        assert check.bounding_box()["height"] >= 44
    # Tapping the label's row, not the small box, ticks it (mouse clicks land in the viewport).
    checks.first.scroll_into_view_if_needed()
    box = checks.first.bounding_box()
    consultant.mouse.click(box["x"] + box["width"] - 20, box["y"] + box["height"] / 2)
    assert checks.first.locator("input").is_checked()


def test_the_accessibility_statement_is_linked_from_every_footer(new_page, demo):
    page = new_page(viewport=PHONE)
    page.goto("/konto/login/")
    page.get_by_role("link", name="Tilgængelighedserklæring").click()
    assert page.locator("h1").inner_text() == "Tilgængelighedserklæring"
    assert page.get_by_role("heading", name="Håndhævelsesprocedure").is_visible()
    assert width_of(page) <= PHONE["width"]
    assert_no_serious_accessibility_violations(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "a11y-statement.png", full_page=True)
