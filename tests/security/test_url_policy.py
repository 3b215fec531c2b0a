"""Every URL of the project has a declared policy (deny by default), and every cell of the
role × URL matrix holds: allowed roles get the page, roles without the function get 403,
objects outside the user's scope get 404 (no existence leak), anonymous visitors are sent to
the login page except on an explicit allow-list.

ASVS 4.1.3, 4.1.5 and 4.2.1: deny by default, and a check on every object. The tables here
are the harness the other files of tests/security reuse:

- `URL_POLICY`: url name → `Policy` (status of a GET per role, methods, anonymous rule, who
  may POST, which object scope applies).
- `URL_SAMPLES`: url name → kwargs factory over the `world` fixture (tests/security/conftest.py).
- `URL_QUERIES`: the few URLs that need a query string to be a meaningful request.
- `IDOR_SAMPLES`: object URLs → (role, kwargs naming an object of another scope).
- `POST_SAMPLES`: url name → a valid POST body for the role in `Policy.post_as`.

The Django admin and allauth are classified by rule ("admin:*" → staff only; allauth's names
one by one as public or logged-in pages), everything else one by one.
"""

import re
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.security.conftest import ROLES, client_for
from tests.security.support import bugs_for, db_digest, table_counts
from tests.services import require_weasyprint

LOGIN = "login"  # anonymous → 302 to allauth's login page
ADMIN_LOGIN = "admin_login"  # anonymous → 302 to the admin's login page or allauth's
PUBLIC = "public"  # anonymous is served (allow-list)

GET = ("GET",)
GET_POST = ("GET", "POST")
POST = ("POST",)


