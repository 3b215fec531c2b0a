"""Reads shared by the case-file views. Each runs a fixed number of queries, whatever the
number of households or journal entries."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from actors.languages import language_code
from actors.models import Actor
from brobygning.core.models import User
from households.addresses import household_addresses
from households.models import Closure, Consent, Household, HousingOffer, Member, Move
from households.phases import suggest_next_phase
from households.services import offers_made_by


class CaseClosed(PermissionDenied):
    """A change to a closed case: 403, on a page that says the case is closed and how to
    reopen it (rendered by brobygning.core.views.permission_denied)."""

    template_name = "households/closed.html"

    def __init__(self, household):
        super().__init__("closed")
        self.context = {"household": household}


def get_household_for(request, pk, *, write=False, queryset=None):
    """The household if the user may see it: 404 outside their scope (no existence leak),
    403 when visible but read-only (a closed case: `CaseClosed`). `queryset` says what to
    load with it (default `for_caseload()`); the scope is applied to it here either way."""
    from households import break_glass

    households = Household.objects.for_caseload() if queryset is None else queryset
    if not write and break_glass.applies_to(request.user) and break_glass.granted(request, pk):
        return get_object_or_404(households, pk=pk)
    household = get_object_or_404(households.visible_to(request.user), pk=pk)
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
    recorded: every kind sorts by the two together (`order_key`), newest first.

    What the timeline shows of `obj` is put into words once the entries are chosen
    (`describe`), so the template reads plain attributes: `summary` follows the title,
    `by` is who recorded it, `text` what happened, `next_step` and `note` smaller lines."""

    kind: str
    on: date
    at: datetime
    title: str
    obj: object
    summary: str = ""
    by: str = ""
    text: str = ""
    next_step: str = ""
    note: str = ""
    confidential: bool = False

    @property
    def order_key(self):
        return (self.on, self.at)

    def describe(self):
        obj = self.obj
        if self.kind == "journal":
            self.by = str(obj.author)
            self.confidential = obj.is_confidential
            self.next_step = obj.next_step
            # What changed, else the start of the note.
            self.text = obj.what_changed_text or Truncator(obj.note_text or "").words(
                25, truncate=" …"
            )
        elif self.kind == "phase":
            to_phase = obj.get_to_phase_display()
            self.summary = (
                f"{obj.get_from_phase_display()} → {to_phase}" if obj.from_phase else to_phase
            )
            self.by = str(obj.changed_by)
            self.note = obj.note_text
        elif self.kind == "offer":
            self.summary = (
                f"{obj.address_display} ({obj.receiving_area}) – {obj.get_status_display()}"
            )
        elif self.kind == "move":
            self.summary = f"{obj.address_display} ({obj.receiving_area})"
        elif self.kind == "closure":
            self.by = str(obj.closed_by)
            self.text = obj.assessment
        return self


# The columns the timeline shows of each kind (with `User.NAME_FIELDS` of who wrote it):
# the case page and the whole timeline load these and nothing more. Each includes
# `household`: rows read through `household.<relation>` get the household set from it.
JOURNAL_SHOWN = (
    "household",
    "kind",
    "occurred_on",
    "created_at",
    "confidentiality",
    "what_changed",
    "next_step",
    "note",
    "event",
    "event_data",
)
PHASE_CHANGE_SHOWN = ("household", "from_phase", "to_phase", "changed_at", "note", "event")
CLOSURE_SHOWN = ("household", "closed_on", "created_at", "assessment")
OFFER_SHOWN = (
    "household",
    "address",
    "postcode",
    "town",
    "receiving_area__name",
    "status",
    "rooms",
    "area_m2",
    "net_rent",
    "offered_on",
    "answer_deadline",
    "decline_reason",
    "location_suitable",
    "quality_suitable",
    "created_at",
)
MOVE_SHOWN = (
    "household",
    "moved_on",
    "new_address",
    "new_postcode",
    "new_town",
    "receiving_area__name",
    "created_at",
)


def _offers(household):
    return household.offers.select_related("receiving_area").only(*OFFER_SHOWN)


def _moves(household):
    return household.moves.select_related("receiving_area").only(*MOVE_SHOWN)


