from datetime import timedelta
import pytest
from django.utils import timezone
from tests.browser.conftest import log_in
from tests.dashboard import datasets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_shots(new_page, manager, bridge_builder, teammate, other_bridge_builder):
    datasets.caseload(bridge_builder, teammate, other_bridge_builder)
    datasets.post_move_visits(bridge_builder)
    datasets.receiving_areas(bridge_builder, moved_on=timezone.localdate() - timedelta(days=30))
    datasets.needs(bridge_builder)
    datasets.overdue_ages(bridge_builder)
    for vp, name in [({"width": 375, "height": 740}, "phone"), ({"width": 1280, "height": 900}, "desk")]:
        page = new_page(viewport=vp)
        log_in(page, manager)
        page.goto("/oversigt/")
        page.screenshot(path=f"/tmp/dash-{name}.png", full_page=True)
        page.emulate_media(media="print")
        page.screenshot(path=f"/tmp/dash-{name}-print.png", full_page=True)
