"""Read settings from environment variables; stop with a message naming a bad variable."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")
_EMAIL_SCHEMES = ("smtp", "smtps", "smtp+tls", "smtp+ssl", "consolemail", "filemail", "memorymail")


class EnvReader:
    def __init__(self, environ_map=None):
        self.environ = os.environ if environ_map is None else environ_map

    def fail(self, name, problem):
        raise ImproperlyConfigured(f"Environment variable {name}: {problem}")

    def _raw(self, name):
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def str(self, name, *, default):
        value = self._raw(name)
        return default if value is None else value

    def required(self, name, *, min_length=1):
        value = self._raw(name)
        if not value:
            self.fail(name, "is required but not set")
        if len(value) < min_length:
            self.fail(name, f"must be at least {min_length} characters long")
        return value

    def choice(self, name, *, choices, default):
        value = self._raw(name) or default
        if value not in choices:
            self.fail(name, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def bool(self, name, *, default):
        value = self._raw(name)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        self.fail(name, f"must be true or false, not {value!r}")

    def int(self, name, *, default):
        value = self._raw(name)
        if not value:
            return default
        try:
            return int(value)
        except ValueError:
            self.fail(name, f"must be a whole number, not {value!r}")

    def list(self, name, *, default=None, required=False):
        value = self._raw(name)
        if not value:
            if required:
                self.fail(name, "is required but not set (comma-separated list)")
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def url(self, name, *, schemes, default):
        value = self._raw(name)
        if not value:
            return default
        scheme = urlsplit(value).scheme
        if scheme not in schemes:
            self.fail(
                name, f"must be a URL starting with {' or '.join(s + '://' for s in schemes)}"
            )
        return value

    def database(self, name, *, default):
        value = self.url(name, schemes=_DATABASE_SCHEMES, default=default)
        try:
            config = environ.Env.db_url_config(value)
        except Exception as exc:  # django-environ raises several kinds on malformed URLs
            self.fail(name, f"is not a valid database URL ({exc})")
        if not config.get("NAME"):
            self.fail(name, "names no database")
        return config

    def email(self, name, *, default):
        value = self.url(name, schemes=_EMAIL_SCHEMES, default=default)
        try:
            config = environ.Env.email_url_config(value)
        except Exception as exc:
            self.fail(name, f"is not a valid e-mail URL ({exc})")
        if urlsplit(value).scheme == "filemail":
            # django-environ drops the leading slash of an absolute path.
            config["EMAIL_FILE_PATH"] = urlsplit(value).path or "var/mail"
        return config

    def demo_secret_key(self, folder: Path):
        """A random key kept in var/, so demo sessions survive restarts without a shared key."""
        path = folder / "demo-secret-key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
        return path.read_text().strip()
