"""The one form of a typed username, shared by the lockout (django-axes), the security log and
the login forms. Its own module, so that `auth` may use the security log and the security log
the username without importing each other."""


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
