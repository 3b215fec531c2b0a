"""The app's URLs plus `/bench/floor/`: the signed-in floor the key pages are compared with.

The floor is what every signed-in page pays before its own work, and nothing else: the
middleware (session, user and role look-up, locale, CSRF, security headers, access-log
bookkeeping), the context processors (navigation with its badges) and the base layout, with
an empty content block. The start page used to be the floor, but it now builds each role's
work queues; no page of the app renders the layout alone, so the benchmark adds one here
rather than in the app.
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.decorators.http import require_GET

FLOOR = engines["django"].from_string(
    '{% extends "base.html" %}{% block head_title %}Floor{% endblock head_title %}'
    '{% block content %}<h1 class="h3">Floor</h1>{% endblock content %}'
)


@require_GET
def floor(request):
    return HttpResponse(FLOOR.render({}, request))


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("brobygning.urls")),
]

handler403 = "brobygning.core.views.permission_denied"
handler500 = "brobygning.core.views.server_error"
