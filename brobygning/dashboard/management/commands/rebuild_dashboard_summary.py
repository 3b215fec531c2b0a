from django.core.management.base import BaseCommand

from brobygning.dashboard import summary


class Command(BaseCommand):
    help = (
        "Recompute the dashboard's derived rows (first contact after each referral; each phase "
        "change's earlier entry in its month) from the case file. Safe to run at any time; "
        "beat runs it nightly."
    )

    def handle(self, *args, **options):
        count = summary.rebuild()
        self.stdout.write(f"{count} referral rows rebuilt.")
