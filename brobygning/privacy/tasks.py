from celery import shared_task

from brobygning.privacy import retention


@shared_task
def purge_retention() -> None:
    """Run daily by beat. Idempotent: a late, missed or repeated run catches up or does
    nothing. The purge logs its counts; the task returns nothing, so no result backend ever
    holds what it did (SECURITY.md, "What is logged, and for how long")."""
    retention.purge()
