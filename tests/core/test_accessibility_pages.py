"""Accessibility in the served HTML (issue #19): the statement, the language picker, overdue
said in words, and what our code fixes in Django's admin. The browser checks are in
tests/browser/test_accessibility.py."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import ActorFactory, FollowUpFactory, HouseholdFactory

pytestmark = pytest.mark.django_db

STATEMENT = "/tilgaengelighed/"


def test_accessibility_statement_is_public_and_in_danish(client):
    html = client.get(STATEMENT).content.decode()
    for heading in (
        "Tilgængelighedserklæring",
        "Overholdelsesstatus",
        "Ikke tilgængeligt indhold",
        "Udarbejdelse af denne tilgængelighedserklæring",
        "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure",
    ):
        assert heading in html
    assert "Klag til Digitaliseringsstyrelsen" in html
    assert "digst.dk" in html


def test_accessibility_statement_in_english_after_switching(client):
    client.post("/sprog/", {"language": "en", "next": STATEMENT})
    html = client.get(STATEMENT).content.decode()
    assert "Status of compliance" in html and "Enforcement procedure" in html


def test_accessibility_statement_names_the_feedback_contact_from_the_settings(client, settings):
    settings.BROBYGNING = {
        **settings.BROBYGNING,
        "ACCESSIBILITY_EMAIL": "tilgaengelighed@example.dk",
        "ACCESSIBILITY_PHONE": "70 10 20 30",
    }
    html = client.get(STATEMENT).content.decode()
    assert 'href="mailto:tilgaengelighed@example.dk"' in html
    assert 'href="tel:70102030"' in html


def test_accessibility_statement_refuses_a_post(client):
    assert client.post(STATEMENT).status_code == 405


def test_every_footer_links_the_statement_and_names_each_language_in_itself(client):
    for language in ("da", "en"):
        client.post("/sprog/", {"language": language, "next": "/"})
        html = client.get("/konto/login/").content.decode()
        assert f'href="{STATEMENT}"' in html
        assert '<option value="da" lang="da"' in html and ">Dansk</option>" in html
        assert '<option value="en" lang="en"' in html and ">English</option>" in html


def test_the_user_menu_offers_the_languages_too(client, bridge_builder):
    client.force_login(bridge_builder)
    html = client.get("/").content.decode()
    menu = html[html.index('data-testid="menu-language"') :]
    assert re.search(r'value="da" lang="da"[^>]*>Dansk</button>', menu)
    assert re.search(r'value="en" lang="en"[^>]*>English</button>', menu)


def test_overdue_next_contact_and_follow_up_are_said_in_words_not_only_red(client, bridge_builder):
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    household = HouseholdFactory(bridge_builder=bridge_builder, next_contact_on=last_week)
    FollowUpFactory(household=household, assignee=bridge_builder, due_on=last_week)
    client.force_login(bridge_builder)
    html = client.get(f"/sager/{household.pk}/").content.decode()
    next_contact = html[html.index('data-testid="next-contact"') :].split("</div>")[0]
    assert "Overskredet" in next_contact
    panel = html[html.index('data-testid="case-followups"') :].split("</section>")[0]
    assert "Overskredet" in panel
    caseload = client.get("/sager/").content.decode()
    assert "Overskredet" in caseload


def test_admin_date_and_time_inputs_and_inline_selects_have_names(client, administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    heartbeat = client.get("/admin/brobygning/workerheartbeat/add/").content.decode()
    assert re.search(r'<input[^>]*aria-label="Dato"[^>]*id="id_beat_at_0"', heartbeat)
    assert re.search(r'<input[^>]*aria-label="Tidspunkt"[^>]*id="id_beat_at_1"', heartbeat)
    offer = client.get("/admin/actors/supportoffer/add/").content.decode()
    assert re.search(r'<select[^>]*aria-label="[^"]+"[^>]*id="id_categories-0-category"', offer)
    assert "css/admin.css" in offer


def test_admin_filter_link_for_an_empty_municipality_has_text(client, administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    ActorFactory(municipality="")
    ActorFactory(municipality="Odense")
    client.force_login(administrator)
    html = client.get("/admin/actors/actor/").content.decode()
    assert re.search(r'href="\?municipality="[^>]*>\s*\(ingen\)\s*</a>', html)