def cells(default, **by_role):
    """A full row of the matrix: `default` for every role, except those named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {role: by_role.get(role, default) for role in ROLES}


# Rows of the matrix that many URLs share.
CASE_OBJECT = cells(403, bridge_builder=200, teammate=200, other_bridge_builder=404, manager=200)
CASE_LIST = cells(403, bridge_builder=200, teammate=200, other_bridge_builder=200, manager=200)
DIRECTORY = CASE_LIST  # the directory is shared by all bridge-builders, not scoped to a team
MANAGER_CASE_OBJECT = cells(403, manager=200)
SENDERS = cells(403, rehousing_consultant=200, other_rehousing_consultant=200)
ACTOR_CONTACTS = cells(403, actor_contact=200, other_actor_contact=200)
ADDRESSED_ACTOR = cells(403, actor_contact=200, other_actor_contact=404)
EVERY_USER = cells(200)
POST_ONLY = cells(405)
FIGURES = cells(403, manager=200, administrator=200)
AUDITORS = FIGURES
MANAGERS = cells(403, manager=200)
STAFF_ONLY = cells(302, administrator=200)  # non-staff users are sent to the admin login


@dataclass(frozen=True)
class Policy:
    get: dict  # role → status of a GET
    methods: tuple = GET  # the HTTP methods the view accepts
    anonymous: str = LOGIN
    post_as: str | None = None  # a role that may POST (CSRF and fuzz tests post as it)
    # role → status of a POST by a role that must be refused; derived from `get` (its 403 and
    # 404 cells) when not given.
    post: dict | None = None
    scope: str | None = None  # the object scope an IDOR probe checks, if any

    @property
    def refused_posts(self):
        if "POST" not in self.methods:
            return {}
        if self.post is not None:
            return self.post
        return {role: status for role, status in self.get.items() if status in (403, 404)}


def case(get=CASE_OBJECT, methods=GET_POST, post_as="bridge_builder", **kwargs):
    return Policy(get=get, methods=methods, post_as=post_as, scope="household", **kwargs)


CASE_POST_REFUSED = {r: s for r, s in CASE_OBJECT.items() if s in (403, 404)}

APP_POLICY = {
    # --- Project ------------------------------------------------------------------------
    "home": Policy(get=EVERY_USER),
    "health": Policy(get=EVERY_USER, anonymous=PUBLIC),
    # The accessibility statement: public, as the law asks.
    "accessibility": Policy(get=EVERY_USER, anonymous=PUBLIC),
    "notifications": Policy(get=EVERY_USER),
    "notifications_read": Policy(get=POST_ONLY, methods=POST, post_as="bridge_builder", post={}),
    # The page a download resumes on after the password; the file's own view decides access.
    "download": Policy(get=EVERY_USER),
    "postcodes": Policy(get=EVERY_USER),
    # set_language answers a GET with a redirect to the next page and sets nothing.
    "set_language": Policy(
        get=cells(302), methods=GET_POST, anonymous=PUBLIC, post_as="anonymous", post={}
    ),
    # --- Case file ------------------------------------------------------------------------
    # Searches post (a search term in a URL stays in logs and history) and redirect to the list.
    "households:caseload": Policy(get=CASE_LIST, methods=GET_POST, post_as="bridge_builder"),
    "households:create": Policy(get=CASE_LIST, methods=GET_POST, post_as="bridge_builder"),
    # Administrators are sent to the break-the-glass form first: no case scope of their own.
    "households:detail": case(get=CASE_OBJECT | {"administrator": 302}, methods=GET, post_as=None),
    "households:timeline": case(methods=GET, post_as=None),
    "households:edit": case(),
    "households:tenancy": case(),
    "households:member_add": case(),
    "households:member_edit": case(),
    "households:need_add": case(),
    "households:need_edit": case(),
    "households:journal_add": case(),
    "households:journal_detail": case(methods=GET, post_as=None),
    "households:phase_change": case(),
    "households:offer_add": case(),
    "households:offer_edit": case(),
    "households:offer_answer": case(),
    "households:move": case(),
    "households:move_edit": case(),
    "households:close": case(),
    "households:reopen": case(),  # on a closed case (URL_SAMPLES)
    "households:assign": case(get=MANAGER_CASE_OBJECT, post_as="manager"),
    "households:consent_add": case(),
    "households:bridge_add": case(),
    "households:bridge_request": case(get=POST_ONLY, methods=POST, post=CASE_POST_REFUSED),
    "households:bridge_status": case(get=POST_ONLY, methods=POST, post=CASE_POST_REFUSED),
    "households:bridge_reissue": case(get=POST_ONLY, methods=POST, post=CASE_POST_REFUSED),
    # The offer form's live checks (htmx): a partial, nothing saved.
    "households:offer_check": case(get=POST_ONLY, methods=POST, post=CASE_POST_REFUSED),
    # An administrator opens any case with a written reason (logged, shown to the owner).
    "households:break_glass": Policy(
        get=cells(403, administrator=200), methods=GET_POST, post_as="administrator"
    ),
    # --- Directory (shared, not scoped) ---------------------------------------------------
    "actors:directory": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:offer_create": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:offer_detail": Policy(get=DIRECTORY),
    "actors:offer_edit": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:actor_list": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:actor_create": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:actor_detail": Policy(get=DIRECTORY),
    "actors:actor_edit": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:contact_create": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:contact_edit": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:area_list": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:area_detail": Policy(get=DIRECTORY),
    "actors:area_edit": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:local_contact_create": Policy(
        get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"
    ),
    "actors:local_contact_edit": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    "actors:door_hanger": Policy(get=DIRECTORY, methods=GET_POST, post_as="bridge_builder"),
    # --- Referrals --------------------------------------------------------------------------
    "referrals:inbox": Policy(get=CASE_LIST),
    "referrals:mine": Policy(get=SENDERS),
    "referrals:create": Policy(get=SENDERS, methods=GET_POST, post_as="rehousing_consultant"),
    "referrals:import": Policy(get=SENDERS, methods=GET_POST, post_as="rehousing_consultant"),
    "referrals:import_confirm": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="rehousing_consultant",
        post={r: 403 for r in ROLES if "rehousing" not in r},
    ),
    "referrals:import_template": Policy(get=SENDERS),
    # A sent referral: every receiver and its sender; nobody else knows it exists.
    "referrals:detail": Policy(
        get=cells(404, bridge_builder=200, teammate=200, other_bridge_builder=200, manager=200)
        | {"rehousing_consultant": 200},
        scope="referral",
    ),
    # A draft: only its sender edits it; other roles have no such function (403).
    "referrals:edit": Policy(
        get=SENDERS | {"other_rehousing_consultant": 404},
        methods=GET_POST,
        post_as="rehousing_consultant",
        scope="referral",
    ),
    "referrals:send": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="rehousing_consultant",
        post={
            role: 404 if role == "other_rehousing_consultant" else 403
            for role in ROLES
            if role != "rehousing_consultant"
        },
        scope="referral",
    ),
    "referrals:accept": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="bridge_builder",
        post={r: 403 for r in ROLES if CASE_LIST[r] != 200},
    ),
    "referrals:decline": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="bridge_builder",
        post={r: 403 for r in ROLES if CASE_LIST[r] != 200},
    ),
    "referrals:message": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="rehousing_consultant",
        post={
            "other_rehousing_consultant": 404,
            "actor_contact": 404,
            "other_actor_contact": 404,
            "administrator": 404,
        },
        scope="referral",
    ),
    "referrals:withdraw": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="rehousing_consultant",
        post={
            "bridge_builder": 403,
            "teammate": 403,
            "other_bridge_builder": 403,
            "other_rehousing_consultant": 404,
            "actor_contact": 404,
            "other_actor_contact": 404,
            "administrator": 404,
        },
        scope="referral",
    ),
    "referrals:reopen": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="manager",
        post={r: 403 for r in ROLES if r != "manager"},
    ),
    # --- Actor contacts' portal -------------------------------------------------------------
    "portal:queue": Policy(get=ACTOR_CONTACTS),
    "portal:answer": Policy(
        get=ADDRESSED_ACTOR, methods=GET_POST, post_as="actor_contact", scope="bridge_request"
    ),
    # The single-request link: the token is the credential (no session).
    "portal:token_answer": Policy(
        get=EVERY_USER, methods=GET_POST, anonymous=PUBLIC, post_as="anonymous", post={}
    ),
    # --- Follow-ups -------------------------------------------------------------------------
    "followups:tasks": Policy(get=CASE_LIST),
    "followups:detail": Policy(get=CASE_OBJECT, scope="followup"),
    "followups:complete": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="bridge_builder",
        post=CASE_POST_REFUSED,
        scope="followup",
    ),
    "followups:cancel": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="bridge_builder",
        post=CASE_POST_REFUSED,
        scope="followup",
    ),
    "followups:create": case(),
    "followups:preferences": Policy(get=EVERY_USER, methods=GET_POST, post_as="bridge_builder"),
    "followups:calendar_token": Policy(
        get=POST_ONLY, methods=POST, post_as="bridge_builder", post={}
    ),
    "followups:calendar_feed": Policy(get=EVERY_USER, anonymous=PUBLIC, scope="calendar"),
    "followups:events": Policy(get=CASE_LIST),
    "followups:event_create": Policy(get=CASE_LIST, methods=GET_POST, post_as="bridge_builder"),
    # Events are shared; the invitations shown are filtered by the case scope.
    "followups:event_detail": Policy(get=CASE_LIST, methods=GET_POST, post_as="bridge_builder"),
    "followups:invitation_status": Policy(
        get=POST_ONLY,
        methods=POST,
        post_as="bridge_builder",
        post=CASE_POST_REFUSED,
        scope="invitation",
    ),
    # --- Audit and data-subject rights ---------------------------------------------------
    "audit:log": Policy(get=AUDITORS, methods=GET_POST, post_as="manager"),
    "audit:spot_check": Policy(get=AUDITORS),
    "monitor:receiving_areas": Policy(get=FIGURES),
    # Managers see every case, so these have no "other scope" to probe.
    "privacy:export_json": Policy(get=MANAGERS),
    "privacy:export_html": Policy(get=MANAGERS),
    "privacy:export_pdf": Policy(get=MANAGERS),
    "privacy:erase": Policy(get=MANAGERS, methods=GET_POST, post_as="manager"),
    # --- Dashboard --------------------------------------------------------------------------
    "dashboard:index": Policy(get=FIGURES),
    "dashboard:cases": Policy(get=MANAGERS),
    "dashboard:export_figures": Policy(get=FIGURES),
    "dashboard:export_shared_figures": Policy(get=FIGURES),
    "dashboard:export_cases": Policy(get=MANAGERS),
}

# allauth, one by one. Logged-in users asking for the login or signup page are sent home.
AUTH_POLICY = {
    "account_login": Policy(
        get=cells(302), methods=GET_POST, anonymous=PUBLIC, post_as="anonymous", post={}
    ),
    "account_logout": Policy(get=EVERY_USER, methods=GET_POST, post_as="bridge_builder", post={}),
    "account_inactive": Policy(get=EVERY_USER, anonymous=PUBLIC),
    # Signup is closed (brobygning.core.auth.ClosedSignupAccountAdapter).
    "account_signup": Policy(
        get=cells(302), methods=GET_POST, anonymous=PUBLIC, post_as="anonymous", post={}
    ),
    "account_reauthenticate": Policy(
        get=EVERY_USER, methods=GET_POST, post_as="bridge_builder", post={}
    ),
    "account_email": Policy(get=EVERY_USER, methods=GET_POST, post_as="bridge_builder", post={}),
    "account_email_verification_sent": Policy(get=EVERY_USER, anonymous=PUBLIC),
    "account_change_password": Policy(
        get=EVERY_USER, methods=GET_POST, post_as="bridge_builder", post={}
    ),
    # Every user has a password, so "set password" sends them to "change password".
    "account_set_password": Policy(
        get=cells(302), methods=GET_POST, post_as="bridge_builder", post={}
    ),
    "account_reset_password": Policy(
        get=EVERY_USER, methods=GET_POST, anonymous=PUBLIC, post_as="anonymous", post={}
    ),
    # Login by code is off: outside a login in progress the page only redirects.
    "account_confirm_login_code": Policy(
        get=cells(302), methods=GET_POST, post_as="bridge_builder", post={}
    ),
    "account_confirm_email": Policy(
        get=EVERY_USER, methods=GET_POST, anonymous=PUBLIC, post_as="anonymous", post={}
    ),
    "account_reset_password_from_key_done": Policy(get=EVERY_USER, anonymous=PUBLIC),
    "account_reset_password_from_key": Policy(
        get=EVERY_USER, methods=GET_POST, anonymous=PUBLIC, post_as="anonymous", post={}
    ),
    "account_reset_password_done": Policy(get=EVERY_USER, anonymous=PUBLIC),
    # Two-factor authentication (allauth.mfa). Nobody in the world has a TOTP device yet, so
    # the pages about an existing device are 404, and setting one up first asks for the
    # password again (a forced login is not a recent authentication).
    "mfa_index": Policy(get=EVERY_USER),
    "mfa_activate_totp": Policy(get=cells(302), methods=GET_POST, post_as="bridge_builder"),
    "mfa_deactivate_totp": Policy(get=cells(404), methods=GET_POST, post_as="bridge_builder"),
    "mfa_download_recovery_codes": Policy(get=cells(404)),
    "mfa_generate_recovery_codes": Policy(
        get=cells(302), methods=GET_POST, post_as="bridge_builder"
    ),
    "mfa_view_recovery_codes": Policy(get=cells(404)),
    # The second step of a login in progress; outside one it sends the user on.
    "mfa_authenticate": Policy(get=cells(302), methods=GET_POST, post_as="bridge_builder"),
    "mfa_reauthenticate": Policy(get=cells(302), methods=GET_POST, post_as="bridge_builder"),
    # The user's own sessions (allauth.usersessions); a POST logs out the other ones.
    "usersessions_list": Policy(
        get=EVERY_USER, methods=GET_POST, post_as="bridge_builder", post={}
    ),
}

# The Django admin, by rule: staff only (administrators); other users are sent to the admin's
# login page, which refuses them (403) because it is allauth's login flow (lockout, MFA);
# anonymous visitors end on a login page. Exceptions name the pages that behave otherwise.
ADMIN_EXCEPTIONS = {
    "admin:login": Policy(
        get=cells(403, administrator=302),
        methods=GET_POST,
        post_as="administrator",
        post={},
        anonymous=ADMIN_LOGIN,
    ),
    "admin:logout": Policy(
        get=cells(302, administrator=405), methods=POST, post_as="administrator", post={}
    ),
    # "View on site" sends the administrator on to the object's own page.
    "admin:view_on_site": Policy(get=cells(302)),
    # Autocomplete without its parameters is refused.
    "admin:autocomplete": Policy(get=cells(302, administrator=403)),
}
# Rows nobody adds, changes or deletes by hand: the audit trail, which nobody may alter, and
# django-axes' records, which the login flow writes.
ADMIN_NO_ADD = {
    "brobygning_accesslog",
    "auditlog_logentry",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}
# Staff accounts are deactivated instead: the audit trail keeps naming them.
ADMIN_NO_DELETE = {"brobygning_accesslog", "auditlog_logentry", "brobygning_user"}
ADMIN_ACTIONS_WITH_POST = ("_add", "_change", "_delete", "password_change")


def _admin_policy(name):
    if name in ADMIN_EXCEPTIONS:
        return replace(ADMIN_EXCEPTIONS[name], anonymous=ADMIN_LOGIN)
    model, _sep, action = name.removeprefix("admin:").rpartition("_")
    refused = (action == "add" and model in ADMIN_NO_ADD) or (
        action == "delete" and model in ADMIN_NO_DELETE
    )
    writes = name.endswith(ADMIN_ACTIONS_WITH_POST) and not refused
    return Policy(
        get=STAFF_ONLY | ({"administrator": 403} if refused else {}),
        methods=GET_POST if writes else GET,
        post_as="administrator" if writes else None,
        post={} if writes else None,
        anonymous=ADMIN_LOGIN,
    )


# Unnamed patterns: only the admin's own (old-style object redirects and the catch-all).
UNNAMED_ALLOWED = re.compile(r"^admin/")


def walk_patterns(patterns=None, namespace="", prefix=""):
    """(name or None, route) of every pattern of the project, through nested includes."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk_patterns(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, route


