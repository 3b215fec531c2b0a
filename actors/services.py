"""Writes to the directory. Views parse forms and call these; each runs in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actors.models import (
    Actor,
    Area,
    ContactPerson,
    LocalContact,
    SupportOffer,
    SupportOfferCategory,
)
from brobygning.core.models import lock_row, save_versioned
from brobygning.core.roles import Role


@transaction.atomic
def actor_save(*, actor: Actor) -> Actor:
    """Add an actor, or save an edit (refused when someone else saved the actor since)."""
    return save_versioned(actor)


@transaction.atomic
def contact_person_save(*, contact: ContactPerson) -> ContactPerson:
    """Save a contact person; a linked user account must belong to an actor contact."""
    if contact.user_id and not contact.user.has_role(Role.ACTOR_CONTACT):
        raise ValidationError({"user": _("Only a user with the actor contact role can be linked.")})
    return save_versioned(contact)


@transaction.atomic
def support_offer_save(*, offer: SupportOffer, need_categories, areas, by) -> SupportOffer:
    """Save an offer with the needs it meets (at least one) and the areas it serves.

    Moving an existing offer to another actor is for managers and administrators
    (`ContactPerson.may_reroute`). Requests already sent stay with the actor they were sent
    to (`Bridge.addressed_actor`): the household consented to that actor, not to the new one.
    """
    if offer.pk:
        saved_actor = SupportOffer.objects.filter(pk=offer.pk).values_list("actor", flat=True)
        if offer.actor_id != saved_actor.first() and not ContactPerson.may_reroute(by):
            raise ValidationError(
                {"actor": _("Only a manager can move an offer to another actor.")}
            )
    if not need_categories:
        raise ValidationError({"need_categories": _("Choose at least one need.")})
    offer.full_clean(exclude=["areas"])
    save_versioned(offer)
    offer.areas.set(areas)
    wanted = set(need_categories)
    offer.categories.exclude(category__in=wanted).delete()
    existing = set(offer.categories.values_list("category", flat=True))
    SupportOfferCategory.objects.bulk_create(
        SupportOfferCategory(offer=offer, category=category)
        for category in sorted(wanted - existing)
    )
    return offer


@transaction.atomic
def area_update(*, area: Area, changes: dict) -> Area:
    """Update the descriptive fields of an area, as they were at `area.version` (refused when
    someone else saved the area since); its identity and list data are admin-only."""
    current = lock_row(area, version=area.version)
    for name, value in changes.items():
        setattr(current, name, value)
    current.save(update_fields=[*changes, "updated_at"])
    return current


@transaction.atomic
def local_contact_save(*, contact: LocalContact) -> LocalContact:
    """Add a local contact, or save an edit (refused when someone else saved it since)."""
    return save_versioned(contact)
