"""The dashboard's figures as HTML, computed and rendered at most DASHBOARD_CACHE_SECONDS ago.

Management figures may be a few minutes old (the page says when they were computed), so the
cache is invalidated by expiry only. The figures count every case whoever asks (see
`selectors`), so the key holds the filters, whether cells link to cases, whether long tables
are shown whole, the day and the language — nothing about the user. The HTML is cached rather
than the figures: rendering ~800 linked cells costs more than the queries behind them.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from brobygning.dashboard import charts, headlines, selectors, svg
from brobygning.dashboard.forms import Filters

TOP_ROWS = 20  # per-person and per-actor tables show their largest rows unless asked


def figures_html(filters: Filters, *, all_rows: bool = False, refresh: bool = False) -> str:
    """`refresh` computes and stores the figures whatever the cache holds."""
    seconds = settings.BROBYGNING["DASHBOARD_CACHE_SECONDS"]
    today = timezone.localdate()
    query = filters.as_query()
    key = "dashboard:" + urlencode(
        {
            **query,
            "links": int(filters.links),
            "all": int(all_rows),
            "today": today,
            "lang": get_language(),
        }
    )
    if seconds and not refresh and (html := cache.get(key)) is not None:
        return html
    data = selectors.dashboard(filters, today)
    html = render_to_string(
        "dashboard/_figures.html",
        {
            "data": data,
            "charts": charts.dashboard_charts(data),
            "headlines": headlines.headlines(data, filters, today),
            "overview": svg.overview_charts(data),
            "can_see_cases": filters.links,
            "all_rows_query": urlencode({**query, "rows": "all"}),
            "rows": ":" if all_rows else f":{TOP_ROWS}",
        },
    )
    if seconds:
        cache.set(key, html, seconds)
    return html
