from allauth.account.adapter import DefaultAccountAdapter


class ClosedSignupAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an administrator; nobody signs up themselves."""

    def is_open_for_signup(self, request):
        return False

    def send_password_reset_mail(self, user, email, context):
        from brobygning.security_log import password_reset_requested

        password_reset_requested(context.get("request") or self.request, user)
        return super().send_password_reset_mail(user, email, context)


def normalise_username(text):
    """The one form of a typed username that the lockout counts by: without surrounding
    blanks, in lower case. Login finds the account by any case too, and usernames are unique
    in lower case (a database constraint), so `Locktest` and `locktest` are one account with
    one failure count."""
    return (text or "").strip().lower()


def login_username(request, credentials):
    """The username django-axes locks, normalised: allauth authenticates with `username`, the
    login form posts it as `login`, and django-axes names the account that logged in as
    `login` too (resetting its count after a login that ended with a two-factor code, whose
    form has no username)."""
    for key in ("username", "login"):
        if credentials and credentials.get(key):
            return normalise_username(credentials[key])
    return normalise_username(request.POST.get("login", "") if request is not None else "")
