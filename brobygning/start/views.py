"""The start page: each role's work queues (brobygning.start.queues)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from brobygning.roles import Role
from brobygning.start import last_visit, queues


@require_GET
def home(request):
    user = request.user
    today = timezone.localdate()
    since = last_visit.previous_login(request)
    blocks = [
        {
            "role": role,
            "queues": queues.ROLE_QUEUES[role](user, today=today, since=since),
        }
        for role in Role
        if role in queues.ROLE_QUEUES and user.has_role(role)
    ]
    context = {"blocks": blocks, "today": today, "since": since}
    if user.has_role(Role.MANAGER):
        context["figures"] = queues.headline_figures(user, today)
    if user.has_role(Role.ADMINISTRATOR):
        context["health"] = queues.system_health(timezone.now())
    return render(request, "start/home.html", context)
