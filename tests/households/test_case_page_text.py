"""Small things the case pages say: no empty brackets, no emoji as status marks, and a
closed case that says so (and how to reopen it) instead of "No access"."""

import re
from datetime import date

from django.urls import reverse

from households.models import Phase
from tests.factories import ClosureFactory, HousingOfferFactory

EMOJI = re.compile("[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f]")


def test_a_notice_without_a_ground_shows_no_empty_brackets(client, bridge_builder, household):
    household.termination_received_on = date(2026, 11, 15)
    household.termination_ground = ""
    household.save()
    client.force_login(bridge_builder)
    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "15. nov. 2026" in html
    assert "()" not in html


def test_status_marks_are_words_not_emoji(client, bridge_builder, household):
    HousingOfferFactory(household=household, location_suitable=True)
    client.force_login(bridge_builder)
    detail = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    close = client.get(reverse("households:close", args=[household.pk])).content.decode()
    for html in (detail, close):
        assert not EMOJI.findall(html)
    offer = detail.split('data-testid="offer"', 1)[1]
    assert 'data-testid="check">Ja<' in offer and 'data-testid="check">Nej<' in offer


def test_a_closed_cases_journal_form_says_the_case_is_closed_and_how_to_reopen_it(
    client, bridge_builder, household
):
    ClosureFactory(household=household, closed_on=date(2026, 12, 1))
    household.phase, household.closed_on = Phase.CLOSED, date(2026, 12, 1)
    household.save()
    client.force_login(bridge_builder)

    response = client.get(reverse("households:journal_add", args=[household.pk]))

    assert response.status_code == 403
    html = response.content.decode()
    assert "Sagen er afsluttet" in html and "Ingen adgang" not in html
    assert reverse("households:reopen", args=[household.pk]) in html