def project_url_names():
    return sorted({name for name, _route in walk_patterns() if name})


ADMIN_NAMES = [name for name in project_url_names() if name.startswith("admin:")]

URL_POLICY = {
    **APP_POLICY,
    **AUTH_POLICY,
    **{name: _admin_policy(name) for name in ADMIN_NAMES},
}


# --- Samples: concrete kwargs for every URL -------------------------------------------------


def _own(attr, kwarg="pk"):
    return lambda w: {kwarg: getattr(w.own, attr).pk}


def _case_child(attr, kwarg):
    return lambda w: {"pk": w.own.household.pk, kwarg: getattr(w.own, attr).pk}


def _none(w):
    return {}


URL_SAMPLES = {
    "home": _none,
    "health": _none,
    "notifications": _none,
    "notifications_read": _none,
    "download": _none,
    "postcodes": _none,
    "accessibility": _none,
    "set_language": _none,
    "households:caseload": _none,
    "households:create": _none,
    "households:detail": _own("household"),
    "households:timeline": _own("household"),
    "households:edit": _own("household"),
    "households:tenancy": _own("household"),
    "households:member_add": _own("household"),
    "households:member_edit": _case_child("member", "member_pk"),
    "households:need_add": _own("household"),
    "households:need_edit": _case_child("need", "need_pk"),
    "households:journal_add": _own("household"),
    "households:journal_detail": _case_child("entry", "entry_pk"),
    "households:phase_change": _own("household"),
    "households:offer_add": _own("household"),
    "households:offer_edit": _case_child("offer", "offer_pk"),
    "households:offer_answer": _case_child("offer", "offer_pk"),
    "households:move": _own("household"),
    "households:move_edit": _case_child("move", "move_pk"),
    "households:close": _own("household"),
    "households:reopen": _own("closed_household"),
    "households:assign": _own("household"),
    "households:consent_add": _own("household"),
    "households:bridge_add": _own("household"),
    "households:bridge_request": _case_child("proposed_bridge", "bridge_pk"),
    "households:bridge_status": _case_child("bridge", "bridge_pk"),
    "households:bridge_reissue": _case_child("bridge", "bridge_pk"),
    "households:offer_check": _own("household"),
    "actors:directory": _none,
    "actors:offer_create": _none,
    "actors:offer_detail": _own("support_offer"),
    "actors:offer_edit": _own("support_offer"),
    "actors:actor_list": _none,
    "actors:actor_create": _none,
    "actors:actor_detail": _own("actor"),
    "actors:actor_edit": _own("actor"),
    "actors:contact_create": _own("actor"),
    "actors:contact_edit": lambda w: {"pk": w.own.actor.pk, "contact_pk": w.own.contact.pk},
    "actors:area_list": _none,
    "actors:area_detail": lambda w: {"pk": w.directory.area.pk},
    "actors:area_edit": lambda w: {"pk": w.directory.area.pk},
    "actors:local_contact_create": lambda w: {"pk": w.directory.area.pk},
    "actors:local_contact_edit": lambda w: {
        "pk": w.directory.area.pk,
        "contact_pk": w.directory.local_contact.pk,
    },
    "actors:door_hanger": lambda w: {"pk": w.directory.area.pk},
    "monitor:receiving_areas": _none,
    "referrals:inbox": _none,
    "referrals:mine": _none,
    "referrals:create": _none,
    "referrals:import": _none,
    "referrals:import_confirm": _none,
    "referrals:import_template": _none,
    "referrals:detail": _own("referral"),
    "referrals:edit": _own("draft_referral"),
    "referrals:send": _own("draft_referral"),
    "referrals:accept": _own("referral"),
    "referrals:decline": _own("referral"),
    "referrals:message": _own("referral"),
    "referrals:withdraw": _own("referral"),
    "referrals:reopen": _own("declined_referral"),
    "portal:queue": _none,
    "portal:answer": _own("bridge"),
    "portal:token_answer": lambda w: {"token": w.own.bridge.answer_token},
    "followups:tasks": _none,
    "followups:detail": _own("followup"),
    "followups:complete": _own("followup"),
    "followups:cancel": _own("followup"),
    "followups:create": _own("household", "household_pk"),
    "followups:preferences": _none,
    "followups:calendar_token": _none,
    "followups:calendar_feed": lambda w: {"token": w.own.calendar_token.token},
    "followups:events": _none,
    "followups:event_create": _none,
    "followups:event_detail": lambda w: {"pk": w.event.pk},
    "followups:invitation_status": _own("invitation"),
    "dashboard:index": _none,
    "dashboard:cases": _none,
    "dashboard:export_figures": lambda w: {"fmt": "csv"},
    "dashboard:export_shared_figures": lambda w: {"fmt": "csv"},
    "dashboard:export_cases": lambda w: {"fmt": "csv"},
    "account_login": _none,
    "account_logout": _none,
    "account_inactive": _none,
    "account_signup": _none,
    "account_reauthenticate": _none,
    "account_email": _none,
    "account_email_verification_sent": _none,
    "account_change_password": _none,
    "account_set_password": _none,
    "account_reset_password": _none,
    "account_confirm_login_code": _none,
    "account_confirm_email": lambda w: {"key": "not-a-real-key"},
    "account_reset_password_from_key_done": _none,
    "account_reset_password_from_key": lambda w: {"uidb36": "1", "key": "not-a-real-key"},
    "account_reset_password_done": _none,
    "mfa_index": _none,
    "mfa_activate_totp": _none,
    "mfa_deactivate_totp": _none,
    "mfa_download_recovery_codes": _none,
    "mfa_generate_recovery_codes": _none,
    "mfa_view_recovery_codes": _none,
    "mfa_authenticate": _none,
    "mfa_reauthenticate": _none,
    "usersessions_list": _none,
    "households:break_glass": _own("household"),
    "audit:log": _none,
    "audit:spot_check": _none,
    "privacy:export_json": _own("household"),
    "privacy:export_html": _own("household"),
    "privacy:export_pdf": _own("household"),
    "privacy:erase": _own("household"),
}

