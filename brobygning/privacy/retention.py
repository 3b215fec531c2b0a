"""Retention: closed cases are anonymised and access-log rows deleted when their periods end;
ended sessions are deleted at once.

Periods in days, from settings.BROBYGNING: CLOSED_CASE_RETENTION_DAYS (counted from the
closing date) and ACCESS_LOG_RETENTION_DAYS (from the time of the access). The job is
idempotent: an anonymised case is not picked again and deleted rows are gone, so a second
run with the same clock changes nothing.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from brobygning.core.audit import audit_maintenance
from brobygning.core.models import AccessLog, FormSubmission
from brobygning.privacy.erasure import anonymise_household
from households.models import Household, Phase

logger = logging.getLogger(__name__)

DEFAULT_CLOSED_CASE_RETENTION_DAYS = 5 * 365
DEFAULT_ACCESS_LOG_RETENTION_DAYS = 2 * 365
FORM_TOKEN_LIFETIME = timedelta(days=2)
RETENTION_REASON = "retention"


def _days(key, default) -> int:
    value = settings.BROBYGNING.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ImproperlyConfigured(f"BROBYGNING[{key!r}] must be a whole number of days ≥ 1")
    return value


def closed_case_retention_days() -> int:
    return _days("CLOSED_CASE_RETENTION_DAYS", DEFAULT_CLOSED_CASE_RETENTION_DAYS)


def access_log_retention_days() -> int:
    return _days("ACCESS_LOG_RETENTION_DAYS", DEFAULT_ACCESS_LOG_RETENTION_DAYS)


@dataclass
class PurgeReport:
    dry_run: bool
    closed_before: date
    logged_before: datetime
    # References of the cases anonymised (or, in a dry run, that would be).
    anonymised: list[str] = field(default_factory=list)
    access_log_deleted: int = 0
    # Ended sessions (they can hold a user's recent search criteria) and the session records
    # of "log out other sessions" (IP address, browser) whose session is gone.
    sessions_deleted: int = 0


def _ended_sessions(now):
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    ended = Session.objects.filter(expire_date__lt=now)
    live = Session.objects.filter(expire_date__gte=now).values("session_key")
    return ended, UserSession.objects.exclude(session_key__in=live)


def _expired_households(closed_before):
    return Household.objects.filter(
        phase=Phase.CLOSED,
        closed_on__lt=closed_before,
        legal_hold=False,
        anonymised_at__isnull=True,
    )


def purge(now=None, dry_run=False) -> PurgeReport:
    """Anonymise closed cases past their period (skipping legal hold and anonymised ones)
    and delete access-log rows past theirs. A dry run reports the same and writes nothing."""
    now = now or timezone.now()
    report = PurgeReport(
        dry_run=dry_run,
        closed_before=timezone.localdate(now) - timedelta(days=closed_case_retention_days()),
        logged_before=now - timedelta(days=access_log_retention_days()),
    )
    expired = _expired_households(report.closed_before).order_by("closed_on", "reference")
    old_rows = AccessLog.objects.filter(at__lt=report.logged_before)
    ended, records = _ended_sessions(now)
    if dry_run:
        report.anonymised = list(expired.values_list("reference", flat=True))
        report.access_log_deleted = old_rows.count()
        report.sessions_deleted = ended.count()
        return report

    for pk in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            # Checked again under the lock: the case may have been reopened, put on legal
            # hold or anonymised by hand since the list was read.
            household = (
                _expired_households(report.closed_before).select_for_update().filter(pk=pk).first()
            )
            if household is None:
                continue
            anonymise_household(household=household, by=None, reason=RETENTION_REASON)
            report.anonymised.append(household.reference)
    with audit_maintenance():
        report.access_log_deleted = old_rows.delete()[0]
    records.delete()
    report.sessions_deleted = ended.delete()[0]
    # A form's one-time token guards it while the browser can still send it again: no
    # session outlives 12 hours, and a form from an ended session fails its CSRF check.
    FormSubmission.objects.filter(created_at__lt=now - FORM_TOKEN_LIFETIME).delete()
    logger.info(
        "Retention: %d closed cases anonymised, %d access-log rows and %d ended sessions deleted",
        len(report.anonymised),
        report.access_log_deleted,
        report.sessions_deleted,
    )
    return report
