"""Security headers on every kind of response, for every role (ASVS 14.4,
8.2.1).

`manage.py check --deploy --fail-level WARNING` with the production environment is already
tested in tests/core/test_settings.py
(`test_production_passes_the_deployment_checklist_without_warnings`); it is not repeated
here, only guarded against being removed. What `check --deploy` cannot see is checked here:
the headers actually sent on every URL of `URL_POLICY` for every role (pages, error pages,
redirects, downloads), the per-response script nonce of the Content-Security-Policy, and HSTS
and the `__Host-` cookies with the production settings, against the usual
cookie names of the plain-http demo.
"""

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from tests.factories import PASSWORD
from tests.security.conftest import ROLES, client_for
from tests.security.support import bugs_for
from tests.security.test_url_policy import URL_POLICY, url_for

HEADERS_ROLES = ("anonymous", *ROLES)


def _directives(policy):
    """{'script-src': ["'self'"], ...} from a Content-Security-Policy header."""
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        if part.strip():
            directives[name.lower()] = values
    return directives


NONCE_SOURCE = re.compile(r"^'nonce-([A-Za-z0-9+/]{22}==)'$")
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
# allauth's own pages (e-mail addresses, recovery codes) load allauth's scripts from 'self'
# without a nonce, and JSON data blocks never run: the only script tags without our nonce.
THIRD_PARTY_SCRIPT = re.compile(r'src="/static/(account|mfa)/|type="application/json"')


def assert_security_headers(response, *, authenticated):
    """The headers every response must carry; returns the nonce of its script-src."""
    where = f"{response.request['PATH_INFO']} → {response.status_code}"
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", where
    policy = response.get("Content-Security-Policy")
    assert policy, where
    directives = _directives(policy)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None, where
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, where
    nonces = [m.group(1) for m in map(NONCE_SOURCE.match, scripts) if m]
    assert len(nonces) == 1, where
    styles = directives.get("style-src", directives.get("default-src"))
    assert "'unsafe-inline'" not in styles, where
    assert directives.get("frame-ancestors") == ["'none'"], where
    assert "*" not in directives.get("default-src", []), where
    if authenticated:
        assert "no-store" in response.get("Cache-Control", ""), where
    return nonces[0]


def assert_every_script_carries_the_nonce(response, nonce):
    """Our templates' <script> tags carry the response's nonce (the admin's and allauth's
    load from 'self')."""
    if "text/html" not in response.get("Content-Type", ""):
        return
    for tag in SCRIPT_TAG.findall(response.content.decode()):
        if not THIRD_PARTY_SCRIPT.search(tag):
            assert f'nonce="{nonce}"' in tag, f"{response.request['PATH_INFO']}: {tag}"


@pytest.mark.parametrize("url_name", sorted(URL_POLICY))
def test_every_url_sends_every_role_the_headers_and_a_script_nonce(world, role_clients, url_name):
    """Every URL of the policy, for every role and anonymous: whatever the answer (page,
    redirect, 403, 404, 405, download), the headers are there and script-src has a nonce
    and no 'unsafe-inline'/'unsafe-eval'."""
    url = url_for(url_name, world)
    for role in HEADERS_ROLES:
        response = role_clients[role].get(url)
        nonce = assert_security_headers(response, authenticated=role != "anonymous")
        if not url_name.startswith("admin:"):
            assert_every_script_carries_the_nonce(response, nonce)


def test_the_layout_puts_the_nonce_of_the_response_on_each_of_its_scripts(world):
    response = client_for(world, "bridge_builder").get(reverse("home"))
    nonce = assert_security_headers(response, authenticated=True)
    assert len(SCRIPT_TAG.findall(response.content.decode())) >= 3
    assert_every_script_carries_the_nonce(response, nonce)


def test_each_response_gets_a_nonce_of_its_own(world):
    client = client_for(world, "bridge_builder")
    nonces = [
        assert_security_headers(client.get(reverse(name)), authenticated=True)
        for name in ("home", "home", "notifications", "admin:index")
    ]
    assert len(set(nonces)) == len(nonces)


@pytest.mark.parametrize("role", ["bridge_builder", "manager", "administrator"])
def test_error_pages_and_unknown_urls_carry_the_headers_too(world, role):
    client = client_for(world, role)
    for url in ("/findes-ikke/", "/sager/999999999/", "/admin/findes-ikke/"):
        assert_security_headers(client.get(url), authenticated=True)