# A GET without these is a 400 (a case list needs the figure it lists).
URL_QUERIES = {
    "download": {"file": "/oversigt/eksport/tal.csv"},
    "dashboard:cases": {"figure": "open"},
    "dashboard:export_cases": {"figure": "open"},
}


def _admin_sample(name):
    """kwargs for an admin URL, found from its name ("admin:<app>_<model>_<view>")."""
    if name == "admin:app_list":
        return lambda w: {"app_label": "actors"}
    if name == "admin:view_on_site":
        return lambda w: {
            "content_type_id": ContentType.objects.get_for_model(w.own.actor).pk,
            "object_id": w.own.actor.pk,
        }
    if name == "admin:auth_user_password_change":
        return lambda w: {"id": w.administrator.pk}
    match = re.fullmatch(r"admin:(\w+?)_(\w+)_(change|delete|history)", name)
    if not match:
        return _none
    app_label, model_name, _view = match.groups()

    def sample(w):
        model = apps.get_model(app_label, model_name)
        return {"object_id": model.objects.order_by("pk").values_list("pk", flat=True)[0]}

    return sample


URL_SAMPLES.update({name: _admin_sample(name) for name in ADMIN_NAMES})


def url_for(name, world, kwargs=None):
    kwargs = URL_SAMPLES[name](world) if kwargs is None else kwargs
    url = reverse(name, kwargs=kwargs)
    if name in URL_QUERIES:
        from urllib.parse import urlencode

        url += "?" + urlencode(URL_QUERIES[name])
    return url


# --- IDOR: the same URL with an id of another scope -----------------------------------------


def _other_case(*children):
    """The other team's household, or our household with a child object of the other's."""

    def build(w):
        return {"pk": w.other.household.pk, **{k: getattr(w.other, a).pk for k, a in children}}

    return build


def _mixed(kwarg, attr):
    """Our own household, but a child object (member, need…) of the other team's case."""
    return lambda w: {"pk": w.own.household.pk, kwarg: getattr(w.other, attr).pk}


HOUSEHOLD_CHILDREN = {
    "households:member_edit": ("member_pk", "member"),
    "households:need_edit": ("need_pk", "need"),
    "households:journal_detail": ("entry_pk", "entry"),
    "households:offer_edit": ("offer_pk", "offer"),
    "households:offer_answer": ("offer_pk", "offer"),
    "households:move_edit": ("move_pk", "move"),
    "households:bridge_request": ("bridge_pk", "proposed_bridge"),
    "households:bridge_status": ("bridge_pk", "bridge"),
    "households:bridge_reissue": ("bridge_pk", "bridge"),
}

IDOR_SAMPLES = {}
for _name, _policy in APP_POLICY.items():
    if _policy.scope != "household":
        continue
    if _name == "households:reopen":
        IDOR_SAMPLES[_name] = [("bridge_builder", lambda w: {"pk": w.other.closed_household.pk})]
    elif _name == "households:assign":
        continue  # managers see every case: no "other scope" for the one role allowed
    elif _name == "followups:create":
        IDOR_SAMPLES[_name] = [("bridge_builder", lambda w: {"household_pk": w.other.household.pk})]
    elif _name in HOUSEHOLD_CHILDREN:
        kwarg, attr = HOUSEHOLD_CHILDREN[_name]
        IDOR_SAMPLES[_name] = [
            ("bridge_builder", _other_case((kwarg, attr))),
            ("bridge_builder", _mixed(kwarg, attr)),
        ]
    else:
        IDOR_SAMPLES[_name] = [("bridge_builder", _other_case())]
