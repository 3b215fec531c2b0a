"""The cases behind a figure (managers only)."""

from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone

from brobygning.dashboard.forms import Figure, Filters, request_age
from brobygning.dashboard.selectors.base import household_scope
from brobygning.dashboard.selectors.rows import (
    NEED_FOUND,
    NEED_MET,
    VISIT_ANSWERS,
    answered_referrals,
    closures,
    holding_bridges,
    moves,
    needs,
    overdue_followups,
    pending_requests,
    post_move_visits,
    reopenings,
    requested_days_ago,
    used_bridges,
)
from households.models import Household
from referrals.models import Referral

# --- The cases behind a figure (managers only) -------------------------------------------


def cases_behind(user, cell: dict, filters: Filters, today: date | None = None):
    """The households counted in one cell of a figure, among those the user may see.

    `cell` is the figure key with its cell parameters (CaseListForm.cell); each figure reuses
    the rows its count was made of, so the list is as long as the (unsuppressed) number.
    """
    today = today or timezone.localdate()
    figure = cell["figure"]
    households = Household.objects.visible_to(user).for_caseload()
    here = OuterRef("pk")
    if figure == Figure.OPEN:
        households = households.open().filter(household_scope(filters))
        if cell.get("phase"):
            households = households.filter(phase=cell["phase"])
        if cell.get("bridge_builder"):
            households = households.filter(bridge_builder=cell["bridge_builder"])
        if cell.get("unassigned"):
            households = households.filter(bridge_builder__isnull=True)
    elif figure == Figure.OVERDUE_FOLLOWUPS:
        rows = overdue_followups(filters, today).filter(household=here)
        if cell.get("bridge_builder"):
            rows = rows.filter(assignee=cell["bridge_builder"])
        households = households.filter(Exists(rows))
    elif figure == Figure.REFERRALS_ACCEPTED:
        rows = answered_referrals(filters).filter(status=Referral.Status.ACCEPTED, household=here)
        households = households.filter(Exists(rows))
    elif figure == Figure.CLOSED:
        rows = closures(filters).filter(household=here)
        if cell.get("criterion"):
            rows = rows.filter(**{cell["criterion"]: True})
        households = households.filter(Exists(rows))
    elif figure == Figure.REOPENED:
        households = households.filter(Exists(reopenings(filters).filter(household=here)))
    elif figure == Figure.MOVED:
        households = households.filter(Exists(moves(filters).filter(household=here)))
        if cell.get("scope"):
            households = households.filter(rehousing_scope=cell["scope"])
    elif figure == Figure.POST_MOVE_VISIT:
        rows = post_move_visits(filters).filter(household=here)
        if cell.get("answer"):
            rows = rows.filter(VISIT_ANSWERS[cell["answer"]])
        households = households.filter(Exists(rows))
    elif figure == Figure.NEEDS:
        rows = needs(filters).filter(household=here)
        if cell.get("category"):
            rows = rows.filter(category=cell["category"])
        rows = rows.filter(NEED_MET if cell.get("met") else NEED_FOUND)
        households = households.filter(Exists(rows))
    elif figure == Figure.BRIDGES_USED:
        rows = used_bridges(filters).filter(household=here)
        if cell.get("support_offer"):
            rows = rows.filter(support_offer=cell["support_offer"])
        if cell.get("actor"):
            rows = rows.filter(support_offer__actor=cell["actor"])
        households = households.filter(Exists(rows))
    elif figure == Figure.PENDING_REQUESTS:
        rows = pending_requests(filters).filter(household=here)
        if cell.get("actor"):
            rows = rows.filter(support_offer__actor=cell["actor"])
        if cell.get("age"):
            rows = rows.filter(requested_days_ago(*request_age(cell["age"]), today))
        households = households.filter(Exists(rows))
    elif figure == Figure.REFERRALS_BRIDGED:
        rows = answered_referrals(filters).filter(status=Referral.Status.ACCEPTED, household=here)
        households = households.filter(Exists(rows), Exists(holding_bridges(here)))
    else:  # the form only lets known figures through
        return households.none()
    return households.order_by("reference")
