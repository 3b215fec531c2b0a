"""The dashboard's figures as HTML, computed and rendered at most DASHBOARD_CACHE_SECONDS ago.

Management figures may be a few minutes old (the page says when they were computed), so the
cache is invalidated by expiry only. The figures count every case whoever asks (see
`selectors`), so the key holds the filters, whether cells link to cases, whether long tables
are shown whole, the day and the language — nothing about the user. The HTML is cached rather
than the figures: rendering ~800 linked cells costs more than the queries behind them.

The page is in sections, each its own request: the first screen ("are we OK?": the headline
figures and three overview charts) and one page per section (`?section=caseload`…), so a
filter nobody has asked for yet costs one section's queries and cells, not the page's.
"""

from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from brobygning.dashboard import charts, headlines, selectors, svg
from brobygning.dashboard.forms import Filters
from brobygning.dashboard.selectors.now import counting

TOP_ROWS = 20  # per-person and per-actor tables show their largest rows unless asked


def section_links(query: dict) -> list[tuple[str, str, str]]:
    """(name, label, link) of the first screen and of each section, with the filters."""
    labels = {
        "caseload": _("Caseload"),
        "flow": _("Flow"),
        "followups": _("Follow-up quality"),
        "outcomes": _("Outcomes"),
        "needs": _("Needs and bridges"),
        "areas": _("Receiving areas"),
    }
    links = [("", _("At a glance"), "?" + urlencode(query))]
    for name in selectors.SECTIONS:
        links.append((name, labels[name], "?" + urlencode({**query, "section": name})))
    return links


def figures_html(
    filters: Filters, *, section: str = "", all_rows: bool = False, refresh: bool = False
) -> str:
    """The first screen (headlines and overview charts), or one of `selectors.SECTIONS`.
    `refresh` computes and stores the figures whatever the cache holds."""
    seconds = settings.BROBYGNING["DASHBOARD_CACHE_SECONDS"]
    today = timezone.localdate()
    query = filters.as_query()
    key = "dashboard:" + urlencode(
        {
            **query,
            "section": section,
            "links": int(filters.links),
            "all": int(all_rows),
            "today": today,
            "lang": get_language(),
        }
    )
    if seconds and not refresh and (html := cache.get(key)) is not None:
        return html
    with counting(fresh=refresh):
        html = _render(filters, section, all_rows, today, query)
    if seconds:
        cache.set(key, html, seconds)
    return html


def _render(filters: Filters, section: str, all_rows: bool, today: date, query: dict) -> str:
    context = {
        "can_see_cases": filters.links,
        "section": section,
        "section_links": section_links(query),
    }
    if section:
        data = selectors.section(section, filters, today)
        html = render_to_string(
            "dashboard/_section.html",
            {
                **context,
                "data": data,
                "charts": charts.dashboard_charts(data),
                "section_template": f"dashboard/sections/_{section}.html",
                "all_rows_query": urlencode({**query, "section": section, "rows": "all"}),
                "rows": ":" if all_rows else f":{TOP_ROWS}",
            },
        )
    else:
        data = selectors.overview(filters, today)
        html = render_to_string(
            "dashboard/_figures.html",
            {
                **context,
                "data": data,
                "headlines": headlines.headlines(data, filters, today),
                "overview": svg.overview_charts(data),
            },
        )
    return html
