from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from actors.models import HousingOrganisation
from brobygning.core.access import role_required
from brobygning.core.audit import log_access
from brobygning.core.models import AccessLog
from brobygning.core.posts import post_form
from brobygning.core.roles import CASE_WORKERS, Role
from brobygning.core.search import Search
from households import break_glass, panels, selectors, services
from households import closure as closure_items
from households.forms import (
    AssignForm,
    CaseloadFilterForm,
    ClosureForm,
    HouseholdCreateForm,
    HouseholdEditForm,
    JournalEntryForm,
    MemberForm,
    MoveDateForm,
    MoveForm,
    NeedForm,
    OfferAnswerForm,
    OfferForm,
    PhaseChangeForm,
    ReopenForm,
    TenancyForm,
)
from households.member_rows import MemberRowsForm
from households.models import (
    Closure,
    HousingOffer,
    JournalEntry,
    Member,
    Move,
    Need,
)
from households.monitor import area_warnings
from households.offer_checks import offer_checks, offer_warnings

CASE_ROLES = CASE_WORKERS
GET_POST = require_http_methods(["GET", "POST"])


def submit_case_form(
    request,
    household,
    form,
    save,
    *,
    title,
    success,
    template="households/case_form.html",
    extra=None,
    read=None,
):
    """Render `form` for a case; on a valid POST call `save(form)` and go back to the case
    (brobygning.core.posts.post_form: a refusal from the service is shown on the form).

    A form shown for a case displays its data (the household's name and reference, and the
    record being edited): that is a read, logged once per request like the case page, as
    `read` = (record type, id), by default the household.
    """

    def page():
        if household is not None:
            target_type, target_id = read or ("household", household.pk)
            log_access(
                request,
                action=AccessLog.Action.VIEW,
                target_type=target_type,
                target_id=target_id,
                household=household,
                detail="form",
            )
        return {"household": household, "title": title, **(extra or {})}

    return post_form(
        request,
        form,
        save,
        success=success,
        to=lambda saved: household_url(household or saved),
        template=template,
        context=page,
    )


def _warn_about_area(request, area):
    """Tell the bridge-builder when the receiving area is flagged by the monitor."""
    for warning in area_warnings(area):
        messages.warning(request, _("%(area)s: %(warning)s") % {"area": area, "warning": warning})
    return area


def household_url(household):
    return reverse("households:detail", args=[household.pk])


@GET_POST
@role_required(*CASE_ROLES)
def caseload(request):
    # The search box takes names, references and addresses: it posts (brobygning.core.search).
    search = Search(request, private=["q"])
    form = CaseloadFilterForm(search.data or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if search.submitted and form.is_valid():
        if filters["q"]:
            log_access(
                request,
                action=AccessLog.Action.SEARCH,
                target_type="household",
                detail=filters["q"],
            )
        return search.redirect(form.fields)
    households = selectors.caseload(request.user, filters)
    page = Paginator(households, settings.BROBYGNING["CASELOAD_PAGE_SIZE"]).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "households/caseload.html",
        {
            "form": form,
            "page": page,
            "query": search.query,
            "is_manager": request.user.has_role(Role.MANAGER),
        },
        status=400 if form.errors else 200,
    )


@GET_POST
@role_required(*CASE_ROLES)
def household_create(request):
    form = HouseholdCreateForm(request.POST or None)
    if not request.user.has_role(Role.MANAGER):
        del form.fields["bridge_builder"]

    def save(form):
        household = form.save(commit=False)
        if not household.bridge_builder_id and request.user.has_role(Role.BRIDGE_BUILDER):
            household.bridge_builder = request.user
        return services.household_create(household=household, by=request.user)

    return submit_case_form(
        request,
        None,
        form,
        save,
        title=_("New case"),
        success=lambda household: _("Case %(ref)s created.") % {"ref": household.reference},
    )


@require_GET
@role_required(*CASE_ROLES, Role.ADMINISTRATOR)
def household_detail(request, pk):
    if break_glass.applies_to(request.user) and not break_glass.granted(request, pk):
        return redirect("households:break_glass", pk=pk)
    household = selectors.get_case_for_page(request, pk)
    log_access(
        request,
        action=AccessLog.Action.VIEW,
        target_type="household",
        target_id=pk,
        household=household,
    )
    context = {
        "household": household,
        **selectors.case_page(household),
        "panels": panels.render_context(request, household),
    }
    context["phase_form"] = PhaseChangeForm(
        household=household, suggested=context["suggested_phase"]
    )
    context["household_read_only"] = break_glass.applies_to(request.user)
    return render(request, "households/detail.html", context)


