from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brobygning.core.access import (
    recent_authentication_required,
    recent_authentication_required_for_download,
    role_required,
)
from brobygning.core.audit import log_access
from brobygning.core.forms import NOT_SAVED, save_valid_post
from brobygning.core.models import AccessLog
from brobygning.core.roles import Role
from brobygning.privacy import erasure, export, pdf
from brobygning.privacy.forms import ErasureForm
from households.selectors import get_household_for

RECORD = "household_record"


def _download(response, filename):
    """A file of one household's data: saved under `filename`, never cached."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    add_never_cache_headers(response)
    return response


def _log_export(request, household, fmt):
    # Logged before the record is built, so the export lists itself among the accesses.
    log_access(
        request,
        action=AccessLog.Action.EXPORT,
        target_type=RECORD,
        target_id=household.pk,
        household=household,
        detail=fmt,
    )


@require_GET
@role_required(Role.MANAGER)
@recent_authentication_required_for_download
def export_json(request, pk):
    household = get_household_for(request, pk)
    _log_export(request, household, "json")
    response = JsonResponse(
        export.household_record(household), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    return _download(response, f"{household.reference}.json")


@require_GET
@role_required(Role.MANAGER)
@recent_authentication_required
def export_html(request, pk):
    household = get_household_for(request, pk)
    _log_export(request, household, "html")
    response = render(
        request,
        "privacy/record.html",
        {"household": household, "sections": export.household_sections(household)},
    )
    add_never_cache_headers(response)
    return response


@require_GET
@role_required(Role.MANAGER)
@recent_authentication_required_for_download
def export_pdf(request, pk):
    household = get_household_for(request, pk)
    try:
        pdf.load()
    except pdf.Unavailable:
        # Nothing is exported, so nothing is logged; the printable HTML is the way out.
        response = render(
            request, "privacy/pdf_unavailable.html", {"household": household}, status=503
        )
        add_never_cache_headers(response)
        return response
    _log_export(request, household, "pdf")
    response = HttpResponse(
        pdf.household_record(request, household), content_type="application/pdf"
    )
    return _download(response, f"{household.reference}.pdf")


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
@recent_authentication_required
def erase(request, pk):
    household = get_household_for(request, pk)
    form = ErasureForm(request.POST or None, household=household)
    erased = save_valid_post(
        request,
        form,
        lambda form: erasure.anonymise_household(
            household=household,
            by=request.user,
            reason=form.cleaned_data["reason"],
            path=request.get_full_path(),
        ),
    )
    if erased is not NOT_SAVED:
        messages.success(request, _("The household was anonymised."))
        return redirect("households:detail", household.pk)
    return render(
        request,
        "privacy/erase.html",
        {"household": household, "form": form},
        status=400 if form.errors else 200,
    )