def timeline(household, limit=None, *, offers=None, moves=None, closures=None):
    """Journal, phase changes, offers, moves and closures merged newest first: by the day
    the thing happened, then by when it was recorded, the same for every kind.

    One query per kind, each capped at `limit` in that same order, so the page cost does not
    grow with history; `offers`, `moves` and `closures` reuse lists the caller already holds
    (a case has a few of each).
    """
    journal = household.journal.select_related("author").only(
        *JOURNAL_SHOWN, *User.name_fields("author")
    )
    changes = household.phase_changes.select_related("changed_by").only(
        *PHASE_CHANGE_SHOWN, *User.name_fields("changed_by")
    )
    if closures is None:
        closures = household.closures.select_related("closed_by").only(
            *CLOSURE_SHOWN, *User.name_fields("closed_by")
        )[:limit]
    if limit:
        journal, changes = journal[:limit], changes[:limit]
    if offers is None:
        offers = _offers(household)[:limit]
    if moves is None:
        moves = _moves(household)[:limit]
    phase_changed, housing_offer, move, case_closed = (
        _("Phase changed"),
        _("Housing offer"),
        _("Move"),
        _("Case closed"),
    )
    items = [
        *(TimelineItem("journal", e.occurred_on, e.created_at, e.title, e) for e in journal),
        *(
            TimelineItem("phase", timezone.localdate(c.changed_at), c.changed_at, phase_changed, c)
            for c in changes
        ),
        *(TimelineItem("offer", o.offered_on, o.created_at, housing_offer, o) for o in offers),
        *(TimelineItem("move", m.moved_on, m.created_at, move, m) for m in moves),
        *(TimelineItem("closure", c.closed_on, c.created_at, case_closed, c) for c in closures),
    ]
    items.sort(key=lambda item: item.order_key, reverse=True)
    return [item.describe() for item in (items[:limit] if limit else items)]


def _with_members(rows, members):
    """Set each row's `member` from the household's members already loaded (no join)."""
    by_pk = {member.pk: member for member in members}
    rows = list(rows)
    for row in rows:
        if row.member_id in by_pk:
            row.member = by_pk[row.member_id]
    return rows


def _consents(household):
    """The case's consents, newest first, each with the actors it names (`covered_actors`,
    by name) in one query: a row per consent and named actor, the actors joined, rather
    than a query for the consents and one more for their actors."""
    consents = {}
    rows = household.consents.order_by("-given_on", "-pk", "actors__name").values_list(
        "pk",
        "given_on",
        "method",
        "covers_all_actors",
        "withdrawn_on",
        "actors__name",
        "actors__municipality",
    )
    for pk, given_on, method, covers_all, withdrawn_on, name, municipality in rows:
        if pk not in consents:
            consents[pk] = Consent(
                pk=pk,
                household=household,
                given_on=given_on,
                method=method,
                covers_all_actors=covers_all,
                withdrawn_on=withdrawn_on,
            )
            consents[pk].covered_actors = []
        if name is not None:
            consents[pk].covered_actors.append(Actor(name=name, municipality=municipality))
    return list(consents.values())


def get_case_for_page(request, pk):
    """`get_household_for` with what the case page shows beside the household in the same
    query (`Household.objects.for_case_page`), and whether the case was ever closed or opened
    outside normal access (two EXISTS): most cases were neither, and `case_page` then skips
    those sections' queries."""
    from households import break_glass

    queryset = Household.objects.for_case_page().annotate(
        ever_closed=Exists(Closure.objects.filter(household=OuterRef("pk"))),
        ever_opened_outside_access=break_glass.any_opening(),
    )
    return get_household_for(request, pk, queryset=queryset)


def case_page(household):
    """What the case page shows beside the household, each section in one query that loads
    the columns the page shows and no others. A case from `get_case_for_page` that was never
    closed or opened outside normal access skips those two queries."""
    from households import break_glass

    members = list(household.members.all())
    needs = _with_members(
        household.needs.only("household", "member", "category", "status", "note", "source"), members
    )
    offers = list(_offers(household))
    for offer in offers:
        offer.household = household
        offer.suitable_size = offer.size_suitable(len(members))
    bridges = _with_members(
        household.bridges.select_related(
            "support_offer__actor", "addressed_actor", "local_contact"
        ).only(
            "household",
            "member",
            "status",
            "answer",
            "consent_override",
            "support_offer__name",
            "support_offer__actor__name",
            "support_offer__actor__municipality",
            "addressed_actor__name",
            "addressed_actor__municipality",
            "local_contact__name",
            "local_contact__kind",
        ),
        members,
    )
    moves = list(_moves(household))
    limit = settings.BROBYGNING["TIMELINE_LENGTH"]
    closures = None if getattr(household, "ever_closed", True) else []
    items = timeline(household, limit=limit + 1, offers=offers, moves=moves, closures=closures)
    journal_kinds = {i.obj.kind for i in items if i.kind == "journal"}
    accepted = any(o.status == HousingOffer.Status.ACCEPTED for o in offers)
    consents = _consents(household)
    return {
        "members": members,
        "needs": needs,
        "offers": offers,
        "timeline": items[:limit],
        "timeline_truncated": len(items) > limit,
        "suggested_phase": suggest_next_phase(
            household, has_accepted_offer=accepted, journal_kinds=journal_kinds
        ),
        "bridges": bridges,
        "consents": consents,
        "has_accepted_offer": accepted,
        "moves": moves,
        "addresses": household_addresses(household, moves),
        "door_hanger_language": language_code(household.preferred_language),
        "break_glass_openings": (
            list(break_glass.openings(household))
            if getattr(household, "ever_opened_outside_access", True)
            else []
        ),
    }


def last_allowed_offer_warning(household, organisation):
    """True when the offer about to be made is the last one local policy allows."""
    if not organisation or organisation.max_offers is None:
        return False
    return offers_made_by(household, organisation).count() + 1 >= organisation.max_offers
