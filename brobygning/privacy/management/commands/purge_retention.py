from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from brobygning.privacy import retention


class Command(BaseCommand):
    help = (
        "Anonymise closed cases past CLOSED_CASE_RETENTION_DAYS (not on legal hold) and delete "
        "access-log rows past ACCESS_LOG_RETENTION_DAYS. --dry-run lists what would go."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be removed; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        report = retention.purge(dry_run=dry_run)
        counts = {
            "cases": len(report.anonymised),
            "closed_before": report.closed_before.isoformat(),
            "rows": report.access_log_deleted,
            "logged_before": report.logged_before.isoformat(),
            "sessions": report.sessions_deleted,
        }
        if dry_run:
            cases = _("Would anonymise %(cases)d closed case(s) closed before %(closed_before)s:")
            rows = _("Would delete %(rows)d access-log row(s) from before %(logged_before)s.")
            sessions = _("Would delete %(sessions)d ended session(s).")
        else:
            cases = _("Anonymised %(cases)d closed case(s) closed before %(closed_before)s:")
            rows = _("Deleted %(rows)d access-log row(s) from before %(logged_before)s.")
            sessions = _("Deleted %(sessions)d ended session(s).")
        self.stdout.write(cases % counts)
        for reference in report.anonymised:
            self.stdout.write(f"  {reference}")
        self.stdout.write(rows % counts)
        self.stdout.write(sessions % counts)
