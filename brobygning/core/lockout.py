"""The second factor is locked like the password (#21.14, ASVS 2.2.1).

A wrong two-factor code (authenticator or recovery code, at login or when confirming a
sensitive action) counts as a failed login of that account in django-axes, on the same row as
wrong passwords: after AXES_FAILURE_LIMIT failures in all the account is locked, and while it
is locked no code is even checked. The login in progress is then dropped, and django-axes'
middleware answers with the lockout page. Unlocking is the same as for a password lockout (an
administrator, or the cool-off).

allauth's own limit on codes counts per IP address only (ACCOUNT_RATE_LIMITS), which a
guesser with many addresses, or an office behind one, gets around or trips for everyone.
"""

from allauth.account.internal.stagekit import clear_login
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from axes.handlers.proxy import AxesProxyHandler
from axes.signals import user_locked_out
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from brobygning.core.usernames import login_username

LOCKED_MESSAGE = _(
    "Too many failed log-in attempts. The account is locked for an hour, or until an "
    "administrator unlocks it."
)


def _credentials(user):
    return {"username": user.get_username()}


def refuse_locked_account(request, user):
    """Raise a ValidationError (and show the lockout page) when the account is locked out,
    whether by wrong passwords or wrong codes. The refusal is logged as a `lockout` event, as
    django-axes logs a refused password."""
    credentials = _credentials(user)
    if AxesProxyHandler.is_allowed(request, credentials):
        return
    request.axes_locked_out = True
    request.axes_credentials = credentials
    user_locked_out.send(
        "axes",
        request=request,
        username=login_username(request, credentials),
        ip_address=request.axes_ip_address,
    )
    raise ValidationError(LOCKED_MESSAGE, code="locked")


def count_code_failure(request, user):
    """One failed login of `user` in django-axes; on the failure that reaches the limit it
    locks the account, logs the `lockout` event and marks the request for the lockout page."""
    AxesProxyHandler.user_login_failed(
        sender=count_code_failure, credentials=_credentials(user), request=request
    )
    return bool(getattr(request, "axes_locked_out", False))


class LockoutAuthenticateForm(AuthenticateForm):
    """The code asked for after the password at login (MFA_FORMS["authenticate"])."""

    def clean_code(self):
        try:
            refuse_locked_account(context.request, self.user)
        except ValidationError:
            clear_login(context.request)  # start again from the password, once unlocked
            raise
        return super().clean_code()

    def _emit_authentication_failed(self, authenticator):
        super()._emit_authentication_failed(authenticator)
        if count_code_failure(context.request, self.user):
            clear_login(context.request)


class LockoutReauthenticateForm(ReauthenticateForm):
    """The code that confirms a sensitive action (MFA_FORMS["reauthenticate"]); a wrong
    password there already counts, through Django's authentication."""

    def clean_code(self):
        refuse_locked_account(context.request, self.user)
        return super().clean_code()

    def _emit_authentication_failed(self, authenticator):
        super()._emit_authentication_failed(authenticator)
        count_code_failure(context.request, self.user)
