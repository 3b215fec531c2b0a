"""When the user was here before this session: "answers since your last login" on the start
pages. Django's own receiver overwrites `last_login` at login, so ours runs first and keeps
the previous value in the (server-side) session."""

from datetime import timedelta

from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.utils import timezone
from django.utils.dateparse import parse_datetime

SESSION_KEY = "previous_login"
# A first login (or a session from before this was kept) looks this far back.
FALLBACK = timedelta(days=14)


def remember_previous_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        previous = user.last_login
        request.session[SESSION_KEY] = previous.isoformat() if previous else ""


def connect():
    """Put our receiver before Django's `update_last_login` (receivers run in order)."""
    user_logged_in.disconnect(dispatch_uid="update_last_login")
    user_logged_in.connect(remember_previous_login, dispatch_uid="brobygning.previous_login")
    user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")


def previous_login(request):
    """The user's login before this session's, or FALLBACK ago when there was none."""
    value = parse_datetime(request.session.get(SESSION_KEY) or "")
    return value or timezone.now() - FALLBACK
