"""Error pages speak Danish, say nothing about the data, and carry the request id that ties a
user's report to the logs."""

from django.test import Client
from django.urls import reverse

from brobygning.core.models import AccessLog
from households import selectors
from tests.factories import HouseholdFactory, JournalEntryFactory


def test_every_response_has_a_request_id_of_its_own(client, bridge_builder):
    client.force_login(bridge_builder)

    first = client.get(reverse("home"))
    second = client.get(reverse("home"))

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_an_access_log_row_names_the_request_it_was_written_by(client, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    client.force_login(bridge_builder)

    response = client.get(reverse("households:detail", args=[household.pk]))

    assert AccessLog.objects.get().request_id == response["X-Request-ID"]


def test_a_server_error_shows_a_danish_message_and_the_request_id_but_no_data(
    bridge_builder, monkeypatch
):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name="MRK-NAVN-5e1")
    JournalEntryFactory(household=household, note="MRK-NOTE-5e1")

    def broken(household):
        raise RuntimeError("MRK-FEJL-5e1")

    monkeypatch.setattr(selectors, "case_page", broken)
    client = Client(raise_request_exception=False)
    client.force_login(bridge_builder)

    response = client.get(reverse("households:detail", args=[household.pk]))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Noget gik galt" in html
    assert f'data-testid="request-id">{response["X-Request-ID"]}<' in html
    assert "MRK-" not in html


def test_not_found_and_no_access_pages_are_danish_and_echo_nothing(client, rehousing_consultant):
    client.force_login(rehousing_consultant)

    missing = client.get("/sager/999999999/MRK-STI-5e1/")
    forbidden = client.get(reverse("households:caseload"))

    assert missing.status_code == 404
    assert "Siden findes ikke" in missing.content.decode()
    main = missing.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert "MRK-STI-5e1" not in main  # (the footer's language switcher returns to the path)
    assert forbidden.status_code == 403
    assert "Ingen adgang" in forbidden.content.decode()


def test_a_form_sent_without_its_security_token_gets_a_danish_explanation(bridge_builder):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bridge_builder)

    response = client.post(reverse("notifications_read"))

    assert response.status_code == 403
    assert "Formularen var udløbet" in response.content.decode()
