from celery import shared_task

from brobygning.privacy import retention


@shared_task
def purge_retention():
    """Run daily by beat. Idempotent: a late, missed or repeated run catches up or does
    nothing. Returns counts only — no references or names in task results."""
    report = retention.purge()
    return {"anonymised": len(report.anonymised), "access_log_deleted": report.access_log_deleted}