@require_GET
@role_required(*CASE_ROLES)
def household_timeline(request, pk):
    household = selectors.get_household_for(request, pk)
    log_access(
        request,
        action=AccessLog.Action.VIEW,
        target_type="timeline",
        target_id=pk,
        household=household,
    )
    return render(
        request,
        "households/timeline.html",
        {"household": household, "timeline": selectors.timeline(household)},
    )


@GET_POST
@role_required(*CASE_ROLES)
def household_edit(request, pk):
    household = selectors.get_household_for(request, pk, write=True)
    form = HouseholdEditForm(request.POST or None, instance=household)
    return _edit_versioned(request, household, form, title=_("Edit household"))


@GET_POST
@role_required(*CASE_ROLES)
def tenancy_edit(request, pk):
    household = selectors.get_household_for(request, pk, write=True)
    form = TenancyForm(request.POST or None, instance=household)
    return _edit_versioned(request, household, form, title=_("Old home and termination"))


def _edit_versioned(request, household, form, *, title):
    def save(form):
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.household_update(
            household=household,
            expected_version=form.cleaned_data["version"],
            changes=changes,
            by=request.user,
        )

    return submit_case_form(
        request, household, form, save, title=title, success=_("Changes saved.")
    )


@GET_POST
@role_required(*CASE_ROLES)
def member_edit(request, pk, member_pk=None):
    household = selectors.get_household_for(request, pk, write=True)
    member = (
        get_object_or_404(Member, pk=member_pk, household=household)
        if member_pk is not None
        else Member(household=household)
    )
    form = MemberForm(request.POST or None, instance=member)
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.member_save(member=form.save(commit=False), by=request.user),
        title=_("Edit member") if member.pk else _("Add member"),
        success=_("Member saved."),
        read=("member", member.pk) if member.pk else None,
    )


@GET_POST
@role_required(*CASE_ROLES)
def members_add(request, pk):
    """Add several members at once, one row each (first name, relation, birth year)."""
    household = selectors.get_household_for(request, pk, write=True)
    form = MemberRowsForm(request.POST or None)
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.members_add(
            household=household, people=form.people(), by=request.user
        ),
        title=_("Add members"),
        success=lambda added: (
            ngettext("%(count)s member added.", "%(count)s members added.", len(added))
            % {"count": len(added)}
        ),
        template="households/member_rows_form.html",
    )


@GET_POST
@role_required(*CASE_ROLES)
def need_edit(request, pk, need_pk=None):
    household = selectors.get_household_for(request, pk, write=True)
    need = (
        get_object_or_404(Need, pk=need_pk, household=household)
        if need_pk is not None
        else Need(household=household)
    )
    form = NeedForm(request.POST or None, instance=need, household=household)
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.need_save(need=form.save(commit=False), by=request.user),
        title=_("Edit need") if need.pk else _("Add need"),
        success=_("Need saved."),
        read=("need", need.pk) if need.pk else None,
    )


@GET_POST
@role_required(*CASE_ROLES)
def journal_add(request, pk):
    household = selectors.get_household_for(request, pk, write=True)
    entry = JournalEntry(household=household, place=household.address_display)
    form = JournalEntryForm(request.POST or None, instance=entry)
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.journal_entry_add(entry=form.save(commit=False), by=request.user),
        title=_("Log contact"),
        success=_("Journal entry saved."),
        template="households/journal_form.html",
    )


@require_GET
@role_required(*CASE_ROLES)
def journal_detail(request, pk, entry_pk):
    household = selectors.get_household_for(request, pk)
    entry = get_object_or_404(
        JournalEntry.objects.select_related("author"), pk=entry_pk, household=household
    )
    log_access(
        request,
        action=AccessLog.Action.VIEW,
        target_type="journal_entry",
        target_id=entry.pk,
        household=household,
    )
    return render(
        request, "households/journal_detail.html", {"household": household, "entry": entry}
    )


@GET_POST
@role_required(*CASE_ROLES)
def phase_change(request, pk):
    household = selectors.get_household_for(request, pk, write=True)
    form = PhaseChangeForm(request.POST or None, household=household)
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.phase_change(
            household=household,
            to_phase=form.cleaned_data["to_phase"],
            note=form.cleaned_data["note"],
            expected_phase=form.cleaned_data["expected_phase"],
            by=request.user,
        ),
        title=_("Change phase"),
        success=_("Phase changed."),
    )


