from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from brobygning.dashboard.figures import figures_html
from brobygning.dashboard.forms import Filters, default_period
from brobygning.dashboard.selectors import SECTIONS


@shared_task
def refresh_dashboard() -> None:
    """Recompute the figures most managers open — every case, the default period, in the
    default language — before their cached copy expires, so nobody waits for them.
    Scheduled by beat more often than DASHBOARD_CACHE_SECONDS; pointless (and harmless) when
    web and worker do not share a cache (the demo's in-memory cache)."""
    if not settings.BROBYGNING["DASHBOARD_CACHE_SECONDS"]:
        return
    today = timezone.localdate()
    filters = Filters(date_from=default_period(today)[0], date_to=today, links=True)
    with translation.override(settings.LANGUAGE_CODE):
        for section in ("", *SECTIONS):  # the first screen and each section
            figures_html(filters, section=section, refresh=True)


@shared_task
def rebuild_dashboard_summary() -> None:
    """Recompute the dashboard's derived rows nightly: they are maintained with every change,
    so this only repairs what bypassed the application (a restore, a bulk load)."""
    from brobygning.dashboard import summary

    summary.rebuild()
