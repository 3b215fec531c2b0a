"""The bridge form's choices, arranged for the case: offers and local contacts in the
household's receiving area first, those meeting one of its open needs at the top; the rest
only when the consultant asks for all ("vis alle"). Each choice names its actor and area."""

from django.utils.translation import gettext as _

from actors.models import LocalContact, SupportOffer
from households.models import Need

OPEN_NEEDS = (Need.Status.IDENTIFIED, Need.Status.BRIDGING)


def serves(offer, area) -> bool:
    """An offer serves the areas it lists; one listing none covers its actor's municipality."""
    areas = list(offer.areas.all())
    if areas:
        return area in areas
    return offer.actor.municipality == area.municipality


def _offer_label(offer, categories):
    areas = ", ".join(a.name for a in offer.areas.all()) or offer.actor.municipality
    label = f"{offer.name} – {offer.actor.name} ({areas})"
    if categories:
        label += " · " + _("meets: %(needs)s") % {"needs": ", ".join(categories)}
    return label


def offer_choices(household, *, show_all=False):
    """Grouped (label, [(pk, label)]) choices for the support-offer select."""
    area = household.receiving_area
    needs = {
        n.category: n.get_category_display()
        for n in household.needs.all()
        if n.status in OPEN_NEEDS
    }
    offers = (
        SupportOffer.objects.filter(is_active=True, actor__is_active=True)
        .select_related("actor")
        .prefetch_related("areas", "categories")
        .order_by("actor__name", "name")
    )
    matching, local, elsewhere = [], [], []
    for offer in offers:
        met = [needs[c] for c in offer.need_categories if c in needs]
        choice = (offer.pk, _offer_label(offer, met))
        if area is None or serves(offer, area):
            (matching if met else local).append(choice)
        elif show_all:
            elsewhere.append(choice)
    where = area.name if area else _("all areas")
    groups = [
        (_("Meets the household's needs (%(area)s)") % {"area": where}, matching),
        (_("Other offers (%(area)s)") % {"area": where}, local),
        (_("Outside the receiving area"), elsewhere),
    ]
    return [("", "---------"), *[(label, items) for label, items in groups if items]]


def contact_choices(household, *, show_all=False):
    area = household.receiving_area
    contacts = LocalContact.objects.filter(is_active=True).select_related("area")
    contacts = contacts.order_by("area__name", "name")
    if area is not None and not show_all:
        contacts = contacts.filter(area=area)
    return [("", "---------")] + [
        (c.pk, f"{c.name} – {c.get_kind_display()} ({c.area.name})") for c in contacts
    ]


def needs_preselected(household):
    """The need a new bridge is for, when the household has exactly one open need."""
    open_needs = [n for n in household.needs.all() if n.status in OPEN_NEEDS]
    return open_needs[0].pk if len(open_needs) == 1 else None
