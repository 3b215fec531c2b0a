"""Every link the administrator is shown leads somewhere they may go: no link to a page that
answers 403 (the area pages of the directory, say, which are for case workers)."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories import AreaFactory, HouseholdFactory, MemberFactory, MoveFactory

HREF = re.compile(r'href="(/[^"#]*)"')
# Django's own administration and the static files are not pages of the product.
SKIPPED = ("/admin/", "/static/")


def links(response):
    return {href.replace("&amp;", "&") for href in HREF.findall(response.content.decode())} - {""}


def crawl(client, start, depth):
    """{url: status} for `start` and every page linked from it, `depth` links deep."""
    seen, frontier = {}, [start]
    for _level in range(depth + 1):
        following = []
        for url in frontier:
            if url in seen or url.startswith(SKIPPED):
                continue
            response = client.get(url)
            seen[url] = response.status_code
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                following.extend(links(response))
        frontier = following
    return seen


def test_every_link_the_administrator_is_shown_answers_200(client, administrator):
    area = AreaFactory(name="Hasle", homes_count=100)
    household = HouseholdFactory()
    MemberFactory(household=household)
    MoveFactory(
        household=household, receiving_area=area, moved_on=timezone.localdate() - timedelta(30)
    )
    client.force_login(administrator)
    statuses = crawl(client, reverse("home"), depth=2)
    assert reverse("monitor:receiving_areas") in statuses
    assert reverse("actors:area_detail", args=[area.pk]) not in statuses
    assert {url: status for url, status in statuses.items() if status != 200} == {}


def test_case_workers_still_get_the_link_to_the_area_page(client, manager):
    area = AreaFactory(name="Hasle", homes_count=100)
    client.force_login(manager)
    page = client.get(reverse("monitor:receiving_areas"))
    assert reverse("actors:area_detail", args=[area.pk]) in links(page)
