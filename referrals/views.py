from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brobygning.core.access import role_required
from brobygning.core.audit import log_access
from brobygning.core.forms import NOT_SAVED, save_valid_post
from brobygning.core.models import AccessLog
from brobygning.core.posts import post_button
from brobygning.core.roles import CASE_WORKERS, Role
from referrals import importing, selectors, services
from referrals.forms import AcceptForm, DeclineForm, MessageForm, ReferralForm, ReopenForm
from referrals.models import Referral

RECEIVERS = CASE_WORKERS
SENDERS = (Role.REHOUSING_CONSULTANT,)
IMPORT_SESSION_KEY = "referral_import_rows"


def _detail_url(referral):
    return reverse("referrals:detail", args=[referral.pk])


def _is_receiver(user):
    return user.has_role(*RECEIVERS)


@require_GET
@role_required(*RECEIVERS)
def inbox(request):
    return render(
        request,
        "referrals/inbox.html",
        {
            "page": _page(request, selectors.inbox(request.user)),
            "answered": selectors.recently_answered(request.user),
        },
    )


@require_GET
@role_required(*SENDERS)
def mine(request):
    return render(
        request, "referrals/mine.html", {"page": _page(request, selectors.sent_by(request.user))}
    )


def _page(request, referrals):
    return Paginator(referrals, settings.BROBYGNING["CASELOAD_PAGE_SIZE"]).get_page(
        request.GET.get("side")
    )


@require_http_methods(["GET", "POST"])
@role_required(*SENDERS)
def referral_form(request, pk=None):
    referral = selectors.get_referral_for(request, pk) if pk is not None else Referral()
    if referral.pk and (
        referral.sender != request.user or referral.status != Referral.Status.DRAFT
    ):
        raise PermissionDenied
    sending = request.POST.get("action") == "send"
    form = ReferralForm(request.POST or None, instance=referral, sending=sending, by=request.user)

    def save(form):
        saved = services.referral_save(
            referral=form.save(commit=False), people=form.people(), by=request.user
        )
        if sending:
            services.referral_send(referral=saved, by=request.user)
        return saved

    saved = save_valid_post(request, form, save, url=_detail_url)
    if isinstance(saved, HttpResponse):  # the form was submitted again: nothing saved
        return saved
    if saved is not NOT_SAVED:
        messages.success(request, _("Referral sent.") if sending else _("Draft saved."))
        return redirect(_detail_url(saved))
    return render(
        request,
        "referrals/form.html",
        {"form": form, "referral": referral},
        status=400 if form.errors else 200,
    )


@require_GET
def detail(request, pk):
    referral = selectors.get_referral_for(request, pk)
    user = request.user
    receiver = _is_receiver(user)
    if receiver:
        services.referral_open(referral=referral, by=user)
    log_access(
        request,
        action=AccessLog.Action.VIEW,
        target_type="referral",
        target_id=referral.pk,
        household=referral.household,
    )
    context = {
        "referral": referral,
        "is_sender": referral.sender_id == user.pk,
        "is_receiver": receiver,
        "is_manager": user.has_role(Role.MANAGER),
        # The handshake: a receiver who cannot see the named case is told who accepts it,
        # without a link or reference to a case outside their scope.
        "linked_case_visible": referral.household is not None
        and referral.household.is_visible_to(user),
        "thread": referral.messages.select_related("author"),
        "shared_notes": selectors.shared_notes(referral) if referral.sender_id == user.pk else [],
        "accept_form": AcceptForm(initial={"bridge_builder": user.pk}),
        "decline_form": DeclineForm(),
        "message_form": MessageForm(),
        "reopen_form": ReopenForm(),
    }
    return render(request, "referrals/detail.html", context)


@require_POST
@role_required(*SENDERS)
def send(request, pk):
    referral = selectors.get_referral_for(request, pk)
    if referral.sender != request.user:
        raise PermissionDenied
    return post_button(
        request,
        lambda: services.referral_send(referral=referral, by=request.user),
        success=_("Referral sent."),
        back=_detail_url(referral),
    )