IDOR_SAMPLES.update(
    {
        # The other consultant's referrals (sent and draft) for our consultant.
        "referrals:detail": [("rehousing_consultant", lambda w: {"pk": w.other.referral.pk})],
        "referrals:edit": [("rehousing_consultant", lambda w: {"pk": w.other.draft_referral.pk})],
        "referrals:send": [("rehousing_consultant", lambda w: {"pk": w.other.draft_referral.pk})],
        "referrals:message": [("rehousing_consultant", lambda w: {"pk": w.other.referral.pk})],
        "referrals:withdraw": [("rehousing_consultant", lambda w: {"pk": w.other.referral.pk})],
        # Drafts are the sender's alone, also for receivers.
        "referrals:accept": [("bridge_builder", lambda w: {"pk": w.own.draft_referral.pk})],
        "referrals:decline": [("bridge_builder", lambda w: {"pk": w.own.draft_referral.pk})],
        # A request addressed to another actor.
        "portal:answer": [("actor_contact", lambda w: {"pk": w.other.bridge.pk})],
        "followups:detail": [("bridge_builder", lambda w: {"pk": w.other.followup.pk})],
        "followups:complete": [("bridge_builder", lambda w: {"pk": w.other.followup.pk})],
        "followups:cancel": [("bridge_builder", lambda w: {"pk": w.other.followup.pk})],
        "followups:invitation_status": [
            ("bridge_builder", lambda w: {"pk": w.other.invitation.pk})
        ],
    }
)

# Markers of the other scope that must not appear in a refused response.
OTHER_MARKERS = ("Familien Syd", "Henvist Syd", "Kladde Syd", "BarnSyd", "VoksenSyd")


# --- Valid POST bodies ------------------------------------------------------------------------


def _today(days=0):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _household_fields(w):
    return {
        "display_name": "Familien Ny",
        "origin_area": w.own.household.origin_area_id,
        "origin_address": "Granparken 9, 5240 Odense NØ",
        "rehousing_kind": "permanent",
        "rehousing_scope": "external",
        "current_rent": "5200",
        "preferred_language": "dansk",
    }


def _offer_fields(w):
    offer = w.own.offer
    return {
        "address": "Kongensgade 99, 5000 Odense C",
        "receiving_area": offer.receiving_area_id,
        "housing_organisation": offer.housing_organisation_id,
        "rooms": "4",
        "net_rent": "5600",
        "offered_on": _today(),
        "answer_deadline": _today(14),
        "status": "offered",
    }


def _referral_fields(w):
    return {
        "display_name": "Familien Henvist Ny",
        "origin_area": w.own.household.origin_area_id,
        "origin_address": "Granparken 7, 5240 Odense NØ",
        "reason": "Mister støtte ved flytning",
        "urgency": "normal",
        "consent_given_on": _today(),
        "consent_method": "written",
    }


