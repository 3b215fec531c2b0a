"""Reads shared by the case-file views. Each runs a fixed number of queries, whatever the
number of households or journal entries."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.languages import language_code
from households.addresses import household_addresses
from households.models import Household, HousingOffer, Member, Move
from households.phases import suggest_next_phase
from households.services import children_enrolled, offers_made_by


class CaseClosed(PermissionDenied):
    """A change to a closed case: 403, on a page that says the case is closed and how to
    reopen it (rendered by brobygning.core.views.permission_denied)."""

    template_name = "households/closed.html"

    def __init__(self, household):
        super().__init__("closed")
        self.context = {"household": household}


def get_household_for(request, pk, *, write=False):
    """The household if the user may see it: 404 outside their scope (no existence leak),
    403 when visible but read-only (a closed case: `CaseClosed`)."""
    from households import break_glass

    if not write and break_glass.applies_to(request.user) and break_glass.granted(request, pk):
        return get_object_or_404(Household.objects.for_caseload(), pk=pk)
    household = get_object_or_404(Household.objects.visible_to(request.user).for_caseload(), pk=pk)
    if write and household.is_closed:
        raise CaseClosed(household)
    return household


def matching(query):
    """Cases found by a search: reference, household name, a member's first name, or an
    address the household lived at or moved to. Subqueries, not joins: one row per case."""
    members = Member.objects.filter(household=OuterRef("pk"), first_name__icontains=query)
    moves = Move.objects.filter(household=OuterRef("pk"), new_address__icontains=query)
    return (
        Q(reference__icontains=query)
        | Q(display_name__icontains=query)
        | Q(origin_address__icontains=query)
        | Exists(members)
        | Exists(moves)
    )


def caseload(user, filters):
    households = Household.objects.visible_to(user).for_caseload()
    if not filters.get("include_closed"):
        households = households.open()
    if filters.get("phase"):
        households = households.filter(phase=filters["phase"])
    if filters.get("area"):
        households = households.filter(origin_area=filters["area"])
    if filters.get("overdue"):
        households = households.overdue()
    if query := (filters.get("q") or "").strip():
        households = households.filter(matching(query))
    return households.order_by("next_contact_on", "reference")


@dataclass
class TimelineItem:
    """One entry of the case timeline. `on` is the day it happened, `at` when it was
    recorded: every kind sorts by the two together (`order_key`), newest first."""

    kind: str
    on: date
    at: datetime
    title: str
    obj: object

    @property
    def order_key(self):
        return (self.on, self.at)


def timeline(household, limit=None, *, offers=None, moves=None):
    """Journal, phase changes, offers, moves and closures merged newest first: by the day
    the thing happened, then by when it was recorded, the same for every kind.

    One query per kind, each capped at `limit` in that same order, so the page cost does not
    grow with history; `offers` and `moves` reuse lists the caller already holds (a case has
    a few of each).
    """
    journal = household.journal.select_related("author")
    changes = household.phase_changes.select_related("changed_by")
    closures = household.closures.select_related("closed_by")
    if limit:
        journal, changes, closures = (qs[:limit] for qs in (journal, changes, closures))
    if offers is None:
        offers = household.offers.select_related("receiving_area")[:limit]
    if moves is None:
        moves = household.moves.select_related("receiving_area")[:limit]
    items = [
        *(TimelineItem("journal", e.occurred_on, e.created_at, e.title, e) for e in journal),
        *(
            TimelineItem(
                "phase", timezone.localdate(c.changed_at), c.changed_at, _("Phase changed"), c
            )
            for c in changes
        ),
        *(TimelineItem("offer", o.offered_on, o.created_at, _("Housing offer"), o) for o in offers),
        *(TimelineItem("move", m.moved_on, m.created_at, _("Move"), m) for m in moves),
        *(
            TimelineItem("closure", c.closed_on, c.created_at, _("Case closed"), c)
            for c in closures
        ),
    ]
    items.sort(key=lambda item: item.order_key, reverse=True)
    return items[:limit] if limit else items


def case_page(household):
    from households import break_glass

    members = list(household.members.all())
    needs = list(household.needs.select_related("member", "noted_by"))
    offers = list(household.offers.select_related("receiving_area", "housing_organisation"))
    for offer in offers:
        offer.household = household
        offer.suitable_size = offer.size_suitable(len(members))
    bridges = list(
        household.bridges.select_related(
            "support_offer__actor", "addressed_actor", "local_contact__area", "member", "need"
        ).prefetch_related("support_offer__categories")
    )
    moves = list(household.moves.select_related("receiving_area"))
    limit = settings.BROBYGNING["TIMELINE_LENGTH"]
    items = timeline(household, limit=limit + 1, offers=offers, moves=moves)
    journal_kinds = {i.obj.kind for i in items if i.kind == "journal"}
    accepted = any(o.status == HousingOffer.Status.ACCEPTED for o in offers)
    return {
        "members": members,
        "needs": needs,
        "offers": offers,
        "timeline": items[:limit],
        "timeline_truncated": len(items) > limit,
        "suggested_phase": suggest_next_phase(
            household, has_accepted_offer=accepted, journal_kinds=journal_kinds
        ),
        "children_enrolled": children_enrolled(
            household, members=members, needs=needs, bridges=bridges
        ),
        "bridges": bridges,
        "consents": list(household.consents.prefetch_related("actors")),
        "has_accepted_offer": accepted,
        "moves": moves,
        "addresses": household_addresses(household, moves),
        "door_hanger_language": language_code(household.preferred_language),
        "break_glass_openings": list(break_glass.openings(household)),
    }


def last_allowed_offer_warning(household, organisation):
    """True when the offer about to be made is the last one local policy allows."""
    if not organisation or organisation.max_offers is None:
        return False
    return offers_made_by(household, organisation).count() + 1 >= organisation.max_offers
