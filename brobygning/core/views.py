from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from brobygning.core.access import local_path
from brobygning.core.cache import redis_status
from brobygning.core.places import postcodes as postcode_table


@login_not_required
@never_cache
@require_GET
def health(request):
    """Liveness for load balancers and docker-compose: the process answers and the DB too
    (else 500). Redis is reported, not required: without it the web still serves logins and
    pages (brobygning/core/cache.py), so the answer stays 200 with `"status": "degraded"` and
    `"redis": "unavailable"` for monitoring to raise."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    redis = redis_status()
    return JsonResponse(
        {
            "status": "degraded" if redis == "unavailable" else "ok",
            "database": "ok",
            "redis": redis,
        }
    )


@require_GET
def notifications(request):
    items = request.user.notifications.all()[:50]
    return render(request, "notifications.html", {"notifications": items})


@require_POST
def notifications_read(request):
    request.user.notifications.unread().update(read_at=timezone.now())
    return redirect("notifications")


@require_GET
def download(request):
    """Where a download resumes after the password (`recent_authentication_required_for_
    download`): the page fetches the file and leads back. Only our own download views."""
    file = local_path(request, request.GET.get("file", ""))
    try:
        is_download = getattr(resolve(file.split("?", 1)[0]).func, "is_download", False)
    except Resolver404:
        is_download = False
    if not is_download:
        raise Http404
    back = local_path(request, request.GET.get("back", "")) or reverse("home")
    return render(request, "download.html", {"file": file, "back": back})


def permission_denied(request, exception):
    """403. An exception may name its own page (`template_name`, `context`), e.g. a write to
    a closed case says so and how to reopen it; otherwise the plain "No access" page."""
    template = getattr(exception, "template_name", "403.html")
    return render(request, template, getattr(exception, "context", {}), status=403)


def server_error(request):
    """The 500 page: a plain Danish message and the request id, nothing else. Rendered without
    the request's context processors, which need the database that may be what failed."""
    html = loader.get_template("500.html").render(
        {"request_id": getattr(request, "request_id", "")}
    )
    return HttpResponseServerError(html)


@require_GET
def postcodes(request):
    """{"5240": "Odense NØ", ...}: the shipped postcode table, for filling in the town as a
    postcode is typed. Fetched once per page that asks; like every signed-in response it is
    not stored (no-store), which costs about 10 KB a form."""
    return JsonResponse(postcode_table())