@require_POST
@role_required(*RECEIVERS)
def accept(request, pk):
    referral = selectors.get_referral_for(request, pk)
    form = AcceptForm(request.POST)
    return post_button(
        request,
        lambda: services.referral_accept(
            referral=referral, bridge_builder=form.cleaned_data["bridge_builder"], by=request.user
        ),
        form=form,
        invalid=_("Choose the bridge-builder who takes the case."),
        success=_("Referral accepted. The case is created."),
        back=_detail_url(referral),
        to=lambda household: reverse("households:detail", args=[household.pk]),
    )


@require_POST
@role_required(*RECEIVERS)
def decline(request, pk):
    referral = selectors.get_referral_for(request, pk)
    form = DeclineForm(request.POST)
    return post_button(
        request,
        lambda: services.referral_decline(referral=referral, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Choose a reason for declining."),
        success=_("Referral declined. The sender can see the reason."),
        back=_detail_url(referral),
    )


@require_POST
def message(request, pk):
    referral = selectors.get_referral_for(request, pk)
    if referral.sender != request.user and not _is_receiver(request.user):
        raise PermissionDenied
    form = MessageForm(request.POST)
    sent = save_valid_post(
        request,
        form,
        lambda form: services.referral_message(
            referral=referral, text=form.cleaned_data["text"], by=request.user
        ),
        url=lambda message: _detail_url(referral),
    )
    if isinstance(sent, HttpResponse):  # the form was submitted again: nothing saved
        return sent
    if sent is NOT_SAVED:
        errors = form.non_field_errors() or [_("Write a message.")]
        messages.error(request, " ".join(errors))
    else:
        messages.success(request, _("Message sent."))
    return redirect(_detail_url(referral))


@require_POST
def withdraw(request, pk):
    referral = selectors.get_referral_for(request, pk)
    if referral.sender != request.user and not request.user.has_role(Role.MANAGER):
        raise PermissionDenied
    return post_button(
        request,
        lambda: services.referral_withdraw(referral=referral, by=request.user),
        success=_("Referral withdrawn."),
        back=_detail_url(referral),
    )


@require_POST
@role_required(Role.MANAGER)
def reopen(request, pk):
    referral = selectors.get_referral_for(request, pk)
    form = ReopenForm(request.POST)
    return post_button(
        request,
        lambda: services.referral_reopen(
            referral=referral, note=form.cleaned_data["note"], by=request.user
        ),
        form=form,
        invalid=_("Write why the referral is reopened."),
        success=_("Referral reopened."),
        back=_detail_url(referral),
    )


@require_http_methods(["GET", "POST"])
@role_required(*SENDERS)
def import_upload(request):
    context = {"columns": importing.COLUMNS}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise importing.ImportFileError(_("Choose a file to upload."))
            result = importing.parse(importing.read_table(upload), sender=request.user)
        except importing.ImportFileError as error:
            context["file_error"] = str(error)
            return render(request, "referrals/import.html", context, status=400)
        request.session[IMPORT_SESSION_KEY] = [values for _number, values in result.rows]
        context["result"] = result
    return render(request, "referrals/import.html", context)


@require_POST
@role_required(*SENDERS)
def import_confirm(request):
    rows = request.session.pop(IMPORT_SESSION_KEY, None)
    if not rows:
        messages.error(request, _("Nothing to import. Upload the file again."))
        return redirect("referrals:import")
    try:
        created = importing.import_rows(rows, sender=request.user)
    except importing.ImportNotSaved as error:
        messages.error(request, str(error))
        return redirect("referrals:import")
    messages.success(
        request, _("%(count)s households imported as draft referrals.") % {"count": created}
    )
    return redirect("referrals:mine")


@require_GET
@role_required(*SENDERS)
def import_template(request):
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="genhusningsliste-skabelon.csv"'
    return response
