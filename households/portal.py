"""The actor contacts' portal: only the requests addressed to their actor, with the minimum
needed to answer (reference, first name, age, the need, the consultant's contact)."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from brobygning.core.access import role_required
from brobygning.core.audit import log_access
from brobygning.core.models import AccessLog
from brobygning.core.posts import post_form
from brobygning.core.roles import Role
from brobygning.core.templatetags.rows import row_url_maker
from households import bridges
from households.forms import BridgeAnswerForm
from households.models import Bridge, HousingOffer, Member, Move

PAGE_SIZE = 25


def _listed(bridge, applicants, homes, consultant):
    """A pending request as the lists show it: enough for the actor to pick it up."""
    person = bridge.member or applicants.get(bridge.household_id)
    home = homes.get(bridge.household_id, {})
    return {
        "bridge": bridge,
        "reference": bridge.household.reference,
        "first_name": person.first_name if person else "",
        "age": person.age() if person else None,
        "need": bridge.need.get_category_display() if bridge.need else "",
        "offer": bridge.support_offer,
        "wished_start": bridge.wished_start,
        "receiving_area": home.get("area"),
        "district": home.get("district", ""),
        "consultant": consultant,
    }


def _minimal(bridge, applicants, homes=None):
    """What the actor may see of the household, and nothing more (the answer page)."""
    return {
        # Whom to call: the case's bridge-builder (the sender, when the case has none).
        **_listed(
            bridge, applicants, homes or {}, bridge.household.bridge_builder or bridge.requested_by
        ),
        "actor": bridge.addressed_actor,
        "note_to_actor": bridge.note_to_actor,
    }


def _answered(bridge):
    """An answered request as the lists show it: the case, the offer and the answer."""
    return {
        "bridge": bridge,
        "reference": bridge.household.reference,
        "offer": bridge.support_offer,
    }


def _applicants(bridge_list):
    ids = {b.household_id for b in bridge_list if b.member_id is None}
    members = (
        Member.objects.filter(household_id__in=ids)
        .filter(Q(relation=Member.Relation.APPLICANT))
        .only("household_id", "first_name", "birth_year")
    )
    return {m.household_id: m for m in members}


# "8260 Viby J" of "Rosenhøj 12, 2. th., 8260 Viby J": a Danish postcode and the town after it.
DISTRICT = re.compile(r"\b(\d{4})\s+([^\d,][^,]*)$")


def district_of(address: str) -> str:
    """The postcode and town of an address, without the street (the household consented to
    share what the request needs, not where it lives). Empty when there is none."""
    found = DISTRICT.search((address or "").strip())
    return f"{found.group(1)} {found.group(2).strip()}" if found else ""


def _homes(bridge_list):
    """Where each household is moving: the receiving area and the new address's district,
    from its latest move, or before the move from the housing offer it accepted. Two queries
    for any number of requests; the street is read here and dropped."""
    ids = {b.household_id for b in bridge_list}
    homes = {}
    if not ids:
        return homes
    area = ("receiving_area__name", "receiving_area__municipality")
    sources = (
        HousingOffer.objects.filter(household_id__in=ids, status=HousingOffer.Status.ACCEPTED)
        .order_by("answered_on", "pk")
        .values_list("household_id", "address", "postcode", "town", *area),
        Move.objects.filter(household_id__in=ids)
        .order_by("moved_on", "pk")
        .values_list("household_id", "new_address", "new_postcode", "new_town", *area),
    )
    # A move says more than an accepted offer, and a later one more than an earlier one.
    for rows in sources:
        for household_id, street, postcode, town, area_name, municipality in rows:
            homes[household_id] = {
                "area": {"name": area_name, "municipality": municipality},
                # The postcode and town; an address kept whole in the street field has them
                # in its text.
                "district": " ".join(filter(None, (postcode, town))) or district_of(street),
            }
    return homes


# Everything an actor contact's pages load of a request, no more (GDPR art. 5(1)(c)).
# Each field's class is in brobygning/core/classification.py; a test holds this list to it:
# no CPR, no free text about the household, and of the special categories only the need the
# bridge is about, which the household consented to share with this actor.
ACTOR_CONTACT_FIELDS = (
    "status",
    "answer",  # the actor's own answer
    "requested_at",
    "answered_at",
    "household__reference",
    "member__first_name",
    "member__birth_year",
    "need__category",
    "wished_start",
    "note_to_actor",  # written for the actor
    "support_offer__name",
    "addressed_actor__name",
    "requested_by__first_name",
    "requested_by__last_name",
    "requested_by__username",
    "requested_by__email",
    "requested_by__phone",
    "household__bridge_builder__first_name",
    "household__bridge_builder__last_name",
    "household__bridge_builder__username",
    "household__bridge_builder__email",
    "household__bridge_builder__phone",
)
SHARED_WITH_CONSENT = {"need__category"}
# Free text the bridge-builder wrote for the actor, to be shown to them with the request.
WRITTEN_FOR_THE_ACTOR = {"note_to_actor"}


# What the lists read of a pending request (the answer page adds the note, the actor and how
# to reach the bridge-builder) and of an answered one: a subset of ACTOR_CONTACT_FIELDS.
PENDING_FIELDS = (
    "status",
    "requested_at",
    "household__reference",
    "member__first_name",
    "member__birth_year",
    "need__category",
    "wished_start",
    "support_offer__name",
)
# Of whom to call, the lists show the name: the case's bridge-builder, or the sender when the
# case has none (`requested_by__…` and `household__bridge_builder__…` above).
CONSULTANT_FIELDS = ("first_name", "last_name", "username")
ANSWERED_FIELDS = (
    "status",
    "answer",
    "answered_at",
    "household__reference",
    "support_offer__name",
)


def _with_minimum(queryset, fields=ACTOR_CONTACT_FIELDS):
    """Only `fields` (paths in ACTOR_CONTACT_FIELDS), with the relations they run through."""
    relations = {path.rpartition("__")[0] for path in fields if "__" in path}
    return queryset.select_related(*relations).only(*fields)


def pending_for(user, requests=None):
    """The requests waiting for the user's answer, oldest first (the portal queue and the
    actor contact's start page). `requests`: `Bridge.objects.addressed_to(user)`, when the
    caller has it already."""
    requests = Bridge.objects.addressed_to(user) if requests is None else requests
    # The consultant as one value from a subquery, not two joins of the users: with seven
    # tables joined PostgreSQL spent ~3 ms planning the query, with five ~1 ms.
    consultant = get_user_model().objects.filter(
        pk=Coalesce(OuterRef("household__bridge_builder"), OuterRef("requested_by"))
    )
    return (
        _with_minimum(requests, PENDING_FIELDS)
        .annotate(
            consultant=Subquery(
                consultant.values(fields=JSONObject(**{f: f for f in CONSULTANT_FIELDS}))[:1]
            )
        )
        .filter(status=Bridge.Status.REQUESTED)
        .order_by("requested_at", "pk")
    )


def pending_count(requests):
    """How many of `requests` (`Bridge.objects.addressed_to(user)`) wait for an answer.
    Counted without `pending_for`'s lists columns: its consultant subquery keeps the join of
    the households in a COUNT (491 more index reads for the busiest actor at 100,000)."""
    return requests.filter(status=Bridge.Status.REQUESTED).count()


def answered_for(user, requests=None):
    """The user's unit's confirmed requests (declined ones leave the portal), newest answer
    first."""
    requests = Bridge.objects.addressed_to(user) if requests is None else requests
    return (
        _with_minimum(requests, ANSWERED_FIELDS)
        .filter(status__in=Bridge.HOLDING)
        .order_by("-answered_at", "-pk")
    )


def minimal_rows(pending, answered):
    """The pending and the answered requests as the minimum an actor contact may see (three
    queries in all, for the pending ones: who it is for and where they are moving). Each
    pending row has the `url` of its answer page."""
    applicants, homes = _applicants(pending), _homes(pending)
    url, user = row_url_maker("portal:answer"), get_user_model()
    return (
        [
            {
                # An unsaved user with the names only, shown as the user is (User.__str__).
                **_listed(
                    bridge,
                    applicants,
                    homes,
                    user(**bridge.consultant) if bridge.consultant else None,
                ),
                "url": url(bridge.pk),
            }
            for bridge in pending
        ],
        [_answered(bridge) for bridge in answered],
    )


@require_GET
@role_required(Role.ACTOR_CONTACT)
def queue(request):
    """Pending requests, oldest waiting first and paginated; the latest answered ones below."""
    requests = Bridge.objects.addressed_to(request.user)
    paginator = Paginator(pending_for(request.user, requests), PAGE_SIZE)
    paginator.count = pending_count(requests)  # the count without the lists' join
    page = paginator.get_page(request.GET.get("side"))
    answered = list(answered_for(request.user, requests)[:PAGE_SIZE])
    pending, answered = minimal_rows(list(page.object_list), answered)
    return render(
        request,
        "portal/queue.html",
        {
            "page": page,
            "pending": pending,
            "answered": answered,
        },
    )


def _answer(request, bridge, *, by, template, done, extra=None):
    """Log the read of the request, then show it with the answer form, or save the answer and
    return `done()` (brobygning.core.posts.post_form). A link's row names no user and says it came
    by the link."""
    log_access(
        request,
        action=AccessLog.Action.VIEW,
        target_type="bridge_request",
        target_id=bridge.pk,
        household=bridge.household,
        detail="" if by else "answer_link",
    )

    def save(form):
        decision, text = form.cleaned_data["decision"], form.cleaned_data["text"]
        if decision == "ask":
            bridges.bridge_ask(bridge=bridge, question=text, by=by)
            return _("Your question was sent to the consultant.")
        bridges.bridge_answer(bridge=bridge, confirmed=decision == "confirm", answer=text, by=by)
        return _("Thank you. Your answer was sent to the consultant.")

    return post_form(
        request,
        BridgeAnswerForm(request.POST or None),
        save,
        success=lambda said: said,
        done=lambda said: done(),
        template=template,
        context={**_minimal(bridge, _applicants([bridge]), _homes([bridge])), **(extra or {})},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ACTOR_CONTACT)
def answer(request, pk):
    bridge = get_object_or_404(_with_minimum(Bridge.objects.addressed_to(request.user)), pk=pk)
    return _answer(
        request,
        bridge,
        by=request.user,
        template="portal/answer.html",
        done=lambda: redirect("portal:queue"),
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_answer(request, token):
    """A contact without an account answers one request through an expiring link."""
    bridge = bridges.bridge_for_token(token)
    if bridge is None:
        return render(request, "portal/link_expired.html", status=410)
    return _answer(
        request,
        bridge,
        by=None,
        template="portal/answer.html",
        done=lambda: render(request, "portal/link_done.html", {"now": timezone.now()}),
        extra={"by_link": True, "expires": bridge.answer_token_expires_at},
    )
