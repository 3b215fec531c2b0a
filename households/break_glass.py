"""Break-the-glass: an administrator, who normally sees no cases, may open one with a written
reason. The reason is logged and shown to the case's bridge-builder; the grant lasts an hour
and allows reading only."""

import time

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from brobygning.core.audit import log_access
from brobygning.core.models import AccessLog, User
from brobygning.core.notifications import notify
from brobygning.core.roles import Role

SESSION_KEY = "break_glass"
GRANT_SECONDS = 60 * 60


def applies_to(user):
    return user.has_role(Role.ADMINISTRATOR) and not user.has_role(
        Role.BRIDGE_BUILDER, Role.MANAGER
    )


def granted(request, pk) -> bool:
    expires = request.session.get(SESSION_KEY, {}).get(str(pk))
    return bool(expires) and expires > time.time()


def grant(request, household, reason):
    grants = {
        key: expires
        for key, expires in request.session.get(SESSION_KEY, {}).items()
        if expires > time.time()
    }
    grants[str(household.pk)] = time.time() + GRANT_SECONDS
    request.session[SESSION_KEY] = grants
    log_access(
        request,
        action=AccessLog.Action.BREAK_GLASS,
        target_type="household",
        target_id=household.pk,
        household=household,
        detail=reason,
    )
    if household.bridge_builder_id:
        notify(
            [household.bridge_builder],
            text=_("%(ref)s was opened by %(user)s outside their normal access: %(reason)s")
            % {"ref": household.reference, "user": request.user, "reason": reason},
            url=reverse("households:detail", args=[household.pk]),
        )


def any_opening():
    """Whether the case (`OuterRef`) was ever opened outside normal access: an EXISTS for the
    case's own query, so a case without openings (nearly every case) needs no query of its
    own for the notice (the index `accesslog_break_glass` answers it)."""
    return Exists(
        AccessLog.objects.filter(
            household_reference=OuterRef("reference"), action=AccessLog.Action.BREAK_GLASS
        )
    )


def openings(household):
    """Break-the-glass openings of this case, shown on the case page."""
    return (
        AccessLog.objects.filter(
            household_reference=household.reference, action=AccessLog.Action.BREAK_GLASS
        )
        .select_related("user")
        .only("at", "detail", *User.name_fields("user"))[:20]
    )
