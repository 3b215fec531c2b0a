from celery import shared_task

from referrals.services import referrals_escalate


@shared_task
def escalate_unanswered_referrals():
    return referrals_escalate()
