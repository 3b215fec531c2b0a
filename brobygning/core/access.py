import time
from functools import wraps
from urllib.parse import urlencode, urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login import get_authentication_records
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


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


def local_path(request, url) -> str:
    """`url` as a path of this site, or "" when it points anywhere else."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def recent_authentication_required_for_download(view):
    """`recent_authentication_required` for a GET that answers with a file. A browser that
    gets a file after the password form stays on that form, so after the password the user
    lands on a page that fetches the file and leads back to where they came from."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if authenticated_recently(request):
            return view(request, *args, **kwargs)
        landing = {"file": request.get_full_path()}
        if back := local_path(request, request.headers.get("referer", "")):
            landing["back"] = back
        after = f"{reverse('download')}?{urlencode(landing)}"
        return redirect(f"{reverse('account_reauthenticate')}?{urlencode({'next': after})}")

    wrapped.is_download = True
    return wrapped