def _fail(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("fejl/", _fail)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_page_carries_the_headers_too(world):
    client = client_for(world, "bridge_builder", raise_request_exception=False)
    response = client.get("/fejl/")
    assert response.status_code == 500
    assert_security_headers(response, authenticated=True)


def test_every_authenticated_download_is_kept_out_of_caches(world):
    """Downloads carry personal data too: CSV/XLSX exports, the JSON and PDF record, the
    template."""
    downloads = {
        "manager": [
            url_for("dashboard:export_cases", world),
            reverse("dashboard:export_cases", kwargs={"fmt": "xlsx"}) + "?figure=open",
            url_for("dashboard:export_figures", world),
            url_for("privacy:export_json", world),
            url_for("privacy:export_html", world),
            url_for("privacy:export_pdf", world),
        ],
        "rehousing_consultant": [url_for("referrals:import_template", world)],
    }
    for role, urls in downloads.items():
        client = client_for(world, role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response.get("Cache-Control", ""), url


@pytest.mark.parametrize(
    "url_name",
    [
        "followups:calendar_feed",
        pytest.param("portal:token_answer", marks=bugs_for("headers", "portal:token_answer")),
    ],
)
def test_pages_opened_by_a_secret_link_are_kept_out_of_caches(world, url_name):
    """No session, but the link is the credential and the page shows a household's data
    (reference, first name, age, need): it must not stay in a shared browser's cache."""
    response = client_for(world, "anonymous").get(url_for(url_name, world))
    assert response.status_code == 200
    assert "no-store" in response.get("Cache-Control", "")


def test_the_deploy_checklist_is_tested_in_the_settings_suite():
    from tests.core import test_settings

    assert callable(test_settings.test_production_passes_the_deployment_checklist_without_warnings)


# --- Production and demo settings -----------------------------------------------------------

SECURITY_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_DOMAIN",
    "LANGUAGE_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_PATH",
    "LANGUAGE_COOKIE_DOMAIN",
    "MESSAGE_STORAGE",
    "DEBUG",
)


def _settings_in_a_fresh_process(environment):
    """The security settings as `environment` makes them, read by a new process the way a
    deployment starts (the test process itself runs with the demo settings)."""
    from tests.core.test_settings import ROOT

    names = repr(SECURITY_SETTINGS)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **environment, "DJANGO_SETTINGS_MODULE": "brobygning.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture(scope="module")
def production_settings():
    from tests.core.test_settings import GOOD_PRODUCTION_ENV

    return _settings_in_a_fresh_process(GOOD_PRODUCTION_ENV)


@pytest.fixture(scope="module")
def demo_settings():
    return _settings_in_a_fresh_process({})


def _log_in_through_the_form(client, user, **request):
    """Log in as a browser does: fetch the form (CSRF cookie and token), post it back."""
    page = client.get(reverse("account_login"), **request)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    response = client.post(
        reverse("account_login"),
        {"login": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        **request,
    )
    assert response.status_code == 302, response.content[:2000]


def test_production_sends_hsts_for_a_year_with_subdomains(world, production_settings):
    assert production_settings["DEBUG"] is False
    with override_settings(**production_settings):
        client = client_for(world, "bridge_builder")
        response = client.get(reverse("home"), secure=True)
        hsts = response.get("Strict-Transport-Security", "")
        assert "includeSubDomains" in hsts
        max_age = int(hsts.split("max-age=")[1].split(";")[0])
        assert max_age >= 31536000
        assert_security_headers(response, authenticated=True)


def test_production_redirects_plain_http_to_https(world, production_settings):
    with override_settings(**production_settings):
        response = client_for(world, "anonymous").get(reverse("account_login"))
        assert response.status_code == 301
        assert response["Location"].startswith("https://")


def test_production_cookies_are_host_prefixed_secure_and_httponly(world, production_settings):
    """`__Host-` cookies: the browser keeps them only when Secure, for Path=/ and without a
    Domain, so no other (sub)domain can plant a session or CSRF cookie (ASVS 3.4.4). Every
    cookie a user collects (log in, a flash message, a language switch) is one."""
    with override_settings(**production_settings):
        client = Client(enforce_csrf_checks=True)
        https = {"secure": True, "headers": {"Origin": "https://testserver"}}
        _log_in_through_the_form(client, world.bridge_builder, **https)
        # The renamed cookies carry the session, and the CSRF check passes with the token
        # htmx sends from the page (no script reads the cookie, whatever its name).
        home = client.get(reverse("home"), **https)
        assert home.status_code == 200
        token = re.search(r'"X-CSRFToken": "([^"]+)"', home.content.decode()).group(1)
        mark_read = reverse("notifications_read")
        assert client.post(mark_read, **https).status_code == 403
        https["headers"]["X-CSRFToken"] = token
        assert client.post(mark_read, **https).status_code == 302
        client.post(reverse("set_language"), {"language": "en", "next": "/"}, **https)

        assert set(client.cookies) == {
            "__Host-sessionid",
            "__Host-csrftoken",
            "__Host-django_language",
        }
        for cookie in client.cookies.values():
            assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"], cookie
        for name in ("__Host-sessionid", "__Host-csrftoken"):
            assert client.cookies[name]["httponly"], name
            assert client.cookies[name]["samesite"] == "Lax", name


def test_demo_on_plain_http_keeps_the_usual_cookie_names(world, demo_settings):
    """Browsers drop a `__Host-` cookie that is not Secure, so the plain-http demo must not
    use the prefix."""
    assert demo_settings["SESSION_COOKIE_SECURE"] is False
    with override_settings(**demo_settings):
        client = Client(enforce_csrf_checks=True)
        _log_in_through_the_form(client, world.bridge_builder)
        home = client.get(reverse("home"))
        assert home.status_code == 200
        token = re.search(r'"X-CSRFToken": "([^"]+)"', home.content.decode()).group(1)
        client.post(
            reverse("set_language"), {"language": "en", "next": "/"}, headers={"X-CSRFToken": token}
        )

        assert set(client.cookies) == {"sessionid", "csrftoken", "django_language"}
        assert not any(cookie["secure"] for cookie in client.cookies.values())