POST_SAMPLES = {
    "notifications_read": _none,
    "households:caseload": lambda w: {"q": w.own.household.display_name},
    "actors:directory": lambda w: {"q": "Lektie", "need": "school"},
    "actors:actor_list": lambda w: {"q": w.own.actor.name},
    "actors:area_list": lambda w: {"q": w.directory.area.name},
    "actors:door_hanger": lambda w: {"opgang": "Opgang 3", "sprog": ""},
    "audit:log": lambda w: {"household": w.own.household.reference},
    "set_language": lambda w: {"language": "en", "next": "/"},
    "households:create": _household_fields,
    "households:edit": lambda w: {**_household_fields(w), "version": w.own.household.version},
    "households:tenancy": lambda w: {
        "old_rooms": "3",
        "current_rent": "5100",
        "notice_months": "3",
        "version": w.own.household.version,
    },
    "households:member_add": lambda w: {
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-first_name": "Yasmin",
        "members-0-birth_year": "1990",
        "members-0-relation": "partner",
    },
    "households:member_edit": lambda w: {
        "first_name": "Yasmin",
        "birth_year": "1990",
        "relation": "applicant",
    },
    "households:need_add": lambda w: {"category": "economy", "status": "identified"},
    "households:need_edit": lambda w: {"category": "daycare", "status": "met"},
    "households:journal_add": lambda w: {
        "kind": "home_visit",
        "occurred_on": _today(),
        "note": "Hjemmebesøg",
        "confidentiality": "normal",
    },
    "households:phase_change": lambda w: {
        "to_phase": "2_options",
        "expected_phase": "1_first_contact",
    },
    "households:offer_add": _offer_fields,
    "households:offer_edit": _offer_fields,
    "households:offer_answer": lambda w: {"status": "accepted", "answered_on": _today()},
    "households:move": lambda w: {
        "moved_on": _today(20),
        "new_address": "Kongensgade 1, 5000 Odense C",
        "receiving_area": w.own.offer.receiving_area_id,
    },
    "households:move_edit": lambda w: {"moved_on": _today(40)},
    "households:close": lambda w: {
        "closed_on": _today(),
        "practical_in_order": "on",
        "no_longer_asks_for_help": "on",
        "justification": "Familien ønsker at afslutte",
    },
    "households:reopen": lambda w: {"to_phase": "8_ongoing", "reason": "Ny henvendelse"},
    "households:assign": lambda w: {"bridge_builder": w.teammate.pk},
    "households:consent_add": lambda w: {
        "given_on": _today(),
        "method": "written",
        "covers_all_actors": "on",
    },
    "households:bridge_add": lambda w: {"local_contact": w.directory.local_contact.pk},
    "households:bridge_request": _none,
    "households:bridge_status": lambda w: {"status": "ended", "note": "Afsluttet"},
    "households:bridge_reissue": _none,
    "households:offer_check": lambda w: {"rooms": "2", "net_rent": "5000"},
    "actors:offer_create": lambda w: {
        "actor": w.own.actor.pk,
        "name": "Lektiecafé",
        "need_categories": ["school"],
        "is_active": "on",
    },
    "actors:offer_edit": lambda w: {
        "actor": w.own.actor.pk,
        "name": "Lektiecafé",
        "need_categories": ["school"],
        "is_active": "on",
    },
    "actors:actor_create": lambda w: {"name": "Ny forening", "kind": "ngo", "is_active": "on"},
    "actors:actor_edit": lambda w: {"name": "Ændret navn", "kind": "ngo", "is_active": "on"},
    "actors:contact_create": lambda w: {"name": "Ny kontakt", "is_active": "on"},
    "actors:contact_edit": lambda w: {"name": "Ændret kontakt", "is_active": "on"},
    "actors:area_edit": lambda w: {"facilities": "Bibliotek", "homes_count": "400"},
    "actors:local_contact_create": lambda w: {"name": "Klubben", "kind": "club"},
    "actors:local_contact_edit": lambda w: {"name": "Klubben", "kind": "club"},
    "referrals:create": _referral_fields,
    "referrals:edit": _referral_fields,
    "referrals:import": _none,
    "referrals:import_confirm": _none,
    "referrals:send": _none,
    "referrals:accept": lambda w: {"bridge_builder": w.bridge_builder.pk},
    "referrals:decline": lambda w: {"reason": "other", "note": "Ikke målgruppen"},
    "referrals:message": lambda w: {"text": "Familien har fået tolk."},
    "referrals:withdraw": _none,
    "referrals:reopen": lambda w: {"note": "Ny vurdering"},
    "portal:answer": lambda w: {"decision": "confirm", "text": "Plads fra 1. august"},
    "portal:token_answer": lambda w: {"decision": "confirm", "text": "Plads fra 1. august"},
    "followups:complete": lambda w: {"outcome_note": "Ringet"},
    "followups:cancel": lambda w: {"reason": "Ikke længere relevant"},
    "followups:create": lambda w: {
        "title": "Ring om skole",
        "due_on": _today(5),
        "assignee": w.bridge_builder.pk,
    },
    "followups:preferences": lambda w: {"reminder": "in_app", "escalation": "in_app"},
    "followups:calendar_token": lambda w: {"action": "renew"},
    "followups:event_create": lambda w: {
        "kind": "open_house",
        "title": "Åbent hus",
        "starts_at": (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Beboerhuset",
    },
    "followups:event_detail": lambda w: {"household": w.own.spare_household.pk},
    "followups:invitation_status": lambda w: {"status": "accepted"},
    "households:break_glass": lambda w: {"reason": "Klage fra familien skal behandles"},
    "privacy:erase": lambda w: {
        "reason": "Familien bad skriftligt om sletning",
        "confirm_reference": w.own.household.reference,
    },
}
# The edit forms and the row each edits: their POSTs carry the row's version, as the form
# does (optimistic locking; tests/security/test_lost_updates.py refuses a stale one).
EDITED_ROWS = {
    "households:edit": lambda w: w.own.household,
    "households:tenancy": lambda w: w.own.household,
    "households:member_edit": lambda w: w.own.member,
    "households:need_edit": lambda w: w.own.need,
    "households:offer_edit": lambda w: w.own.offer,
    "households:move_edit": lambda w: w.own.move,
    "actors:offer_edit": lambda w: w.own.support_offer,
    "actors:actor_edit": lambda w: w.own.actor,
    "actors:contact_edit": lambda w: w.own.contact,
    "actors:area_edit": lambda w: w.directory.area,
    "actors:local_contact_edit": lambda w: w.directory.local_contact,
    "referrals:edit": lambda w: w.own.draft_referral,
}


def _with_version(fields, row):
    def build(w):
        edited = row(w)
        version = type(edited)._base_manager.values_list("version", flat=True).get(pk=edited.pk)
        return {**fields(w), "version": version}

    return build


POST_SAMPLES.update(
    {name: _with_version(POST_SAMPLES[name], EDITED_ROWS[name]) for name in EDITED_ROWS}
)

# POSTs that write nothing even when they succeed (they keep state in the session or cookie,
# or update rows in place), so the CSRF positive control expects no new rows from them.
POSTS_WITHOUT_NEW_ROWS = {
    "notifications_read",
    "set_language",
    "referrals:import",
    "referrals:import_confirm",
    # Searches keep their criteria in the session and log to the access log.
    "households:caseload",
    "actors:directory",
    "actors:actor_list",
    "actors:area_list",
    "actors:door_hanger",
    "audit:log",
    # The offer form's live checks read and render; they write nothing.
    "households:offer_check",
}


def post_data(name, world):
    return POST_SAMPLES.get(name, _none)(world)


# --- Tests --------------------------------------------------------------------------------


def _matrix_params():
    params = []
    for name in sorted(set(URL_POLICY) - set(ADMIN_NAMES)):
        for role in ROLES:
            marks = bugs_for("get", name, role)
            params.append(pytest.param(name, role, id=f"{name}-{role}", marks=marks))
    return params


def test_every_url_name_in_the_project_has_a_policy():
    names = set(project_url_names())
    missing = sorted(names - set(URL_POLICY))
    stale = sorted(set(URL_POLICY) - names)
    assert not missing, f"URLs without a policy (deny by default: add them): {missing}"
    assert not stale, f"Policies for URLs that no longer exist: {stale}"


def test_every_url_name_has_a_sample_and_every_policy_row_names_every_role():
    assert set(URL_SAMPLES) >= set(URL_POLICY)
    for name, policy in URL_POLICY.items():
        assert set(policy.get) == set(ROLES), name
        assert set(policy.methods) <= {"GET", "POST"}, name
        if "POST" in policy.methods:
            assert policy.post_as, f"{name} accepts POST: name a role that may POST"


def test_every_url_pattern_is_named_except_the_admins_own_redirects():
    unnamed = [route for name, route in walk_patterns() if not name]
    assert all(UNNAMED_ALLOWED.match(route) for route in unnamed), unnamed


@pytest.mark.parametrize(("url_name", "role"), _matrix_params())
def test_each_role_gets_the_declared_status_on_every_url(world, role_clients, url_name, role):
    expected = URL_POLICY[url_name].get[role]
    if url_name == "privacy:export_pdf" and expected == 200:
        require_weasyprint()
    response = role_clients[role].get(url_for(url_name, world))
    assert response.status_code == expected


@pytest.mark.parametrize(
    "url_name", [pytest.param(n, marks=bugs_for("get", n)) for n in ADMIN_NAMES]
)
def test_each_role_gets_the_declared_status_on_every_admin_url(world, role_clients, url_name):
    """The admin's cells, one test per URL over all roles (the rule is the same for every
    non-staff role; a test per cell would only multiply the set-up cost)."""
    url = url_for(url_name, world)
    got, login = {}, reverse("admin:login")
    for role in ROLES:
        response = role_clients[role].get(url)
        got[role] = response.status_code
        if response.status_code == 302 and url_name not in ADMIN_EXCEPTIONS:
            assert response["Location"].startswith(login), role
    assert got == URL_POLICY[url_name].get


@pytest.mark.parametrize(
    "url_name",
    [
        pytest.param(n, marks=bugs_for("anonymous", n, "anonymous"))
        for n in sorted(URL_POLICY)
        if URL_POLICY[n].anonymous != PUBLIC
    ],
)
def test_anonymous_visitor_is_sent_to_login_from_every_url_off_the_allow_list(world, url_name):
    policy = URL_POLICY[url_name]
    client = client_for(world, "anonymous")
    url = url_for(url_name, world)
    logins = (reverse("account_login"),)
    if policy.anonymous == ADMIN_LOGIN:
        logins += (reverse("admin:login"),)
    for method in policy.methods:
        response = getattr(client, method.lower())(url)
        assert response.status_code == 302, method
        assert response["Location"].startswith(logins), method


@pytest.mark.parametrize(
    "url_name", sorted(n for n, p in URL_POLICY.items() if p.anonymous == PUBLIC)
)
def test_pages_on_the_allow_list_answer_anonymous_visitors_without_a_login(world, url_name):
    response = client_for(world, "anonymous").get(url_for(url_name, world))
    assert response.status_code < 400
    if response.status_code == 302:
        assert not response["Location"].startswith(reverse("account_login") + "?next=")


def test_the_allow_list_is_exactly_the_agreed_one():
    public = {n for n, p in URL_POLICY.items() if p.anonymous == PUBLIC}
    assert public == {
        "health",
        "accessibility",  # the accessibility statement, public by law
        "set_language",
        "followups:calendar_feed",
        "portal:token_answer",
        # allauth's pages of the login and password-reset flows
        "account_login",
        "account_signup",  # closed: shows that signup is closed
        "account_inactive",
        "account_email_verification_sent",
        "account_confirm_email",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
    }


def _idor_params():
    params = []
    for name, probes in sorted(IDOR_SAMPLES.items()):
        for index, (role, _kwargs) in enumerate(probes):
            marks = bugs_for("idor", name, role)
            params.append(pytest.param(name, index, id=f"{name}-{role}-{index}", marks=marks))
    return params


def test_every_object_url_in_a_scope_has_an_idor_probe():
    scoped = {n for n, p in APP_POLICY.items() if p.scope in ("household", "referral", "followup")}
    scoped |= {"portal:answer", "followups:invitation_status"}
    assert scoped - {"households:assign"} <= set(IDOR_SAMPLES)


@pytest.mark.parametrize(("url_name", "index"), _idor_params())
def test_an_id_from_another_scope_gives_404_and_changes_nothing(world, url_name, index):
    role, kwargs = IDOR_SAMPLES[url_name][index]
    policy = URL_POLICY[url_name]
    client = client_for(world, role)
    url = url_for(url_name, world, kwargs(world))
    before = db_digest()
    for method in policy.methods:
        data = post_data(url_name, world) if method == "POST" else None
        response = getattr(client, method.lower())(url, data)
        assert response.status_code == 404, method
        body = response.content.decode(errors="replace")
        assert not any(marker in body for marker in OTHER_MARKERS), method
    assert db_digest() == before


def _refused_post_params():
    params = []
    for name in sorted(APP_POLICY):
        for role, status in APP_POLICY[name].refused_posts.items():
            if status is None:
                continue
            marks = bugs_for("post", name, role)
            params.append(pytest.param(name, role, id=f"{name}-{role}", marks=marks))
    return params


@pytest.mark.parametrize(("url_name", "role"), _refused_post_params())
def test_a_role_without_the_function_cannot_post_and_changes_nothing(world, url_name, role):
    """The forbidden POST cells: a valid body from the wrong role is refused (403 for a role
    without the function, 404 for an object outside the user's scope) and writes nothing."""
    expected = APP_POLICY[url_name].refused_posts[role]
    client = client_for(world, role)
    before = db_digest()
    response = client.post(url_for(url_name, world), post_data(url_name, world))
    assert response.status_code == expected
    assert db_digest() == before


@pytest.mark.parametrize(
    "url_name", sorted(n for n, p in APP_POLICY.items() if "POST" not in p.methods)
)
def test_read_only_urls_refuse_post(world, url_name):
    role = next(r for r in ROLES if URL_POLICY[url_name].get[r] == 200)
    response = client_for(world, role).post(url_for(url_name, world))
    assert response.status_code == 405


@pytest.mark.parametrize("url_name", sorted(set(APP_POLICY) - {"set_language"}))
def test_no_url_of_the_app_accepts_put_patch_or_delete(world, url_name):
    """(Django's own set_language is left out: it treats any method but POST as a GET.)"""
    policy = URL_POLICY[url_name]
    role = policy.post_as if policy.post_as and policy.post_as != "anonymous" else None
    role = role or next((r for r in ROLES if policy.get[r] == 200), "bridge_builder")
    client = client_for(world, role)
    url = url_for(url_name, world)
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405, method


def test_signup_is_closed_so_posting_the_form_creates_no_user(world):
    from brobygning.core.models import User

    before = User.objects.count()
    client_for(world, "anonymous").post(
        reverse("account_signup"),
        {
            "username": "indtrænger",
            "password1": "x-Long-Passw0rd!",
            "password2": "x-Long-Passw0rd!",
        },
    )
    assert User.objects.count() == before


def test_task_list_shows_no_case_outside_the_users_scope(world):
    """A follow-up of our case assigned to a bridge-builder of another team must not put our
    household's name on their task list (they cannot open it either)."""
    from tests.factories import FollowUpFactory

    FollowUpFactory(household=world.own.household, assignee=world.other_bridge_builder)
    html = client_for(world, "other_bridge_builder").get(reverse("followups:tasks")).content
    assert world.own.household.display_name not in html.decode()


def test_calendar_feed_carries_no_case_outside_the_users_scope(world):
    from tests.factories import FollowUpFactory

    FollowUpFactory(household=world.own.household, assignee=world.other_bridge_builder)
    feed = reverse("followups:calendar_feed", args=[world.other.calendar_token.token])
    body = client_for(world, "anonymous").get(feed).content.decode()
    assert world.own.household.reference not in body


def test_each_table_counted_by_the_harness_exists(world):
    assert table_counts()


def _int_kwarg_urls():
    names = []
    for name in sorted(APP_POLICY):
        pattern = dict(walk_patterns()).get(name, "")
        if "<int:" in pattern:
            names.append(name)
    return names


@pytest.mark.parametrize(
    "url_name", [pytest.param(n, marks=bugs_for("overflow", n)) for n in _int_kwarg_urls()]
)
# 0 too: auto-increment ids start at 1, and a view testing `if pk:` would take 0 for "new".
@pytest.mark.parametrize("bad_id", [0, 999_999_999, 2**63, 2**64])
def test_an_id_that_cannot_exist_gives_404_not_a_server_error(world, url_name, bad_id):
    policy = URL_POLICY[url_name]
    kwargs = {key: bad_id for key, value in URL_SAMPLES[url_name](world).items()}
    role = next((r for r in ROLES if policy.get[r] == 200), policy.post_as)
    client = client_for(world, role)
    url = reverse(url_name, kwargs=kwargs)
    for method in policy.methods:
        response = getattr(client, method.lower())(
            url, post_data(url_name, world) if method == "POST" else None
        )
        assert response.status_code == 404, method


# --- Crawl and replay: every role, every URL, every method -------------------------------------

CRAWL_START = ("home", "households:caseload", "followups:tasks", "referrals:inbox")
NARROW_ROLES = tuple(r for r in ROLES if r not in ("bridge_builder", "teammate", "manager"))
LINK = re.compile(r"""href="(/[^"#]*)\"""")


def _crawl(client, start, limit=90):
    """Internal links reachable from `start` (breadth first), two per URL name at most."""
    from django.urls import Resolver404, resolve

    queue, seen, per_name, found = list(start), set(start), {}, []
    while queue and len(found) < limit:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link in seen or link.startswith(("/static/", "/konto/logout")):
                continue
            seen.add(link)
            try:
                name = resolve(link.split("?")[0]).view_name
            except Resolver404:
                continue
            if per_name.get(name, 0) >= 2:
                continue
            per_name[name] = per_name.get(name, 0) + 1
            found.append((name, link))
            queue.append(link)
    return found


def _expected_for_link(world, name, link, role):
    """The policy cell, with the one relation that depends on the object rather than the
    role: a referral is its sender's (the cells of the two consultants swap for the other
    consultant's referral)."""
    from django.urls import resolve

    from referrals.models import Referral

    expected = URL_POLICY[name].get[role]
    if name == "referrals:detail" and "rehousing_consultant" in role:
        sender = Referral.objects.get(pk=resolve(link.split("?")[0]).kwargs["pk"]).sender
        expected = 200 if sender == getattr(world, role) else 404
    return expected


def test_every_link_a_bridge_builder_sees_gives_narrow_roles_exactly_their_policy(world):
    """Replays the URLs found while crawling as the case's bridge-builder (real ids, not the
    samples) as every narrower role: each gets its cell of `URL_POLICY`, so no page is
    reachable by a role just because it was never in a sample."""
    crawled = _crawl(client_for(world, "bridge_builder"), [reverse(n) for n in CRAWL_START])
    names = {name for name, _link in crawled}
    assert {"households:detail", "households:journal_detail", "referrals:detail"} <= names
    clients = {role: client_for(world, role) for role in NARROW_ROLES}
    wrong = {}
    for name, link in crawled:
        if name.startswith("admin:") or name not in URL_POLICY:
            continue
        for role, client in clients.items():
            expected = _expected_for_link(world, name, link, role)
            status = client.get(link).status_code
            if status != expected:
                wrong[(link, role)] = (status, expected)
    assert wrong == {}


def test_a_referral_naming_someone_elses_case_does_not_open_its_notes_once_accepted(world):
    """Consultant 2 names team Nord's case in a referral; a bridge-builder of team Syd, who
    cannot see that case, accepts it. Consultant 2 must still not read team Nord's notes."""
    from referrals.models import Referral

    own = world.own
    own.entry.note, own.entry.shared_with_referrer = "MRK-SHARED-NOTE", True
    own.entry.save()
    sender = client_for(world, "other_rehousing_consultant")
    before = set(Referral.objects.values_list("pk", flat=True))
    sender.post(
        reverse("referrals:create"),
        {
            **post_data("referrals:create", world),
            "existing_reference": own.household.reference,
            "action": "send",
        },
    )
    for referral in Referral.objects.exclude(pk__in=before):
        client_for(world, "other_bridge_builder").post(
            reverse("referrals:accept", args=[referral.pk]),
            {"bridge_builder": world.other_bridge_builder.pk},
        )
        html = sender.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
        assert "MRK-SHARED-NOTE" not in html


def test_a_consultant_cannot_link_a_referral_to_another_consultants_case_to_read_it(world):
    """The notes a bridge-builder shares go to the consultant who referred the household,
    not to any consultant who types the case's reference into a new referral."""
    from referrals.models import Referral

    own = world.own
    own.entry.note, own.entry.shared_with_referrer = "MRK-SHARED-NOTE", True
    own.entry.save()
    own.referral.household, own.referral.status = own.household, "accepted"
    own.referral.assigned_to = world.bridge_builder
    own.referral.save()

    client = client_for(world, "other_rehousing_consultant")
    before = set(Referral.objects.values_list("pk", flat=True))
    client.post(
        reverse("referrals:create"),
        {**post_data("referrals:create", world), "existing_reference": own.household.reference},
    )
    for referral in Referral.objects.exclude(pk__in=before):
        html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
        assert "MRK-SHARED-NOTE" not in html
        assert own.household.get_phase_display() not in html


# --- Cells that depend on the object's state (#21 items 1 and 2) ----------------------------

# A bridge is the addressed actor's to read only while it is sent under a consent covering
# that actor: in any other state its contact gets 404 like everyone's contact, the single
# link is gone (410), and the other roles keep their 403.
NOT_SHARED = cells(403, actor_contact=404, other_actor_contact=404)
PORTAL_STATES = {
    "proposed": {"status": "proposed"},
    "declined": {"status": "declined", "answer": "Ingen plads"},
    "ended": {"status": "ended"},
    "requested_without_consent": {"consent": None},
    "requested_with_withdrawn_consent": {"consent": "withdrawn"},
}


def _put_in_state(bridge, state):
    state = dict(state)
    consent = state.pop("consent", "kept")
    for field, value in state.items():
        setattr(bridge, field, value)
    bridge.save()
    if consent is None:
        bridge.household.consents.all().delete()
    elif consent == "withdrawn":
        for row in bridge.household.consents.all():
            row.withdrawn_on = timezone.localdate()
            row.save()


@pytest.mark.parametrize("state", sorted(PORTAL_STATES))
def test_the_portal_cells_of_a_bridge_not_shared_with_its_actor(world, role_clients, state):
    _put_in_state(world.own.bridge, PORTAL_STATES[state])
    answer = url_for("portal:answer", world)
    got = {role: role_clients[role].get(answer).status_code for role in ROLES}
    assert got == NOT_SHARED
    link = url_for("portal:token_answer", world)
    assert client_for(world, "anonymous").get(link).status_code == 410


def test_the_portal_cells_of_a_request_sent_under_consent(world, role_clients):
    answer = url_for("portal:answer", world)
    got = {role: role_clients[role].get(answer).status_code for role in ROLES}
    assert got == URL_POLICY["portal:answer"].get == ADDRESSED_ACTOR


@pytest.mark.parametrize("role", [r for r in ROLES if DIRECTORY[r] == 200])
def test_moving_an_offer_to_another_actor_is_a_managers_act_and_leaves_its_requests(
    world, role_clients, role
):
    """Each directory role posts the offer's edit form naming the other team's actor: only
    the manager moves the offer, and the request already sent stays with the actor the
    household consented to (its contact 200, the new actor's contact 404)."""
    offer = world.own.support_offer
    body = {**post_data("actors:offer_edit", world), "actor": world.other.actor.pk}
    response = client_for(world, role).post(url_for("actors:offer_edit", world), body)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.actor == (world.other.actor if role == "manager" else world.own.actor)
    answer = url_for("portal:answer", world)
    assert role_clients["actor_contact"].get(answer).status_code == 200
    assert role_clients["other_actor_contact"].get(answer).status_code == 404


# An accepted referral is part of its case (#21 item 17, #17 item 4): it follows the case's
# visibility, so a bridge-builder of another team gets 404; its sender still follows it.
ACCEPTED_REFERRAL = cells(
    404, bridge_builder=200, teammate=200, manager=200, rehousing_consultant=200
)


def test_the_cells_of_a_referral_accepted_into_a_case(world, role_clients):
    referral = world.own.referral
    referral.status, referral.household = "accepted", world.own.household
    referral.assigned_to, referral.answered_at = world.bridge_builder, timezone.now()
    referral.save()
    url = reverse("referrals:detail", args=[referral.pk])
    got = {role: role_clients[role].get(url).status_code for role in ROLES}
    assert got == ACCEPTED_REFERRAL
    outsider, before = client_for(world, "other_bridge_builder"), db_digest()
    for name in ("referrals:message", "referrals:withdraw", "referrals:accept"):
        response = outsider.post(reverse(name, args=[referral.pk]), post_data(name, world))
        assert response.status_code == 404, name
    assert db_digest() == before
