"""Is this installation configured and connected as production needs? Exit 1 if not."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from brobygning.core.checks import live_problems


class Command(BaseCommand):
    help = (
        "Django's deployment checklist (check --deploy, failing on warnings) plus ours: "
        "e-mail delivered, https site URL, Redis configured and answering, database migrated."
    )

    def handle(self, *args, **options):
        if not settings.PRODUCTION:
            raise CommandError("DJANGO_ENV: is not 'production'; these checks are for production")
        # Raises SystemCheckError (exit 1) with one line per problem, ours included.
        call_command("check", deploy=True, fail_level="WARNING")
        problems = live_problems()
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write("Production checks passed: configuration, Redis and database.")
