"""The manager dashboard: one page of figures, the cases behind each figure, and exports.

Views parse the filters, call a selector and render; the figures live in `selectors`.
Figures are for managers and administrators; the cases behind them, with names, only for
managers (administrators look after users and directory data, not cases).
"""

from dataclasses import replace
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from brobygning.core.access import (
    recent_authentication_required_for_download,
    role_required,
)
from brobygning.core.audit import log_access
from brobygning.core.models import AccessLog
from brobygning.core.roles import CASE_LIST_READERS, FIGURE_READERS
from brobygning.dashboard import exports, selectors
from brobygning.dashboard.charts import age_label
from brobygning.dashboard.figures import figures_html
from brobygning.dashboard.forms import CaseListForm, DashboardFilterForm, Figure, request_age
from households.models import Phase

FIGURE_ROLES = FIGURE_READERS
CASE_ROLES = CASE_LIST_READERS


def _invalid(request, form, template="dashboard/index.html"):
    """Bad filters: the page with the form's message and no figures (400, never a 500)."""
    return render(request, template, {"form": form, "invalid": True}, status=400)


@require_GET
@role_required(*FIGURE_ROLES)
def index(request):
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form)
    filters = replace(form.filters, links=request.user.has_role(*CASE_ROLES))
    # An unknown section is the first screen, like an unknown `rows`.
    section = request.GET.get("section", "")
    section = section if section in selectors.SECTIONS else ""
    return render(
        request,
        "dashboard/index.html",
        {
            "form": form,
            "section": section,
            "figures": figures_html(
                filters, section=section, all_rows=request.GET.get("rows") == "all"
            ),
            "filter_query": urlencode(form.filters.as_query()),
        },
    )


@require_GET
@role_required(*CASE_ROLES)
def cases(request):
    form = CaseListForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form, "dashboard/cases.html")
    query = urlencode({**form.filters.as_query(), **form.cell_query()})
    households = selectors.cases_behind(request.user, form.cell, form.filters)
    page = Paginator(households, settings.BROBYGNING["CASELOAD_PAGE_SIZE"]).get_page(
        request.GET.get("side")
    )
    log_access(request, action=AccessLog.Action.VIEW, target_type="dashboard_cases", detail=query)
    return render(
        request,
        "dashboard/cases.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filter_query": urlencode(form.filters.as_query()),
            "figure_label": dict(Figure.choices)[form.cell["figure"]],
            "cell_parts": form.cell_parts(),
            "phase_label": Phase(form.cell["phase"]).label if form.cell.get("phase") else "",
            "age_label": age_label(*request_age(form.cell["age"])) if form.cell.get("age") else "",
            "cell": form.cell,
        },
    )


def _figures_download(request, fmt, *, shared: bool):
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form)
    filters = replace(form.filters, links=False)
    rows = exports.figure_rows(selectors.dashboard(filters), shared=shared)
    log_access(
        request,
        action=AccessLog.Action.EXPORT,
        target_type="dashboard_figures_shared" if shared else "dashboard_figures",
        detail=f"{fmt}: {urlencode(filters.as_query())}",
    )
    kind = "shared" if shared else "figures"
    name = f"brobygning-{kind}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}"
    return exports.download(fmt, name, "Figures", exports.FIGURE_COLUMNS, rows)


@require_GET
@role_required(*FIGURE_ROLES)
@recent_authentication_required_for_download
def export_figures(request, fmt):
    """Exact figures, for the team's own use."""
    return _figures_download(request, fmt, shared=False)


@require_GET
@role_required(*FIGURE_ROLES)
@recent_authentication_required_for_download
def export_shared_figures(request, fmt):
    """Figures to send outside the team: small cells suppressed (primary and secondary)."""
    return _figures_download(request, fmt, shared=True)


@require_GET
@role_required(*CASE_ROLES)
@recent_authentication_required_for_download
def export_cases(request, fmt):
    form = CaseListForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form, "dashboard/cases.html")
    households = selectors.cases_behind(request.user, form.cell, form.filters)
    rows = exports.case_rows(households)
    query = urlencode({**form.filters.as_query(), **form.cell_query()})
    log_access(
        request,
        action=AccessLog.Action.EXPORT,
        target_type="household_list",
        detail=f"{fmt}, {len(rows)} households: {query}",
    )
    name = f"brobygning-cases-{timezone.localdate():%Y%m%d}"
    return exports.download(fmt, name, "Cases", exports.CASE_COLUMNS, rows)
