import time
import uuid

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _


class NoStoreMiddleware:
    """Keep pages with personal data out of browser and proxy caches.

    Every page a logged-in user sees may show household data; `no-store` stops the browser
    from keeping it on disk (shared office PCs, phones) and from showing it on "Back" after
    logout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


class NonceOnEveryResponseCSPMiddleware(CSPMiddleware):
    """django-csp, with the script nonce in the policy of every response.

    django-csp 4 adds the nonce to the header only when something read `request.csp_nonce`
    while the response was made. Our layout does (its <script> tags carry it), but the Django
    admin, Django's error pages, redirects and downloads do not, and would get a policy of
    another shape. Making the nonce up front gives every response one policy, with a fresh
    nonce each time.
    """

    def process_request(self, request):
        super().process_request(request)
        str(request.csp_nonce)


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_SECONDS without a request, and after SESSION_COOKIE_AGE
    (12 h) since login whatever the activity (ASVS 3.3.2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("login_at", now)
            last_seen = session.get("last_seen", now)
            if (
                now - last_seen > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                messages.info(request, _("You were logged out after a period without activity."))
                return redirect_to_login(request.get_full_path())
            # Only write when it moved a minute: saves a session write on every request.
            if now - last_seen >= 60 or "last_seen" not in session:
                session["last_seen"] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """Users of the roles in MFA_REQUIRED_ROLES must set up two-factor authentication before
    they can use anything else."""

    ALLOWED_PREFIXES = ("/konto/", "/static/", "/sprog/", "/health/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and settings.MFA_REQUIRED_ROLES
            and user.has_role(*settings.MFA_REQUIRED_ROLES)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not _has_mfa(user)
        ):
            messages.warning(
                request, _("Your role requires two-factor authentication. Set it up to continue.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    """Danish unless the user chose another language with the switcher (the language cookie).

    The browser's Accept-Language is ignored on purpose: staff on an English-language
    browser still get the Danish product unless they switch."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestIdMiddleware:
    """A random id for each request, on the request (`request.request_id`), in the
    `X-Request-ID` response header, in access-log rows, security events and on the error page,
    so a user's "it went wrong" can be matched to the logs without any personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response
