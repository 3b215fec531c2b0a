"""Reads are logged once per request, and fail closed.

If the access-log row cannot be written, the case's data is not shown: the request ends in a
500 whose page holds none of it. If the view fails after it logged the read, the row stays
(`brobygning.core.audit.KeepAccessLogOnErrorMiddleware`), once.
"""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from brobygning.core.models import AccessLog
from tests.factories import HouseholdFactory, JournalEntryFactory
from tests.login import Client

NAME_MARKER = "MRK-NAME-5d1c"
NOTE_MARKER = "MRK-NOTE-a93e"

# url name → who reads it, the access-log row it writes, and a step it takes after logging
# that can fail (building the page).
PAGES = {
    "households:detail": ("bridge_builder", "view", "household", "households.selectors.case_page"),
    "privacy:export_html": (
        "manager",
        "export",
        "household_record",
        "brobygning.privacy.export.household_sections",
    ),
}


@pytest.fixture
def household(bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder, display_name=NAME_MARKER)
    JournalEntryFactory(household=household, note=NOTE_MARKER)
    return household


def _reader(request, url_name):
    client = Client(raise_request_exception=False)
    user = request.getfixturevalue(PAGES[url_name][0])
    client.force_login(user)
    return client, user


def _refuse_to_write(*args, **kwargs):
    raise DatabaseError("the access log cannot be written")


def _break(*args, **kwargs):
    raise RuntimeError("the page cannot be built")


@pytest.mark.parametrize("url_name", list(PAGES))
def test_each_request_for_a_case_page_writes_one_access_log_row(request, household, url_name):
    client, user = _reader(request, url_name)
    url = reverse(url_name, args=[household.pk])

    first, second = client.get(url), client.get(url)

    assert first.status_code == second.status_code == 200
    assert NOTE_MARKER in first.content.decode()
    _, action, target_type, _ = PAGES[url_name]
    rows = list(
        AccessLog.objects.order_by("pk").values_list(
            "user", "action", "target_type", "target_id", "household_reference", "path"
        )
    )
    row = (user.pk, action, target_type, str(household.pk), household.reference, url)
    assert rows == [row, row]


@pytest.mark.parametrize("url_name", list(PAGES))
def test_a_read_that_cannot_be_logged_is_refused_without_showing_the_data(
    request, monkeypatch, household, url_name
):
    client, _ = _reader(request, url_name)
    monkeypatch.setattr(AccessLog.objects, "create", _refuse_to_write)

    response = client.get(reverse(url_name, args=[household.pk]))

    assert response.status_code == 500
    body = response.content.decode()
    assert NAME_MARKER not in body and NOTE_MARKER not in body
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("url_name", list(PAGES))
def test_a_read_is_logged_once_even_when_the_view_fails_after_logging_it(
    request, monkeypatch, household, url_name
):
    client, user = _reader(request, url_name)
    _, action, target_type, failing_step = PAGES[url_name]
    monkeypatch.setattr(failing_step, _break)

    response = client.get(reverse(url_name, args=[household.pk]))

    assert response.status_code == 500
    assert NAME_MARKER not in response.content.decode()
    rows = list(AccessLog.objects.values_list("user", "action", "target_type", "target_id"))
    assert rows == [(user.pk, action, target_type, str(household.pk))]
