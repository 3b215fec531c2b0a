import time
from functools import wraps

from allauth.account import app_settings as account_settings
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login import get_authentication_records
from django.core.exceptions import PermissionDenied


def role_required(*roles):
    """403 for a logged-in user without any of the roles (anonymous users never get here:
    LoginRequiredMiddleware sends them to the login page first)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def authenticated_recently(request) -> bool:
    """Whether the user logged in or re-authenticated within ACCOUNT_REAUTHENTICATION_TIMEOUT.

    allauth's own check counts only re-authentications, which would ask a manager who logged
    in a minute ago for the password again; a fresh login proves as much."""
    records = get_authentication_records(request, request.user)
    last = max((record["at"] for record in records), default=0)
    return time.time() - last < account_settings.REAUTHENTICATION_TIMEOUT


def recent_authentication_required(view=None, *, allow_get=False):
    """Sensitive actions (ASVS 3.7.1) need a login or re-authentication within the last
    5 minutes, GET requests included (an export is a GET) unless `allow_get` (a page that
    only shows, and changes by POST). Otherwise allauth's middleware sends the user to its
    re-authentication page (password, or a code for two-factor users) and afterwards resumes
    the request, replaying a POST."""

    def decorate(view):
        return reauthentication_required(
            view, allow_get=allow_get, enabled=lambda request: not authenticated_recently(request)
        )

    return decorate(view) if view is not None else decorate
