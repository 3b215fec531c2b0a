"""The housing-offer form's live checks: htmx posts the form as the consultant types and gets
back the § 86 size check and the rent change, from the same function the save uses."""

from decimal import Decimal, InvalidOperation

from django.shortcuts import render
from django.views.decorators.http import require_POST

from brobygning.core.access import role_required
from households import selectors
from households.models import HousingOffer
from households.offer_checks import offer_checks
from households.views import CASE_ROLES


def _number(value, kind):
    try:
        number = kind(str(value).strip().replace(" ", "").replace(",", "."))
    except (ValueError, InvalidOperation):
        return None
    return number if number >= 0 else None


@require_POST
@role_required(*CASE_ROLES)
def offer_check(request, pk):
    """Render the checks of the offer being typed (nothing is saved, nothing is logged: the
    form itself logged the read of the case when it was opened)."""
    household = selectors.get_household_for(request, pk, write=True)
    offer = HousingOffer(
        household=household,
        rooms=_number(request.POST.get("rooms", ""), int) or None,
        net_rent=_number(request.POST.get("net_rent", ""), Decimal),
    )
    checks = offer_checks(offer, member_count=household.members.count())
    return render(request, "households/_offer_checks.html", {"offer_checks": checks})
