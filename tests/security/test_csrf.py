"""CSRF on every state-changing request (ASVS 4.2.2).

Every URL that accepts POST (from `URL_POLICY`) is posted to by a role allowed to post, with
a valid body: without a token → 403 and nothing written; with a token of another session →
403; with the session's own token the same body goes through (so the body is a real write
and the 403 is the CSRF check, not a validation error).
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse

from tests.security.conftest import client_for
from tests.security.support import bugs_for, db_digest
from tests.security.test_url_policy import (
    APP_POLICY,
    POST_SAMPLES,
    POSTS_WITHOUT_NEW_ROWS,
    URL_POLICY,
    post_data,
    url_for,
    walk_patterns,
)

ROOT = Path(__file__).resolve().parents[2]
POST_URLS = sorted(name for name, policy in URL_POLICY.items() if "POST" in policy.methods)
# Our own code; the virtualenv and node_modules are third-party, checked at run time below.
SOURCE_DIRS = ("brobygning", "households", "referrals", "actors", "followups", "tests")


def _csrf_client(world, role):
    """A client that enforces CSRF like a browser session would, holding its own CSRF cookie
    (as a page with a form would have set it)."""
    client = client_for(world, role, enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
    return client


def test_a_page_with_a_form_sets_the_csrf_cookie_the_tests_above_stand_in_for(world):
    for role in ("anonymous", "bridge_builder"):
        client = client_for(world, role, enforce_csrf_checks=True)
        client.get(reverse("account_login" if role == "anonymous" else "notifications"))
        assert len(client.cookies[settings.CSRF_COOKIE_NAME].value) == len(_get_new_csrf_string())


@pytest.mark.parametrize(
    "url_name", [pytest.param(n, marks=bugs_for("csrf", n)) for n in POST_URLS]
)
def test_post_without_a_csrf_token_is_refused_and_writes_nothing(world, url_name):
    client = _csrf_client(world, URL_POLICY[url_name].post_as)
    before = db_digest()
    response = client.post(url_for(url_name, world), post_data(url_name, world))
    assert response.status_code == 403
    assert db_digest() == before


@pytest.mark.parametrize(
    "url_name", [pytest.param(n, marks=bugs_for("csrf", n)) for n in POST_URLS]
)
def test_post_with_a_token_from_another_session_is_refused(world, url_name):
    role = URL_POLICY[url_name].post_as
    attacker = _csrf_client(world, "anonymous")
    victim = _csrf_client(world, role)
    token = attacker.cookies["csrftoken"].value
    assert token != victim.cookies["csrftoken"].value
    before = db_digest()
    response = victim.post(
        url_for(url_name, world), {**post_data(url_name, world), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 403
    assert db_digest() == before


CONTROLS = sorted(
    name
    for name in APP_POLICY
    if "POST" in APP_POLICY[name].methods
    and name in POST_SAMPLES
    and name not in POSTS_WITHOUT_NEW_ROWS
)


@pytest.mark.parametrize("url_name", CONTROLS)
def test_the_same_post_with_the_sessions_own_token_goes_through(world, url_name):
    """The control: the bodies above are real writes, so their 403 is the CSRF check."""
    client = _csrf_client(world, URL_POLICY[url_name].post_as)
    token = client.cookies["csrftoken"].value
    before = db_digest()
    response = client.post(
        url_for(url_name, world), {**post_data(url_name, world), "csrfmiddlewaretoken": token}
    )
    assert response.status_code in (200, 302), response.content[:2000]
    assert db_digest() != before


def test_every_post_url_of_the_app_has_a_valid_sample_body_or_is_known_to_need_none():
    posting = {n for n, p in APP_POLICY.items() if "POST" in p.methods}
    assert posting <= set(POST_SAMPLES) | POSTS_WITHOUT_NEW_ROWS


def test_the_csrf_middleware_is_on_and_bound_to_the_cookie_of_the_session():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_no_view_of_the_project_or_its_packages_is_csrf_exempt():
    """At run time: every view reachable by URL, third-party ones included."""
    from django.urls import get_resolver

    exempt = []

    def visit(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                visit(pattern.url_patterns, prefix + str(pattern.pattern))
            elif getattr(pattern.callback, "csrf_exempt", False):
                exempt.append(prefix + str(pattern.pattern))

    visit(get_resolver().url_patterns)
    assert exempt == []
    assert list(walk_patterns())  # the walk found the patterns at all


def _python_files():
    for directory in SOURCE_DIRS:
        yield from (ROOT / directory).rglob("*.py")


def test_no_source_file_uses_csrf_exempt():
    """An AST scan of our code: no decorator, call, import or attribute named csrf_exempt."""
    offenders = []
    for path in _python_files():
        if path == Path(__file__):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Name):
                names = [node.id]
            elif isinstance(node, ast.Attribute):
                names = [node.attr]
            elif isinstance(node, ast.ImportFrom | ast.Import):
                names = [alias.name.rsplit(".", 1)[-1] for alias in node.names]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = ["csrf_exempt"] if node.value == "csrf_exempt" else []
            if "csrf_exempt" in names:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
