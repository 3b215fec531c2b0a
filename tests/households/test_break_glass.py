from django.urls import reverse

from brobygning.core.models import AccessLog, Notification


def test_administrator_must_give_a_reason_before_opening_a_case(client, administrator, household):
    client.force_login(administrator)
    detail = reverse("households:detail", args=[household.pk])
    form = reverse("households:break_glass", args=[household.pk])

    response = client.get(detail)
    assert response.status_code == 302 and response["Location"] == form
    assert client.post(form, {"reason": "kort"}).status_code == 400
    assert client.get(detail).status_code == 302  # still no data without a reason

    response = client.post(form, {"reason": "Klage fra borger, skal undersøges"})
    assert response.status_code == 302 and response["Location"] == detail
    assert client.get(detail).status_code == 200
    log = AccessLog.objects.get(action="break_glass")
    assert log.user == administrator and log.household_reference == household.reference
    assert log.detail == "Klage fra borger, skal undersøges"


def test_the_bridge_builder_is_told_and_sees_it_on_the_case(
    client, administrator, bridge_builder, household
):
    client.force_login(administrator)
    client.post(
        reverse("households:break_glass", args=[household.pk]),
        {"reason": "Klage fra borger, skal undersøges"},
    )
    assert Notification.objects.filter(user=bridge_builder).count() == 1
    client.force_login(bridge_builder)
    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "Klage fra borger, skal undersøges" in html


def test_break_the_glass_gives_read_access_only(client, administrator, household):
    client.force_login(administrator)
    client.post(
        reverse("households:break_glass", args=[household.pk]),
        {"reason": "Klage fra borger, skal undersøges"},
    )
    response = client.post(
        reverse("households:journal_add", args=[household.pk]), {"kind": "home_visit", "note": "x"}
    )
    assert response.status_code == 403
    assert not household.journal.exists()


def test_other_roles_cannot_break_the_glass(client, other_bridge_builder, household):
    client.force_login(other_bridge_builder)
    response = client.post(
        reverse("households:break_glass", args=[household.pk]),
        {"reason": "Jeg vil gerne se den sag"},
    )
    assert response.status_code == 403
    assert client.get(reverse("households:detail", args=[household.pk])).status_code == 404


def test_the_break_glass_index_covers_exactly_the_break_glass_rows():
    from django.db.models import Q

    (index,) = [i for i in AccessLog._meta.indexes if i.name == "accesslog_break_glass"]

    assert index.condition == Q(action=AccessLog.Action.BREAK_GLASS)
