"""Deployment checks of our own, run by `manage.py check --deploy` and `check_production`.

The static ones (configuration only) are Django system checks tagged for deploy; the live
ones (Redis answers, the database is migrated) need the network and run only in the
`check_production` command.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

_NOT_DELIVERING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def email_is_delivered(app_configs, **kwargs):
    if settings.EMAIL_BACKEND in _NOT_DELIVERING_EMAIL_BACKENDS:
        return [
            Error(
                "EMAIL_URL: e-mails (reminders, answer links, password resets) are not "
                f"delivered by {settings.EMAIL_BACKEND}.",
                hint="Set EMAIL_URL=smtp+tls://user:password@host:587 (or filemail://path).",
                id="brobygning.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    site_url = settings.BROBYGNING["SITE_URL"]
    parts = urlsplit(site_url)
    if parts.scheme != "https" or not parts.netloc:
        return [
            Error(
                f"BROBYGNING_SITE_URL: links in e-mails must use https, not {site_url!r}.",
                hint="Set BROBYGNING_SITE_URL=https://brobygning.example.dk",
                id="brobygning.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def redis_is_configured(app_configs, **kwargs):
    if not settings.REDIS_URL:
        return [
            Error(
                "REDIS_URL: not set; production runs Celery on Redis and keeps the login "
                "limits in its cache, shared by every web process.",
                hint="Set REDIS_URL=redis://redis:6379/0",
                id="brobygning.E003",
            )
        ]
    return []


def live_problems():
    """Problems only a running system shows: one line each, empty when all is well."""
    import redis
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    problems = []
    if settings.REDIS_URL:
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=5, socket_timeout=5
            )
            client.ping()
        except redis.RedisError as exc:
            problems.append(f"REDIS_URL: Redis does not answer ({exc.__class__.__name__}: {exc})")
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # any driver error: the message is what the operator needs
        problems.append(f"DATABASE_URL: the database does not answer ({exc})".strip())
    else:
        if plan:
            problems.append(
                f"DATABASE_URL: {len(plan)} migration(s) not applied; run manage.py migrate"
            )
    return problems
