import os

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from brobygning.core.models import Team, User
from brobygning.core.roles import Role

DEMO_USERS = [
    # username, first name, last name, role, team
    ("brobygger", "Amira", "Hansen", Role.BRIDGE_BUILDER, "Brobyggerteam Nord"),
    ("brobygger2", "Jonas", "Mikkelsen", Role.BRIDGE_BUILDER, "Brobyggerteam Syd"),
    ("genhusning", "Lars", "Pedersen", Role.REHOUSING_CONSULTANT, None),
    ("leder", "Mette", "Jensen", Role.MANAGER, "Brobyggerteam Nord"),
    ("kommune", "Sofie", "Nielsen", Role.ACTOR_CONTACT, None),
    ("admin", "Admin", "Istrator", Role.ADMINISTRATOR, None),
]
# Work phones, which actors see with a request as whom to call.
DEMO_PHONES = {"brobygger": "61 23 45 67", "brobygger2": "61 23 45 68"}


class Command(BaseCommand):
    help = "Create demo users (one per role) and demo data. Refuses to run in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production.")
        password = os.environ.get("BROBYGNING_DEMO_PASSWORD", "demo")
        with transaction.atomic():
            users = seed_users(password)
            for seed in demo_seeders():
                seed(users=users, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo users (password: {password}):"))
        for username, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:12} {users[username].role_labels[0]}")


def seed_users(password):
    users = {}
    for username, first, last, role, team_name in DEMO_USERS:
        team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.brobygning.local",
                "phone": DEMO_PHONES.get(username, ""),
                "team": team,
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            # Demo passwords are short on purpose; validators apply to real accounts.
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users


def demo_seeders():
    """Each app adds its demo stories here; they run in order in one transaction."""
    from actors import demo as actor_demo
    from followups import demo as followup_demo
    from followups import demo_programme
    from households import demo as household_demo
    from referrals import demo as referral_demo

    return [
        actor_demo.seed,
        household_demo.seed,
        referral_demo.seed,
        followup_demo.seed,
        demo_programme.seed,
        seed_lockout,
        rebuild_dashboard_rows,
    ]


def rebuild_dashboard_rows(*, users, stdout):
    """The dashboard's derived rows: the demo's bulk inserts bypass the signals that keep
    them, so they are rebuilt once every story is in (by command name: the top apps do not
    import each other)."""
    from django.core.management import call_command

    call_command("rebuild_dashboard_summary", stdout=stdout)


def seed_lockout(*, users, stdout):
    """A substitute who mistyped the password five times: the administrator's start page
    shows the lockout until the cool-off lifts it."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.get_or_create(
        username="vikar",
        ip_address="127.0.0.1",
        user_agent="demo",
        defaults={
            "failures_since_start": settings.AXES_FAILURE_LIMIT,
            "get_data": "",
            "post_data": "",
            "http_accept": "",
            "path_info": "/konto/login/",
        },
    )
