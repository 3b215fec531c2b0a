"""Security headers on every kind of response, for every role (checklist item 14; ASVS 14.4,
8.2.1).

`manage.py check --deploy --fail-level WARNING` with the production environment is already
tested in tests/core/test_settings.py
(`test_production_passes_the_deployment_checklist_without_warnings`); it is not repeated
here, only guarded against being removed. What `check --deploy` cannot see is checked here:
the headers actually sent, on pages, error pages, redirects and downloads, and HSTS and
secure cookies with the production settings.
"""

import json
import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.security.conftest import ROLES, client_for
from tests.security.support import bugs_for
from tests.security.test_url_policy import URL_POLICY, url_for

# A sample of every kind of response: HTML pages of each area, downloads (CSV, JSON), the
# iCalendar feed, admin, login, and whatever each role gets there (200, 302, 403, 404, 405).
SAMPLE = (
    "home",
    "notifications",
    "households:caseload",
    "households:detail",
    "households:journal_detail",
    "households:edit",
    "households:bridge_status",  # GET: 405
    "referrals:inbox",
    "referrals:mine",
    "referrals:detail",
    "referrals:import_template",
    "portal:queue",
    "portal:answer",
    "followups:tasks",
    "followups:calendar_feed",
    "actors:directory",
    "actors:area_detail",
    "dashboard:index",
    "dashboard:export_cases",
    "privacy:export_json",
    "privacy:export_html",
    "audit:log",
    "admin:index",
    "account_login",
)
HEADERS_ROLES = ("anonymous", *ROLES)


def _directives(policy):
    """{'script-src': ["'self'"], ...} from a Content-Security-Policy header."""
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        if part.strip():
            directives[name.lower()] = values
    return directives


def assert_security_headers(response, *, authenticated):
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
    assert directives.get("frame-ancestors") == ["'none'"], where
    assert "*" not in directives.get("default-src", []), where
    if authenticated:
        assert "no-store" in response.get("Cache-Control", ""), where


@pytest.mark.parametrize("role", HEADERS_ROLES)
def test_every_sampled_response_carries_the_security_headers(world, role):
    client = client_for(world, role)
    for url_name in SAMPLE:
        response = client.get(url_for(url_name, world))
        assert_security_headers(response, authenticated=role != "anonymous")


@pytest.mark.parametrize("role", ["bridge_builder", "manager", "administrator"])
def test_error_pages_and_unknown_urls_carry_the_headers_too(world, role):
    client = client_for(world, role)
    for url in ("/findes-ikke/", "/sager/999999999/", "/admin/findes-ikke/"):
        assert_security_headers(client.get(url), authenticated=True)


def test_every_authenticated_download_is_kept_out_of_caches(world):
    """Downloads carry personal data too: CSV/XLSX exports, the JSON record, the template."""
    downloads = {
        "manager": [
            url_for("dashboard:export_cases", world),
            reverse("dashboard:export_cases", kwargs={"fmt": "xlsx"}) + "?figure=open",
            url_for("dashboard:export_figures", world),
            url_for("privacy:export_json", world),
            url_for("privacy:export_html", world),
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


def test_the_sample_names_only_urls_of_the_policy():
    assert set(SAMPLE) <= set(URL_POLICY)


def test_the_deploy_checklist_is_tested_in_the_settings_suite():
    from tests.core import test_settings

    assert callable(test_settings.test_production_passes_the_deployment_checklist_without_warnings)


# --- Production settings ---------------------------------------------------------------------

PRODUCTION_SECURITY_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "DEBUG",
)


@pytest.fixture(scope="module")
def production_settings():
    """The security settings as the production environment makes them (a fresh process)."""
    from tests.core.test_settings import GOOD_PRODUCTION_ENV, ROOT

    names = repr(PRODUCTION_SECURITY_SETTINGS)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **GOOD_PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "brobygning.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


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


def test_production_cookies_are_secure_httponly_and_samesite(world, production_settings):
    with override_settings(**production_settings):
        client = client_for(world, "anonymous")
        client.get(reverse("account_login"), secure=True)
        csrf = client.cookies["csrftoken"]
        assert csrf["secure"] and csrf["httponly"]
        assert production_settings["SESSION_COOKIE_SECURE"] is True
        assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
        assert production_settings["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
