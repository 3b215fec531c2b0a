"""Read settings from environment variables; stop with a message naming a bad variable.

Every problem is collected while the settings module runs (a bad value reads as its default
meanwhile), and `EnvReader.finish()` at its end stops the process with one line per missing or
malformed variable, so an operator fixes them all in one go.
"""

import os
import secrets
import sys
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
        self.problems = {}

    def fail(self, name, problem):
        """Record a problem (the first one per variable); `finish()` reports them all."""
        self.problems.setdefault(name, f"Environment variable {name}: {problem}")

    def finish(self):
        if self.problems:
            raise ImproperlyConfigured("\n".join(self.problems.values()))

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
        elif len(value) < min_length:
            self.fail(name, f"must be at least {min_length} characters long")
        return value or ""

    def choice(self, name, *, choices, default):
        value = self._raw(name) or default
        if value not in choices:
            self.fail(name, f"must be one of {', '.join(choices)}, not {value!r}")
            return default
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
        return default

    def int(self, name, *, default, minimum=None, maximum=None):
        """A whole number within [minimum, maximum] (the bounds the README states)."""
        value = self._raw(name)
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            self.fail(name, f"must be a whole number, not {value!r}")
            return default
        if minimum is not None and number < minimum:
            self.fail(name, f"must be at least {minimum}, not {number}")
            return default
        if maximum is not None and number > maximum:
            self.fail(name, f"must be at most {maximum}, not {number}")
            return default
        return number

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
            return default
        return value

    def database(self, name, *, default):
        value = self.url(name, schemes=_DATABASE_SCHEMES, default=default)
        try:
            config = environ.Env.db_url_config(value)
        except Exception as exc:  # django-environ raises several kinds on malformed URLs
            self.fail(name, f"is not a valid database URL ({exc})")
            return environ.Env.db_url_config(default)
        if not config.get("NAME"):
            self.fail(name, "names no database")
        return config

    def email(self, name, *, default):
        value = self.url(name, schemes=_EMAIL_SCHEMES, default=default)
        try:
            config = environ.Env.email_url_config(value)
        except Exception as exc:
            self.fail(name, f"is not a valid e-mail URL ({exc})")
            return environ.Env.email_url_config(default)
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


def load_settings_or_exit(exit_code=1):
    """Load Django's settings; on a configuration problem print only its lines and exit.

    Used by manage.py, the WSGI module and the Celery app, so a process that cannot start
    says why in one line per variable, not in a traceback. gunicorn halts (instead of
    restarting workers forever) when a worker exits with 3, its boot-error code.
    """
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- importing the settings is the point
    except ImproperlyConfigured as exc:
        print(f"Brobygning cannot start:\n{exc}", file=sys.stderr)
        sys.exit(exit_code)