@GET_POST
@role_required(*CASE_ROLES)
def offer_edit(request, pk, offer_pk=None):
    household = selectors.get_household_for(request, pk, write=True)
    offer = (
        get_object_or_404(HousingOffer, pk=offer_pk, household=household)
        if offer_pk is not None
        else HousingOffer(household=household)
    )
    if offer.pk and not offer.is_open:
        messages.error(request, _("An answered offer cannot be changed."))
        return redirect(household_url(household))
    form = OfferForm(request.POST or None, instance=offer)
    chosen = str(form["housing_organisation"].value() or "")
    organisation = (
        HousingOrganisation.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    )
    last_offer = not offer.pk and selectors.last_allowed_offer_warning(household, organisation)

    def save(form):
        saved = services.offer_save(offer=form.save(commit=False), by=request.user)
        if last_offer and saved.status != HousingOffer.Status.DRAFT:
            messages.warning(request, _("This was the last offer local policy allows."))
        for warning in offer_warnings(saved, member_count=household.members.count()):
            messages.warning(request, warning.message)
        _warn_about_area(request, saved.receiving_area)
        return saved

    return submit_case_form(
        request,
        household,
        form,
        save,
        title=_("Edit housing offer") if offer.pk else _("New housing offer"),
        success=_("Housing offer saved."),
        template="households/offer_form.html",
        extra={
            "last_offer_warning": last_offer,
            # Called by the template, after validation has put the posted values on the offer.
            "offer_checks": lambda: offer_checks(
                form.instance, member_count=household.members.count()
            ),
        },
    )


@GET_POST
@role_required(*CASE_ROLES)
def offer_answer(request, pk, offer_pk):
    household = selectors.get_household_for(request, pk, write=True)
    offer = get_object_or_404(HousingOffer, pk=offer_pk, household=household)
    form = OfferAnswerForm(request.POST or None)
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.offer_answer(offer=offer, by=request.user, **form.cleaned_data),
        title=_("Answer to offer: %(address)s") % {"address": offer.address},
        success=_("Answer recorded."),
    )


@GET_POST
@role_required(*CASE_ROLES)
def move_register(request, pk):
    household = selectors.get_household_for(request, pk, write=True)
    form = MoveForm(request.POST or None, instance=Move(household=household), household=household)
    return submit_case_form(
        request,
        household,
        form,
        lambda form: _warn_about_area(
            request,
            services.move_register(move=form.save(commit=False), by=request.user).receiving_area,
        ),
        title=_("Register move"),
        success=_("Move registered. The case is now in the moving phase."),
    )


@GET_POST
@role_required(*CASE_ROLES)
def move_edit(request, pk, move_pk):
    household = selectors.get_household_for(request, pk, write=True)
    move = get_object_or_404(Move, pk=move_pk, household=household)
    form = MoveDateForm(request.POST or None, instance=move)
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.move_reschedule(
            move=move, moved_on=form.cleaned_data["moved_on"], by=request.user
        ),
        title=_("Change move date"),
        success=_("Move date changed. Follow-ups moved with it."),
    )


@GET_POST
@role_required(*CASE_ROLES)
def household_close(request, pk):
    household = selectors.get_household_for(request, pk, write=True)
    derived = services.closure_criteria(household)
    form = ClosureForm(
        request.POST or None,
        instance=Closure(household=household),
        open_items=closure_items.open_items(household),
    )
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.household_close(
            closure=form.save(commit=False), by=request.user, cancel=form.cancellations()
        ),
        title=_("Close case"),
        success=_("The case is closed."),
        template="households/close_form.html",
        extra={"derived": derived},
    )


@GET_POST
@role_required(*CASE_ROLES)
def household_reopen(request, pk):
    household = selectors.get_household_for(request, pk)
    form = ReopenForm(request.POST or None)
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.household_reopen(
            household=household,
            to_phase=form.cleaned_data["to_phase"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        title=_("Reopen case"),
        success=lambda household: (
            _("The case is reopened.")
            if not household.restored_items
            else ngettext(
                "The case is reopened. %(count)s item that closing cancelled is open again.",
                "The case is reopened. %(count)s items that closing cancelled are open again.",
                household.restored_items,
            )
            % {"count": household.restored_items}
        ),
    )


@GET_POST
@role_required(Role.MANAGER)
def household_assign(request, pk):
    household = selectors.get_household_for(request, pk)
    form = AssignForm(request.POST or None, initial={"bridge_builder": household.bridge_builder_id})
    return submit_case_form(
        request,
        household,
        form,
        lambda form: services.household_assign(
            household=household, bridge_builder=form.cleaned_data["bridge_builder"], by=request.user
        ),
        title=_("Assign bridge-builder"),
        success=_("Bridge-builder assigned."),
    )
