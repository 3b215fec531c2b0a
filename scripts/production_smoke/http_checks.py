"""The HTTP half of scripts/production-smoke: what a browser behind the TLS proxy sees.

Standard library only (it runs in the fresh production virtualenv). Every request carries
`X-Forwarded-Proto: https`, as the proxy in front of gunicorn sends it; cookies are kept by
hand, because the production ones are `__Host-`/Secure and a cookie jar would not send them
over the loopback's plain HTTP. Exits non-zero with a line naming the failed check.
"""

import base64
import hashlib
import hmac
import http.client
import json
import re
import struct
import sys
import time
from urllib.parse import urlencode, urlsplit

ROLE_PAGES = {
    "bridge_builder": "/sager/",
    "rehousing_consultant": "/henvisninger/mine/",
    "manager": "/oversigt/",
    "actor_contact": "/portal/",
    "administrator": "/admin/",
}
LOGIN = "/konto/login/"
ONE_YEAR = 365 * 24 * 60 * 60


class Failed(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failed(what)


def totp(secret, at=None):
    """RFC 6238 with allauth's parameters: SHA-1, 30-second steps, 6 digits."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(at or time.time()) // 30
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Browser:
    def __init__(self, base, host):
        parts = urlsplit(base)
        self.address = (parts.hostname, parts.port)
        self.host = host
        self.cookies = {}

    def request(self, method, path, *, form=None, headers=None, https=True):
        connection = http.client.HTTPConnection(*self.address, timeout=30)
        sent = {"Host": self.host, "Accept-Language": "da"}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{self.host}"
            sent["Referer"] = f"https://{self.host}{path}"
        sent.update(headers or {})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields):
        page = self.get(path)
        check(page.status == 200, f"GET {path} answers 200 (got {page.status})")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        check(token, f"{path} has a CSRF token")
        return self.request("POST", path, form={"csrfmiddlewaretoken": token[1], **fields})


def location(response):
    return urlsplit(response.getheader("Location") or "").path


def check_health(base, host):
    response = Browser(base, host).get("/health/")
    check(response.status == 200, f"/health/ answers 200 (got {response.status})")
    check(json.loads(response.text).get("status") == "ok", "/health/ says ok")
    print("ok   /health/ answers 200 ok")


def check_https_redirect(base, host):
    response = Browser(base, host).get(LOGIN, https=False)
    check(response.status == 301, f"plain HTTP is redirected (got {response.status})")
    check(
        (response.getheader("Location") or "").startswith(f"https://{host}/"),
        "the redirect goes to https",
    )
    print("ok   plain HTTP (no X-Forwarded-Proto) is redirected to https")


def check_login_page(base, host):
    browser = Browser(base, host)
    page = browser.get(LOGIN)
    check(page.status == 200, f"the login page answers 200 (got {page.status})")
    header = page.getheader
    csp = header("Content-Security-Policy") or ""
    expected = {
        "Content-Security-Policy has default-src 'self'": "default-src 'self'" in csp,
        "Content-Security-Policy has frame-ancestors 'none'": "frame-ancestors 'none'" in csp,
        "Content-Security-Policy has no unsafe-inline": "unsafe-inline" not in csp,
        "Strict-Transport-Security for a year with subdomains": (
            header("Strict-Transport-Security") or ""
        ).startswith("max-age=31536000; includeSubDomains"),
        "X-Frame-Options: DENY": header("X-Frame-Options") == "DENY",
        "X-Content-Type-Options: nosniff": header("X-Content-Type-Options") == "nosniff",
        "Referrer-Policy: same-origin": header("Referrer-Policy") == "same-origin",
        "Cross-Origin-Opener-Policy: same-origin": (
            header("Cross-Origin-Opener-Policy") == "same-origin"
        ),
        "an X-Request-ID": bool(header("X-Request-ID")),
    }
    for what, holds in expected.items():
        check(holds, f"login page: {what}")
    cookies = [v for k, v in page.getheaders() if k.lower() == "set-cookie"]
    csrf = [c for c in cookies if c.startswith("__Host-csrftoken=")]
    check(csrf, "login page sets the __Host-csrftoken cookie")
    check(
        all(flag in csrf[0] for flag in ("Secure", "HttpOnly", "Path=/")),
        "the CSRF cookie is Secure, HttpOnly, Path=/",
    )
    print(f"ok   login page: security headers ({len(expected)}) and a __Host- Secure CSRF cookie")
    return page.text


def check_static(base, host, login_html):
    href = re.search(
        r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', login_html
    )
    check(href, "the login page links the hashed (manifest) Bootstrap stylesheet")
    browser = Browser(base, host)
    response = browser.get(href[1], headers={"Accept-Encoding": "gzip"})
    check(response.status == 200, f"{href[1]} answers 200 (got {response.status})")
    cache = response.getheader("Cache-Control") or ""
    max_age = re.search(r"max-age=(\d+)", cache)
    check(max_age and int(max_age[1]) >= ONE_YEAR, f"far-future Cache-Control (got {cache!r})")
    check("immutable" in cache, f"immutable Cache-Control (got {cache!r})")
    check(response.getheader("Content-Encoding") == "gzip", "served compressed")
    print(f"ok   {href[1]}: Cache-Control: {cache}, gzip")


def check_role(base, host, username, role, password, secret):
    browser = Browser(base, host)
    response = browser.post_form(LOGIN, {"login": username, "password": password})
    check(response.status == 302, f"{username}: the password is accepted (got {response.status})")
    if secret:
        check(
            location(response) == "/konto/2fa/authenticate/",
            f"{username} ({role}) is asked for the second factor (went to {location(response)})",
        )
        response = browser.post_form(location(response), {"code": totp(secret)})
        check(response.status == 302, f"{username}: the TOTP code is accepted")
    check(location(response) == "/", f"{username} lands on the start page ({location(response)})")
    home = browser.get("/")
    check(home.status == 200, f"{username}: the start page answers 200 (got {home.status})")
    page = browser.get(ROLE_PAGES[role])
    check(page.status == 200, f"{username}: {ROLE_PAGES[role]} answers 200 (got {page.status})")
    check("no-store" in (page.getheader("Cache-Control") or ""), f"{ROLE_PAGES[role]}: no-store")
    mfa = "password + TOTP" if secret else "password"
    print(f"ok   {username:<11} ({role}, {mfa}): / and {ROLE_PAGES[role]} answer 200")


def main(base, host, setup_file, password):
    setup = json.loads(open(setup_file).read())
    try:
        check_health(base, host)
        check_https_redirect(base, host)
        login_html = check_login_page(base, host)
        check_static(base, host, login_html)
        for username, role in setup["roles"].items():
            secret = setup["totp_secrets"].get(username)
            check_role(base, host, username, role, password, secret)
    except Failed as failure:
        sys.exit(f"FAIL {failure}")


if __name__ == "__main__":
    main(*sys.argv[1:])
