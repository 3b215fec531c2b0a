"""The need categories a support offer meets and a household may have.

They live in the directory app because it sits lowest in the dependency chain
(actors ← households): households import them from here, never the other way round.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedCategory(models.TextChoices):
    SCHOOL = "school", _("School change")
    DAYCARE = "daycare", _("Daycare")
    ELDERLY = "elderly", _("Elderly housing or care")
    HEALTH = "health", _("Health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    ECONOMY = "economy", _("Economy and debt")
    HOUSING_BENEFIT = "housing_benefit", _("Housing benefit")
    DEPOSIT_LOAN = "deposit_loan", _("Deposit loan")
    EMPLOYMENT = "employment", _("Employment")
    LANGUAGE = "language", _("Language and interpreter")
    TRANSPORT = "transport", _("Transport")
    LEISURE = "leisure", _("Leisure and social network")
    MOVING_HELP = "moving_help", _("Practical moving help")
    FURNITURE = "furniture", _("Furniture")
    DIGITAL = "digital", _("Digital access")
    OTHER = "other", _("Other")
