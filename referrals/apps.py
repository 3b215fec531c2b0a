from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from auditlog.registry import auditlog

        from referrals.models import Referral

        # The read receipt (opened_at/opened_by) is a read, which the access log records with
        # who and when; as a change it would make a GET write history (a GET writes nothing
        # but the access log and the receipt, tests/security/test_safe_get.py).
        auditlog.register(
            Referral, exclude_fields=["updated_at", "opened_at", "opened_by", "version"]
        )
