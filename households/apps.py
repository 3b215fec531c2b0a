from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Households")

    def ready(self):
        from auditlog.registry import auditlog

        from households import models, phase_months  # noqa: F401 (its signal handlers)

        # Field-level change history (who, when, old → new) of the case file.
        for model in (
            models.Household,
            models.Member,
            models.Need,
            models.JournalEntry,
            models.HousingOffer,
            models.Move,
            models.Closure,
            models.Consent,
            models.Bridge,
        ):
            auditlog.register(model, exclude_fields=["updated_at", "version"])
