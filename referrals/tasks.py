import logging

from celery import shared_task

from referrals.services import referrals_escalate

logger = logging.getLogger(__name__)


@shared_task
def escalate_unanswered_referrals() -> None:
    # A count only: the referrals' names go to the managers' notices, not to logs or results.
    logger.info("Referrals escalated to managers: %d", referrals_escalate())
