"""A rehousing consultant cannot learn from the referral form whether a case reference exists
(#21 item 16): a reference of a case they did not refer gets the same answer as one no case
has. A case they referred before can be named again."""

from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral
from tests.factories import AreaFactory, HouseholdFactory, ReferralFactory


def _post(client, reference):
    area = AreaFactory(name="Vollsmose", is_transformation_area=True)
    return client.post(
        reverse("referrals:create"),
        {
            "display_name": "Familien Ny",
            "origin_area": area.pk,
            "origin_address": "Granparken 7, 5240 Odense NØ",
            "reason": "Mister støtte ved flytning",
            "urgency": "normal",
            "consent_given_on": timezone.localdate().isoformat(),
            "consent_method": "written",
            "existing_reference": reference,
        },
    )


def _answer(response, reference):
    errors = response.context["form"].errors["existing_reference"]
    return response.status_code, [e.replace(reference, "<ref>") for e in errors]


def test_an_existing_case_the_consultant_did_not_refer_answers_like_no_case(
    client, rehousing_consultant, bridge_builder
):
    existing = HouseholdFactory(bridge_builder=bridge_builder).reference
    missing = "H-1999-9999"
    client.force_login(rehousing_consultant)
    first, second = _post(client, existing), _post(client, missing)
    assert _answer(first, existing) == _answer(second, missing)
    assert first.status_code == 400
    assert not Referral.objects.exists()


def test_a_case_referred_by_another_consultant_cannot_be_named(
    client, rehousing_consultant, other_rehousing_consultant, bridge_builder
):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    ReferralFactory(sender=other_rehousing_consultant, household=household, status="accepted")
    client.force_login(rehousing_consultant)
    assert _post(client, household.reference).status_code == 400


def test_a_case_the_consultant_referred_can_be_named_again(
    client, rehousing_consultant, bridge_builder
):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    ReferralFactory(sender=rehousing_consultant, household=household, status="accepted")
    client.force_login(rehousing_consultant)
    assert _post(client, household.reference.lower()).status_code == 302
    assert Referral.objects.filter(status="draft").get().household == household
