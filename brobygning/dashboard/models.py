"""Derived rows the dashboard reads instead of computing them per request.

They hold nothing that is not in the case file already: `summary` keeps them up to date in
the transaction of the change they derive from, and `manage.py rebuild_dashboard_summary`
(also run nightly by beat) recomputes them from scratch.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from referrals.models import Referral


class ReferralContact(models.Model):
    """Per referral sent (or with a case): when the referred household was first contacted
    — the first visit, call or meeting logged on or after the day the referral was sent, and
    on or after the day it was answered (None while there is none, or when the referral has
    no case) — and how many working days the answer took."""

    referral = models.OneToOneField(
        Referral,
        verbose_name=_("referral"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="contact_fact",
    )
    after_sent = models.DateField(_("first contact on or after sending"), null=True)
    after_answer = models.DateField(_("first contact on or after the answer"), null=True)
    # Working days from the sending day to `after_sent`, so the headline's median is a
    # histogram grouped in SQL, not one row per referral counted in Python.
    working_days_after_sent = models.PositiveIntegerField(
        _("working days from sending to first contact"), null=True
    )
    # Working days from the sending day to the answer's day, an answer on a weekend or a
    # holiday counting as on the next working day: the referral was answered within N working
    # days exactly when this is at most N, so the "answered in time" headline is a count in
    # SQL whatever the deadline (None until answered).
    working_days_to_answer = models.PositiveIntegerField(
        _("working days from sending to the answer"), null=True
    )

    class Meta:
        verbose_name = _("first contact after a referral")
        verbose_name_plural = _("first contacts after referrals")

    def __str__(self):
        return f"{self.referral_id}: {self.after_sent} / {self.after_answer}"
