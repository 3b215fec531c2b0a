"""Fed to `manage.py shell` by scripts/production-smoke: the run's users and data.

One user per role (the demo cast and its cases, with the run's own password), an
authenticator for each role that production makes use two-factor authentication, and one
follow-up due today whose reminder the bridge-builder wants by e-mail at once. Prints one
line, `SMOKE-SETUP <json>`, that the HTTP checks read.
"""

import json
import os
import sys

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from brobygning.demo.management.commands.seed_demo import DEMO_USERS, demo_seeders, seed_users
from followups.models import FollowUp, NotificationPreference
from followups.services import followup_create
from households.models import Household

with transaction.atomic():
    users = seed_users(os.environ["SMOKE_PASSWORD"])
    for seed in demo_seeders():
        seed(users=users, stdout=OutputWrapper(sys.stderr))
    secrets = {}
    for username, _first, _last, role, _team in DEMO_USERS:
        if role in settings.MFA_REQUIRED_ROLES:
            secrets[username] = generate_totp_secret()
            TOTP.activate(users[username], secrets[username])
    builder = users["brobygger"]
    NotificationPreference.objects.update_or_create(
        user=builder,
        event=NotificationPreference.Event.REMINDER,
        defaults={"channel": NotificationPreference.Channel.EMAIL_NOW},
    )
    household = Household.objects.filter(bridge_builder=builder).order_by("pk").first()
    followup = followup_create(
        household=household,
        kind=FollowUp.Kind.CUSTOM,
        title="Ring til husstanden (produktionstest)",
        assignee=builder,
        due_on=timezone.localdate(),
    )

print(
    "users:",
    ", ".join(
        f"{username} ({role}{', TOTP' if username in secrets else ''})"
        for username, _f, _l, role, _t in DEMO_USERS
    ),
)
print(
    "SMOKE-SETUP "
    + json.dumps(
        {
            "roles": {username: str(role) for username, _f, _l, role, _t in DEMO_USERS},
            "totp_secrets": secrets,
            "followup_id": followup.pk,
            "reminder_to": builder.email,
        }
    )
)
