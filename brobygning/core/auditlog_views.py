"""The audit screen: access-log search, a household's change history, and the random spot
check (stikprøve) managers review. Read-only; reading it is itself logged."""

import random
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from brobygning.core.access import role_required
from brobygning.core.audit import log_access
from brobygning.core.forms import SensibleDatesMixin
from brobygning.core.models import AccessLog, User
from brobygning.core.readable import readable_changes
from brobygning.core.roles import Role
from brobygning.core.search import Search

AUDITORS = (Role.MANAGER, Role.ADMINISTRATOR)
SAMPLE_SIZE = 20


class AuditFilterForm(SensibleDatesMixin, forms.Form):
    household = forms.CharField(label=_("Case reference"), required=False, max_length=20)
    user = forms.ModelChoiceField(
        label=_("User"), queryset=User.objects.order_by("username"), required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


def _filtered(filters):
    logs = AccessLog.objects.select_related("user")
    if filters.get("household"):
        logs = logs.filter(household_reference=filters["household"].strip().upper())
    if filters.get("user"):
        logs = logs.filter(user=filters["user"])
    if filters.get("date_from"):
        logs = logs.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        logs = logs.filter(at__date__lte=filters["date_to"])
    return logs


@require_http_methods(["GET", "POST"])
@role_required(*AUDITORS)
def audit_log(request):
    # Searched by case reference and user: the criteria post and stay out of the URL.
    search = Search(request, private=AuditFilterForm.base_fields)
    form = AuditFilterForm(search.data or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if search.submitted and form.is_valid():
        criteria = {name: request.POST[name] for name in form.fields if request.POST.get(name)}
        if criteria:
            log_access(
                request,
                action=AccessLog.Action.SEARCH,
                target_type="audit_log",
                detail=urlencode(criteria),
            )
        return search.redirect(form.fields)
    page = Paginator(_filtered(filters), 50).get_page(request.GET.get("side"))
    reference = (filters.get("household") or "").strip().upper()
    entries = (
        list(
            LogEntry.objects.filter(additional_data__household=reference)
            .select_related("actor", "content_type")
            .order_by("-timestamp")[:200]
        )
        if reference
        else []
    )
    # Field names and stored values made readable ("Kind: – → Phone call").
    history = list(zip(entries, readable_changes(entries), strict=True))
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "history": history,
            "reference": reference,
            "query": search.query,
        },
        status=400 if form.errors else 200,
    )


@require_GET
@role_required(*AUDITORS)
def spot_check(request):
    """A random sample of last month's reads for a manager to check were justified."""
    since = timezone.now() - timezone.timedelta(days=30)
    ids = list(
        AccessLog.objects.filter(
            at__gte=since, action__in=["view", "export", "break_glass"]
        ).values_list("pk", flat=True)
    )
    chosen = random.sample(ids, min(SAMPLE_SIZE, len(ids)))  # noqa: S311 (not cryptographic)
    rows = AccessLog.objects.filter(pk__in=chosen).select_related("user").order_by("-at")
    log_access(request, action=AccessLog.Action.VIEW, target_type="spot_check")
    return render(request, "audit/spot_check.html", {"rows": rows, "since": since})
