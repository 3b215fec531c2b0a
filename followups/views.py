from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brobygning.core.access import role_required
from brobygning.core.forms import NOT_SAVED, save_valid_post
from brobygning.core.posts import post_button
from brobygning.core.roles import CASE_WORKERS, Role
from followups import calendar, selectors, services
from followups.forms import (
    CancelForm,
    CompleteForm,
    EventForm,
    FollowUpForm,
    InvitationStatusForm,
    InviteForm,
    PreferenceForm,
)
from followups.models import CalendarToken, Event, FollowUp, Invitation, NotificationPreference
from households.models import Household
from households.selectors import get_household_for

CASE_ROLES = CASE_WORKERS


def _get_followup(request, pk):
    return get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related("household", "assignee"), pk=pk
    )


@require_GET
@role_required(*CASE_ROLES)
def tasks(request):
    everyone = request.GET.get("alle") == "1" and request.user.has_role(Role.MANAGER)
    followups = selectors.tasks_for(request.user, everyone=everyone)
    page = Paginator(followups.only(*selectors.TASK_LIST_FIELDS), 50).get_page(
        request.GET.get("side")
    )
    today = timezone.localdate()
    for followup in page.object_list:
        selectors.describe_task(followup, today)
    return render(
        request,
        "followups/tasks.html",
        {"page": page, "everyone": everyone, "query": "alle=1" if everyone else ""},
    )


@require_GET
@role_required(*CASE_ROLES)
def detail(request, pk):
    followup = _get_followup(request, pk)
    followup.rule_text = services.rule_label(followup.rule)
    return render(
        request,
        "followups/detail.html",
        {
            "followup": followup,
            "complete_form": CompleteForm(followup=followup),
            "cancel_form": CancelForm(),
        },
    )


@require_POST
@role_required(*CASE_ROLES)
def complete(request, pk):
    followup = _get_followup(request, pk)
    form = CompleteForm(request.POST, followup=followup)
    done = save_valid_post(
        request,
        form,
        lambda form: services.followup_complete(
            followup=followup, by=request.user, **form.cleaned_data
        ),
    )
    if done is not NOT_SAVED:
        messages.success(request, _("Follow-up done."))
        return redirect("followups:tasks")
    return render(
        request,
        "followups/detail.html",
        {"followup": followup, "complete_form": form, "cancel_form": CancelForm()},
        status=400,
    )


@require_POST
@role_required(*CASE_ROLES)
def cancel(request, pk):
    followup = _get_followup(request, pk)
    form = CancelForm(request.POST)
    return post_button(
        request,
        lambda: services.followup_cancel(followup=followup, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Write why the follow-up is cancelled."),
        success=_("Follow-up cancelled."),
        back=reverse("followups:detail", args=[followup.pk]),
        to=lambda _result: reverse("followups:tasks"),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def create(request, household_pk):
    household = get_household_for(request, household_pk, write=True)
    form = FollowUpForm(
        request.POST or None,
        household=household,
        initial={"assignee": household.bridge_builder_id},
    )
    case_url = reverse("households:detail", args=[household.pk])
    created = save_valid_post(
        request,
        form,
        lambda form: services.followup_create(
            household=household,
            kind=FollowUp.Kind.CUSTOM,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        ),
        url=lambda created: case_url,
    )
    if isinstance(created, HttpResponse):  # the form was submitted again: nothing saved
        return created
    if created is not NOT_SAVED:
        messages.success(request, _("Follow-up added."))
        return redirect("households:detail", pk=household.pk)
    return render(
        request,
        "households/case_form.html",
        {"household": household, "form": form, "title": _("Add follow-up")},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferenceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for event, channel in form.cleaned_data.items():
                NotificationPreference.objects.update_or_create(
                    user=request.user, event=event, defaults={"channel": channel}
                )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("followups:preferences")
    token = CalendarToken.objects.filter(user=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("followups:calendar_feed", args=[token.token]))
        if token
        else None
    )
    return render(request, "followups/preferences.html", {"form": form, "feed_url": feed_url})


@require_POST
def calendar_token(request):
    """Create or renew the private feed address; renewing revokes the old one."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=request.user).delete()
        if request.POST.get("action") != "revoke":
            CalendarToken.objects.create(user=request.user)
    messages.success(request, _("Your calendar address is updated."))
    return redirect("followups:preferences")


@login_not_required
@require_GET
def calendar_feed(request, token):
    """The user's follow-ups as iCalendar; authenticated by the token alone (no session),
    carrying no sensitive text: reference and kind only."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    since = timezone.localdate() - timedelta(days=settings.BROBYGNING["CALENDAR_DAYS_BACK"])
    followups = (
        FollowUp.objects.open()
        .visible_to(found.user)
        .filter(assignee=found.user, due_on__gte=since)
        .select_related("household")
    )
    response = HttpResponse(calendar.feed(followups), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
@role_required(*CASE_ROLES)
def events(request):
    items = Event.objects.select_related("area").order_by("-starts_at")[:100]
    return render(request, "followups/events.html", {"events": items})


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def event_create(request):
    form = EventForm(request.POST or None)
    created = save_valid_post(
        request,
        form,
        lambda form: services.event_create(event=form.save(commit=False), by=request.user),
        url=lambda event: reverse("followups:event_detail", args=[event.pk]),
    )
    if isinstance(created, HttpResponse):  # the form was submitted again: nothing saved
        return created
    if created is not NOT_SAVED:
        messages.success(request, _("Event created."))
        return redirect("followups:event_detail", pk=created.pk)
    return render(
        request,
        "households/case_form.html",
        {"form": form, "title": _("New event")},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def event_detail(request, pk):
    event = get_object_or_404(Event.objects.select_related("area", "organiser"), pk=pk)
    visible = Household.objects.visible_to(request.user).open().order_by("display_name")
    form = InviteForm(request.POST or None, households=visible)
    if request.method == "POST" and form.is_valid():
        Invitation.objects.get_or_create(event=event, household=form.cleaned_data["household"])
        messages.success(request, _("Household invited."))
        return redirect("followups:event_detail", pk=event.pk)
    invitations = event.invitations.filter(
        household__in=Household.objects.visible_to(request.user)
    ).select_related("household")
    return render(
        request,
        "followups/event_detail.html",
        {
            "event": event,
            "invitations": invitations,
            "form": form,
            "statuses": Invitation.Status.choices,
        },
    )


@require_POST
@role_required(*CASE_ROLES)
def invitation_status(request, pk):
    invitation = get_object_or_404(
        Invitation.objects.filter(household__in=Household.objects.visible_to(request.user)), pk=pk
    )
    form = InvitationStatusForm(request.POST)
    if form.is_valid():
        invitation.status = form.cleaned_data["status"]
        invitation.save(update_fields=["status", "updated_at"])
        messages.success(request, _("Attendance recorded."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("followups:event_detail", pk=invitation.event_id)
