"""The start page: each role's work queues (brobygning.start.queues)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from brobygning.core.roles import Role
from brobygning.start import last_visit, oversight, queues

ROLE_QUEUES = {
    Role.BRIDGE_BUILDER: queues.bridge_builder_queues,
    Role.REHOUSING_CONSULTANT: queues.rehousing_consultant_queues,
    Role.ACTOR_CONTACT: queues.actor_contact_queues,
    Role.MANAGER: oversight.manager_queues,
}


@require_GET
def home(request):
    user = request.user
    today = timezone.localdate()
    since = last_visit.previous_login(request)
    blocks = [
        {
            "role": role,
            "queues": ROLE_QUEUES[role](user, today=today, since=since),
        }
        for role in Role
        if role in ROLE_QUEUES and user.has_role(role)
    ]
    context = {"blocks": blocks, "today": today, "since": since}
    if user.has_role(Role.MANAGER):
        context["figures"] = oversight.headline_figures(user, today)
    if user.has_role(Role.ADMINISTRATOR):
        context["health"] = oversight.system_health(timezone.now())
    return render(request, "start/home.html", context)
