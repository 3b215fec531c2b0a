"""Who may export and anonymise: every privacy URL × every role, forbidden cells included."""

import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from brobygning.core.models import AccessLog
from brobygning.privacy.export import PARTS
from tests.factories import HouseholdFactory, JournalEntryFactory
from tests.services import require_weasyprint

# url name → the method it is read with; every role gets EXPECTED on a case of `bridge_builder`.
MATRIX = {
    "privacy:export_json": "get",
    "privacy:export_html": "get",
    "privacy:export_pdf": "get",
    "privacy:erase": "get",
}
EXPECTED = {
    "anonymous": 302,  # → login page
    "bridge_builder": 403,  # even on their own case
    "teammate": 403,
    "other_bridge_builder": 403,
    "rehousing_consultant": 403,
    "actor_contact": 403,
    "administrator": 403,  # Django admin only; no household data
    "manager": 200,
}
NOT_EXPORTED = {(part.label, name) for part in PARTS for name in part.exclude}
WRONG_METHOD = {
    "privacy:export_json": "post",
    "privacy:export_html": "post",
    "privacy:export_pdf": "post",
    "privacy:erase": "put",
}


def privacy_url_names():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from walk(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{prefix}{pattern.name}"

    return {name for name in walk(get_resolver().url_patterns) if name.startswith("privacy:")}


def test_every_privacy_url_is_in_the_access_matrix():
    assert privacy_url_names() == set(MATRIX) == set(WRONG_METHOD)


@pytest.fixture
def login(client, request):
    def as_role(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return as_role


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("name", MATRIX)
def test_access_matrix(login, household, role, name):
    if name == "privacy:export_pdf" and EXPECTED[role] == 200:
        require_weasyprint()
    response = getattr(login(role), MATRIX[name])(reverse(name, args=[household.pk]))

    assert response.status_code == EXPECTED[role]
    if role == "anonymous":
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", MATRIX)
def test_unknown_household_is_404(login, name):
    response = login("manager").get(reverse(name, args=[999_999]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", WRONG_METHOD)
def test_wrong_method_is_405(login, household, name):
    response = getattr(login("manager"), WRONG_METHOD[name])(reverse(name, args=[household.pk]))

    assert response.status_code == 405


def test_json_export_is_a_logged_attachment(login, case, manager):
    response = login("manager").get(reverse("privacy:export_json", args=[case.household.pk]))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment")
    assert case.household.reference in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    record = json.loads(response.content)
    assert record["export"]["reference"] == case.household.reference
    assert record["households.member"]
    row = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (row.user, row.target_type, row.target_id, row.household_reference) == (
        manager,
        "household_record",
        str(case.household.pk),
        case.household.reference,
    )
    # The export lists itself among the accesses to the household.
    assert "json" in {entry["detail"] for entry in record["brobygning.accesslog"]}


def test_html_export_shows_the_record_and_is_logged(login, case, manager):
    response = login("manager").get(reverse("privacy:export_html", args=[case.household.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    for key, marker in case.markers.items():
        assert (marker in content) is (key not in NOT_EXPORTED), key
    assert 'data-testid="section-households.bridgechange"' in content
    assert AccessLog.objects.filter(
        action=AccessLog.Action.EXPORT, target_type="household_record", user=manager
    ).exists()


def test_html_export_escapes_markup_in_free_text(login, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    JournalEntryFactory(
        household=household,
        note='<script>alert(1)</script>\n<img src=x onerror="alert(2)"><a hx-get="/x">',
    )

    content = login("manager").get(reverse("privacy:export_html", args=[household.pk])).content

    assert b"<script>alert(1)" not in content
    assert b"<img src=x" not in content
    assert b'<a hx-get="/x">' not in content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in content


def _erase(client, household, **data):
    return client.post(
        reverse("privacy:erase", args=[household.pk]),
        {"reason": "Asked in writing", "confirm_reference": household.reference, **data},
    )


def test_erase_anonymises_and_goes_back_to_the_case(login, case, manager):
    response = _erase(login("manager"), case.household)

    assert response.status_code == 302
    assert response.url == reverse("households:detail", args=[case.household.pk])
    case.household.refresh_from_db()
    assert case.household.anonymised_at is not None
    row = AccessLog.objects.get(action=AccessLog.Action.ERASURE)
    assert (row.user, row.detail) == (manager, "Asked in writing")


@pytest.mark.parametrize(
    "data",
    [
        {"confirm_reference": "H-0000-0000"},
        {"confirm_reference": ""},
        {"reason": ""},
        {"reason": "   "},
    ],
)
def test_erase_without_reason_or_typed_reference_changes_nothing(login, case, data):
    response = _erase(login("manager"), case.household, **data)

    assert response.status_code == 400
    case.household.refresh_from_db()
    assert case.household.anonymised_at is None
    assert case.household.display_name == case.name


def test_erase_is_refused_on_legal_hold(login, case):
    case.household.legal_hold = True
    case.household.save(update_fields=["legal_hold"])
    client = login("manager")

    assert (
        b'data-testid="legal-hold"'
        in client.get(reverse("privacy:erase", args=[case.household.pk])).content
    )
    response = _erase(client, case.household)

    assert response.status_code == 400
    case.household.refresh_from_db()
    assert (case.household.anonymised_at, case.household.display_name) == (None, case.name)
    assert not AccessLog.objects.filter(action=AccessLog.Action.ERASURE).exists()


def test_erase_form_needs_the_csrf_token(case, manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)

    assert _erase(client, case.household).status_code == 403
