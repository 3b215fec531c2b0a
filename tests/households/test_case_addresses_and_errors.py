"""The case shows where the household lives now, and a refused form says what to fix."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MoveFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_after_the_move_the_new_address_is_the_address_and_the_old_one_is_former(
    client, household, bridge_builder
):
    MoveFactory(household=household, moved_on=TODAY, new_address="Kongensgade 40, 5000 Odense C")
    client.force_login(bridge_builder)
    page = client.get(reverse("households:detail", args=[household.pk]))
    assert page.context["addresses"].current == "Kongensgade 40, 5000 Odense C"
    assert page.context["addresses"].former == household.origin_address
    assert "Tidligere adresse" in page.content.decode()


def test_before_the_move_day_the_household_still_lives_at_the_old_address(
    client, household, bridge_builder
):
    MoveFactory(household=household, moved_on=TODAY + timedelta(days=5))
    client.force_login(bridge_builder)
    page = client.get(reverse("households:detail", args=[household.pk]))
    assert page.context["addresses"].current == household.origin_address
    assert not page.context["addresses"].former


def test_journal_rule_is_said_before_submit_and_tied_to_its_three_fields(
    client, household, bridge_builder
):
    client.force_login(bridge_builder)
    url = reverse("households:journal_add", args=[household.pk])
    assert "Skriv mindst én af disse" in client.get(url).content.decode()
    response = client.post(url, {"kind": "call", "occurred_on": TODAY.isoformat()})
    html = response.content.decode()
    assert response.status_code == 400
    for field in ("note", "what_changed", "next_step"):
        assert response.context["form"].errors[field]
        assert f'aria-describedby="id_{field}_error"' in html or f"id_{field}_error" in html
    # One rule, one line in the summary, naming the three fields and leading to the first.
    assert html.count("Skriv et notat, hvad der har ændret sig, eller næste skridt.") == 4
    assert 'href="#id_note"' in html


def test_a_refused_form_has_an_error_summary_and_the_title_says_error(
    client, household, bridge_builder
):
    client.force_login(bridge_builder)
    response = client.post(
        reverse("households:need_add", args=[household.pk]), {"category": "", "status": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and "data-error-summary" in html
    assert "<title>Fejl: " in html
    assert 'href="#id_category"' in html


def test_the_required_field_star_is_explained_once_per_form(client, household, bridge_builder):
    client.force_login(bridge_builder)
    html = client.get(reverse("households:need_add", args=[household.pk])).content.decode()
    assert html.count("skal udfyldes") == 1
    assert "<title>Fejl" not in html


def test_a_moved_households_case_posts_to_the_door_hanger_in_its_language(
    client, household, bridge_builder
):
    household.preferred_language = "arabisk"
    household.save()
    move = MoveFactory(household=household, new_address="Kongensgade 40, 5000 Odense C")
    client.force_login(bridge_builder)
    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert f'action="{reverse("actors:door_hanger", args=[move.receiving_area_id])}"' in html
    assert 'name="sprog" value="ar"' in html
    assert 'data-testid="door-hanger-link"' in html
