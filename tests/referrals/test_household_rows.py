"""The referred household as rows of people, which accepting the referral makes the case's
members: nobody types the household twice."""

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygning.privacy.erasure import anonymise_household
from households.models import Member
from referrals import services
from referrals.models import Referral, ReferralMember
from tests.factories import AreaFactory, HouseholdFactory, MemberFactory, ReferralMemberFactory

YEAR = timezone.localdate().year
FAMILY = [
    ("Samira", "applicant", YEAR - 41),
    ("Yusuf", "child", YEAR - 16),
    ("Lina", "child", YEAR - 12),
    ("Omar", "child", YEAR - 10),
    ("Nour", "child", YEAR - 4),
]


def rows(people, *, total=None, initial=0):
    data = {
        "members-TOTAL_FORMS": str(total if total is not None else len(people)),
        "members-INITIAL_FORMS": str(initial),
    }
    for index, (first_name, relation, year) in enumerate(people):
        data[f"members-{index}-first_name"] = first_name
        data[f"members-{index}-relation"] = relation
        data[f"members-{index}-birth_year"] = str(year)
    return data


def referral_post(area, people, *, action="send", total=None):
    return {
        "display_name": "Familien Haddad",
        "origin_area": area.pk,
        "origin_address": "Granparken 12, 5240 Odense NØ",
        "reason": "Enlig mor med fire børn",
        "urgency": "normal",
        "consent_given_on": timezone.localdate().isoformat(),
        "consent_method": "written",
        "action": action,
        **rows(people, total=total),
    }


@pytest.fixture
def vollsmose(db):
    return AreaFactory(name="Vollsmose", is_transformation_area=True)


def test_a_referral_with_four_children_creates_five_members_on_acceptance(
    client, rehousing_consultant, bridge_builder, vollsmose
):
    client.force_login(rehousing_consultant)
    # Seven rows posted, two left empty (the form's spare rows): they are skipped.
    response = client.post(reverse("referrals:create"), referral_post(vollsmose, FAMILY, total=7))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.SENT
    assert referral.members.count() == 5

    household = services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=bridge_builder
    )

    members = sorted(household.members.values_list("first_name", "relation", "birth_year"))
    assert members == sorted(FAMILY)


def test_a_half_filled_row_is_refused_and_nothing_is_saved(client, rehousing_consultant, vollsmose):
    client.force_login(rehousing_consultant)
    response = client.post(
        reverse("referrals:create"), referral_post(vollsmose, [("Samira", "", YEAR - 41)])
    )
    assert response.status_code == 400
    row = response.context["form"].rows.forms[0]
    assert "relation" in row.errors
    assert "Vælg relationen." in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.parametrize("year", [1899, YEAR + 1])
def test_a_birth_year_before_1900_or_in_the_future_is_refused(
    client, rehousing_consultant, vollsmose, year
):
    client.force_login(rehousing_consultant)
    response = client.post(
        reverse("referrals:create"), referral_post(vollsmose, [("Nour", "child", year)])
    )
    assert response.status_code == 400
    assert "birth_year" in response.context["form"].rows.forms[0].errors
    assert not ReferralMember.objects.exists()


def test_editing_a_draft_replaces_its_people_and_a_cleared_row_removes_one(
    client, rehousing_consultant, vollsmose
):
    client.force_login(rehousing_consultant)
    client.post(reverse("referrals:create"), referral_post(vollsmose, FAMILY[:2], action="draft"))
    referral = Referral.objects.get()
    url = reverse("referrals:edit", args=[referral.pk])
    page = client.get(url)
    assert page.context["form"].rows.initial_form_count() == 2

    data = {
        **referral_post(vollsmose, [("Samira", "applicant", YEAR - 41), ("", "", "")]),
        "members-INITIAL_FORMS": "2",
        "version": referral.version,
        "action": "draft",
    }
    response = client.post(url, data)

    assert response.status_code == 302
    assert list(referral.members.values_list("first_name", flat=True)) == ["Samira"]


def test_a_post_without_rows_keeps_the_drafts_people(rehousing_consultant, vollsmose):
    referral = Referral.objects.create(
        sender=rehousing_consultant,
        display_name="Familien Haddad",
        origin_area=vollsmose,
        origin_address="Granparken 12",
        reason="x",
    )
    ReferralMemberFactory(referral=referral, first_name="Samira")

    services.referral_save(referral=referral, people=None, by=rehousing_consultant)

    assert referral.members.count() == 1


def test_accepting_into_a_registered_case_adds_only_the_people_it_does_not_know(
    referral, bridge_builder
):
    existing = HouseholdFactory(bridge_builder=bridge_builder)
    MemberFactory(household=existing, first_name="Samira", birth_year=YEAR - 41)
    referral.household = existing
    referral.save()
    ReferralMemberFactory(
        referral=referral, first_name="samira", relation="applicant", birth_year=YEAR - 41
    )
    ReferralMemberFactory(referral=referral, first_name="Nour", birth_year=YEAR - 4)

    services.referral_accept(referral=referral, bridge_builder=bridge_builder, by=bridge_builder)

    assert sorted(existing.members.values_list("first_name", flat=True)) == ["Nour", "Samira"]


def test_the_referral_page_lists_the_people(client, referral, bridge_builder):
    ReferralMemberFactory(referral=referral, first_name="Nour", birth_year=YEAR - 4)
    client.force_login(bridge_builder)

    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()

    assert "Nour, barn, født" in page


def test_anonymising_the_case_erases_the_first_names_of_the_referrals_people(
    referral, bridge_builder, manager
):
    household = services.referral_accept(
        referral=referral, bridge_builder=bridge_builder, by=bridge_builder
    )
    person = ReferralMemberFactory(referral=referral, first_name="Sagal", birth_year=YEAR - 4)

    anonymise_household(household=household, by=manager, reason="The household asked for it")

    person.refresh_from_db()
    assert person.first_name == "—"
    assert person.birth_year == YEAR - 4  # kept for the figures, like the member's


def test_the_case_adds_several_members_in_one_form(client, household, bridge_builder):
    client.force_login(bridge_builder)
    url = reverse("households:member_add", args=[household.pk])

    response = client.post(url, rows(FAMILY[1:], total=5))

    assert response.status_code == 302
    assert Member.objects.filter(household=household).count() == 4


def test_the_case_form_without_a_person_says_so(client, household, bridge_builder):
    client.force_login(bridge_builder)
    url = reverse("households:member_add", args=[household.pk])

    response = client.post(url, rows([], total=3))

    assert response.status_code == 400
    assert "Udfyld mindst én person." in response.content.decode()


@pytest.mark.parametrize("rows_shown", [3, 20])
def test_the_add_members_page_queries_do_not_grow_with_the_rows(
    client, household, bridge_builder, django_assert_max_num_queries, rows_shown
):
    client.force_login(bridge_builder)
    url = reverse("households:member_add", args=[household.pk])
    with django_assert_max_num_queries(12):
        client.post(url, rows([("", "", "")] * rows_shown))
