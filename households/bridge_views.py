"""Consent, bridges to support offers, and break-the-glass access to a case."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygning.core.access import recent_authentication_required, role_required
from brobygning.core.posts import post_button
from brobygning.core.roles import Role
from households import break_glass, bridges, selectors
from households.forms import (
    BreakGlassForm,
    BridgeForm,
    BridgeRequestForm,
    BridgeStatusForm,
    ConsentForm,
)
from households.models import Bridge, Consent, Household
from households.views import CASE_ROLES, GET_POST, household_url, submit_case_form


@GET_POST
@role_required(*CASE_ROLES)
def consent_add(request, pk):
    household = selectors.get_household_for(request, pk, write=True)
    form = ConsentForm(request.POST or None, instance=Consent(household=household))
    return submit_case_form(
        request,
        household,
        form,
        lambda form: bridges.consent_record(
            consent=form.save(commit=False), actors=form.cleaned_data["actors"], by=request.user
        ),
        title=_("Record consent"),
        success=_("Consent recorded."),
    )


@GET_POST
@role_required(*CASE_ROLES)
def bridge_add(request, pk):
    household = selectors.get_household_for(request, pk, write=True)
    initial = (
        {"support_offer": request.GET.get("tilbud")}
        if request.GET.get("tilbud", "").isdigit()
        else {}
    )
    show_all = request.GET.get("alle") == "1"
    form = BridgeForm(
        request.POST or None,
        instance=Bridge(household=household),
        household=household,
        initial=initial,
        show_all=show_all,
    )
    return submit_case_form(
        request,
        household,
        form,
        lambda form: bridges.bridge_propose(bridge=form.save(commit=False), by=request.user),
        title=_("New bridge"),
        success=_("Bridge proposed. Send the request when the household agrees."),
        template="households/bridge_form.html",
        extra={"show_all": show_all, "show_all_query": _show_all_query(request)},
    )


def _show_all_query(request):
    """The bridge form's address with every offer and contact shown (keeps ?tilbud=)."""
    query = request.GET.copy()
    query["alle"] = "1"
    return query.urlencode()


def _bridge_for(request, pk, bridge_pk):
    household = selectors.get_household_for(request, pk, write=True)
    return household, get_object_or_404(Bridge, pk=bridge_pk, household=household)


@require_POST
@role_required(*CASE_ROLES)
def bridge_request(request, pk, bridge_pk):
    household, bridge = _bridge_for(request, pk, bridge_pk)
    form = BridgeRequestForm(request.POST)
    reason = form.cleaned_data["override_reason"] if form.is_valid() else ""

    def said(bridge):
        if bridge.status != Bridge.Status.NO_CONTACT:
            return _("Request sent.")
        messages.warning(
            request,
            _(
                "Nothing was sent: %(actor)s has no contact person who can receive the "
                "request. Add a contact person to the actor and send it again, or choose "
                "another offer."
            )
            % {"actor": bridge.support_offer.actor},
        )
        return None

    return post_button(
        request,
        lambda: bridges.bridge_request(bridge=bridge, by=request.user, override_reason=reason),
        success=said,
        back=household_url(household),
    )


@require_POST
@role_required(*CASE_ROLES)
def bridge_status(request, pk, bridge_pk):
    household, bridge = _bridge_for(request, pk, bridge_pk)
    form = BridgeStatusForm(request.POST)
    return post_button(
        request,
        lambda: bridges.bridge_set_status(bridge=bridge, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Choose a valid status."),
        success=_("Bridge updated."),
        back=household_url(household),
    )


@require_POST
@role_required(*CASE_ROLES)
def bridge_reissue(request, pk, bridge_pk):
    household, bridge = _bridge_for(request, pk, bridge_pk)
    return post_button(
        request,
        lambda: bridges.bridge_reissue_link(bridge=bridge, by=request.user),
        success=_("A new answer link was sent."),
        back=household_url(household),
    )


@GET_POST
@role_required(Role.ADMINISTRATOR)
@recent_authentication_required
def household_break_glass(request, pk):
    household = get_object_or_404(Household, pk=pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        break_glass.grant(request, household, form.cleaned_data["reason"])
        return redirect("households:detail", pk=household.pk)
    return render(
        request,
        "households/break_glass.html",
        {"form": form, "reference": household.reference},
        status=400 if form.errors else 200,
    )
