"""The forms of a case show its data (the household's name and reference, the member or need
being edited): each request that shows one writes one access-log row, like the case page
(#21 item 7)."""

import pytest
from django.urls import reverse

from brobygning.core.models import AccessLog
from tests.factories import MemberFactory, NeedFactory

# url name → (kwargs from the case, the record type the row names)
FORMS = {
    "households:edit": (lambda c: {"pk": c["household"].pk}, "household"),
    "households:tenancy": (lambda c: {"pk": c["household"].pk}, "household"),
    "households:member_add": (lambda c: {"pk": c["household"].pk}, "household"),
    "households:member_edit": (
        lambda c: {"pk": c["household"].pk, "member_pk": c["member"].pk},
        "member",
    ),
    "households:need_add": (lambda c: {"pk": c["household"].pk}, "household"),
    "households:need_edit": (
        lambda c: {"pk": c["household"].pk, "need_pk": c["need"].pk},
        "need",
    ),
    "households:journal_add": (lambda c: {"pk": c["household"].pk}, "household"),
}


@pytest.fixture
def case(household):
    member = MemberFactory(household=household, first_name="Nour")
    return {
        "household": household,
        "member": member,
        "need": NeedFactory(household=household, member=member, category="daycare"),
    }


def _target(record_type, kwargs):
    ids = {"household": kwargs["pk"], "member": kwargs.get("member_pk")}
    ids["need"] = kwargs.get("need_pk")
    return str(ids[record_type])


@pytest.mark.parametrize("url_name", sorted(FORMS))
def test_showing_a_case_form_logs_one_read(client, bridge_builder, case, url_name):
    kwargs_for, record_type = FORMS[url_name]
    kwargs = kwargs_for(case)
    client.force_login(bridge_builder)
    assert client.get(reverse(url_name, kwargs=kwargs)).status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.action, row.target_type, row.target_id) == (
        bridge_builder,
        "view",
        record_type,
        _target(record_type, kwargs),
    )
    assert row.household_reference == case["household"].reference


def test_a_form_shown_again_with_errors_logs_one_read_and_a_saved_one_none(
    client, bridge_builder, case
):
    url = reverse(
        "households:member_edit",
        kwargs={"pk": case["household"].pk, "member_pk": case["member"].pk},
    )
    client.force_login(bridge_builder)
    version = case["member"].version
    refused = client.post(url, {"first_name": "", "relation": "child", "version": version})
    assert refused.status_code == 400
    assert AccessLog.objects.filter(target_type="member").count() == 1
    saved = client.post(
        url, {"first_name": "Nour", "birth_year": "2021", "relation": "child", "version": version}
    )
    assert saved.status_code == 302
    assert AccessLog.objects.count() == 1


def test_a_form_refused_to_an_outsider_logs_nothing(client, other_bridge_builder, case):
    client.force_login(other_bridge_builder)
    url = reverse("households:member_edit", args=[case["household"].pk, case["member"].pk])
    assert client.get(url).status_code == 404
    assert not AccessLog.objects.exists()
