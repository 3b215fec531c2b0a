import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from brobygning.core.models import User
from brobygning.core.roles import Role
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shots(new_page):
    for role in Role:
        Group.objects.get_or_create(name=role)
    call_command("seed_demo", stdout=io.StringIO())
    for width, height in ((1366, 768), (390, 844)):
        page = new_page(viewport={"width": width, "height": height})
        log_in(page, User.objects.get(username="leder"), password="demo")
        for section in ("", "flow", "needs", "caseload"):
            url = reverse("dashboard:index") + (f"?section={section}" if section else "")
            page.goto(url)
            name = section or "first"
            page.screenshot(path=f"/tmp/shot-{name}-{width}.png", full_page=bool(section))
        page.goto(reverse("dashboard:index") + "?section=flow")
        page.locator("details").filter(has_text="Huse").first.click() if False else None
        page.close()
