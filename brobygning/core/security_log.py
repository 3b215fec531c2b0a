"""Security events (ASVS 7.1.3, 7.2.1, 7.2.2): one structured record on the `security` logger
for each login, failed login, logout, failed two-factor code, lockout, unlock, access-layer
denial (403/404), role change and password reset.

A record carries the event name, the user's id and roles, the path (never the query string;
tokens and keys in the path are replaced by their name), the remote address and the request
id. Never a username typed into a login form (people type their password there by mistake), a
password, session key, token, CPR number or search term.

The receivers are connected in `BrobygningConfig.ready()`; the access-layer middleware is in
MIDDLEWARE.
"""

import json
import logging

from allauth.core import context
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from brobygning.core.usernames import login_username

logger = logging.getLogger("security")

# URL arguments that are secrets: answer-link and calendar tokens, allauth's reset and
# confirmation keys.
SECRET_URL_ARGUMENTS = {"token", "key", "uidb36"}


def emit(event, *, request=None, user=None, **fields):
    """Log one security event. `request` defaults to the request being served (allauth keeps
    it for us), so receivers of model signals can name the path and address too."""
    request = request if request is not None else context.request
    record = {
        "event": event,
        "user_id": getattr(user, "pk", None),
        "roles": sorted(getattr(user, "roles", ())),
        "path": redacted_path(request),
        "ip": request.META.get("REMOTE_ADDR") if request is not None else None,
        "request_id": getattr(request, "request_id", None),
        **fields,
    }
    logger.info(json.dumps(record, ensure_ascii=False), extra={"security": record})


def redacted_path(request, path=None):
    """`path` (default: the request's path) with the secret URL arguments replaced by
    their name."""
    if request is None:
        return None
    path = request.path if path is None else path
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    for name in SECRET_URL_ARGUMENTS & kwargs.keys():
        if kwargs[name]:
            path = path.replace(str(kwargs[name]), f"<{name}>")
    return path


def _actor_id(request):
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _user_named(username):
    return get_user_model()._default_manager.named(username)


class AccessDeniedLogMiddleware:
    """One event for each 403 or 404 a view raises: `role_required`, the scope checks of the
    `get_*_for` helpers and every `get_object_or_404` on a scoped queryset. A 404 for an
    unknown URL is raised before any view runs, so it is not logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied | Http404):
            status = 403 if isinstance(exception, PermissionDenied) else 404
            emit("access_denied", request=request, user=request.user, status=status)
        return None


# --- Receivers ------------------------------------------------------------------------------


def on_login(sender, request, user, **kwargs):
    emit("login", request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # The account is named by id when the username exists; the typed text itself is not logged.
    user = _user_named(login_username(request, credentials))
    emit("login_failed", request=request, user=user)


def on_logout(sender, request, user, **kwargs):
    emit("logout", request=request, user=user)


def on_mfa_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    emit(
        "mfa_failed",
        request=request,
        user=user,
        method=authenticator.type,
        reauthentication=bool(reauthentication),
    )


def on_locked_out(sender, request, username, **kwargs):
    emit("lockout", request=request, user=_user_named(username))


def on_attempt_deleted(sender, instance, **kwargs):
    """Unlock: an administrator deleted a locked-out row of django-axes (in the admin or with
    `axes_reset`). Rows deleted because they expired, or because a login succeeded before the
    limit, were no lockout being lifted by anyone."""
    request = context.request
    if instance.failures_since_start < get_failure_limit(request, None):
        return
    cool_off = get_cool_off(request)
    if cool_off and instance.attempt_time <= timezone.now() - cool_off:
        return
    emit(
        "unlock",
        request=request,
        user=_user_named(instance.username),
        actor_id=_actor_id(request),
    )


def on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Role change: a user's groups changed, from either side (`user.groups` or
    `group.user_set`). One event per user and signal, so the admin replacing one role by
    another gives a "removed" and an "added" event."""
    side = "group" if reverse else "user"
    if action == "pre_clear":
        # clear() reports no ids afterwards: note what is about to go.
        other = "user_id" if reverse else "group_id"
        instance._security_cleared = set(
            sender.objects.filter(**{f"{side}_id": instance.pk}).values_list(other, flat=True)
        )
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_security_cleared", set())
    elif action not in ("post_add", "post_remove"):
        return
    if not pk_set:
        return
    if reverse:
        users = get_user_model()._default_manager.filter(pk__in=pk_set)
        names = [instance.name]
    else:
        users = [instance]
        names = sorted(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    change = "added" if action == "post_add" else "removed"
    request = context.request
    for user in users:
        user.__dict__.pop("roles", None)  # the cached roles are out of date now
        emit(
            "role_change",
            request=request,
            user=user,
            actor_id=_actor_id(request),
            **{change: names},
        )


def on_password_reset(sender, request, user, **kwargs):
    emit("password_reset_done", request=request, user=user)


def password_reset_requested(request, user):
    """Called by the account adapter for each account a reset link is sent to (allauth has
    no signal for it). A request for an unknown address sends nothing and logs nothing."""
    emit("password_reset_requested", request=request, user=user)


def connect():
    from allauth.account.signals import password_reset
    from allauth.mfa.signals import authentication_failed
    from axes.models import AccessAttempt
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.db.models.signals import m2m_changed, post_delete

    uid = "brobygning.core.security_log"
    user_logged_in.connect(on_login, dispatch_uid=uid)
    user_login_failed.connect(on_login_failed, dispatch_uid=uid)
    user_logged_out.connect(on_logout, dispatch_uid=uid)
    authentication_failed.connect(on_mfa_failed, dispatch_uid=uid)
    user_locked_out.connect(on_locked_out, dispatch_uid=uid)
    post_delete.connect(on_attempt_deleted, sender=AccessAttempt, dispatch_uid=uid)
    m2m_changed.connect(on_groups_changed, sender=get_user_model().groups.through, dispatch_uid=uid)
    password_reset.connect(on_password_reset, dispatch_uid=uid)
