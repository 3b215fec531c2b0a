"""The checks a housing offer is held against, shown while the offer is typed, after it is
saved and on the case page: the same function everywhere, so the warning the consultant saw
while typing is the one the case keeps.

§ 86 stk. 2 in almenboligloven: a suitable dwelling has one room more than the household has
persons, or as many rooms as the old home. The rent is compared with the old rent; an increase
above `RENT_INCREASE_WARNING_PERCENT` is flagged (boligstøtte, indskudslån).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class OfferCheck:
    code: str  # "size" or "rent"
    ok: bool
    message: str

    @property
    def level(self) -> str:
        return "success" if self.ok else "warning"


def _kr(amount: Decimal) -> str:
    return number_format(amount, 0, force_grouping=True)


def offer_checks(offer, *, member_count: int) -> list[OfferCheck]:
    """The size and rent checks of `offer` (saved or not) for a household of `member_count`.

    A check whose input is missing (no rooms, no rent, no old rent) is left out."""
    checks = []
    if offer.rooms:
        persons = ngettext("%(count)d person", "%(count)d persons", member_count) % {
            "count": member_count
        }
        rooms = ngettext("%(count)d room", "%(count)d rooms", offer.rooms) % {"count": offer.rooms}
        if offer.size_suitable(member_count):
            message = _("Size (§ 86): %(persons)s in %(rooms)s – suitable.")
        else:
            message = _(
                "Size (§ 86): %(persons)s in %(rooms)s – too small. A suitable dwelling has one "
                "room more than persons, or as many rooms as the old home."
            )
        suitable = offer.size_suitable(member_count)
        checks.append(OfferCheck("size", suitable, message % {"persons": persons, "rooms": rooms}))
    old = offer.household.current_rent
    if offer.net_rent is not None and old:
        change = offer.net_rent - old
        percent = (change / old * 100).quantize(Decimal("0.1"))
        params = {
            "change": ("+" if change > 0 else "") + _kr(change),
            "percent": ("+" if percent > 0 else "") + number_format(percent, 1),
            "old": _kr(old),
        }
        flagged = offer.rent_increase_flagged
        message = (
            _(
                "Rent: %(change)s kr. (%(percent)s %%) against the old rent of %(old)s kr. – above "
                "the warning threshold."
            )
            if flagged
            else _("Rent: %(change)s kr. (%(percent)s %%) against the old rent of %(old)s kr.")
        )
        checks.append(OfferCheck("rent", not flagged, message % params))
    return checks


def offer_warnings(offer, *, member_count: int) -> list[OfferCheck]:
    """Only the checks that fail: what to warn about after a save."""
    return [check for check in offer_checks(offer, member_count=member_count) if not check.ok]
