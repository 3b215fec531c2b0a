from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygning.models import TimeStampedModel


class HousingOrganisation(TimeStampedModel):
    """A social-housing organisation (boligorganisation) that lets dwellings and makes offers."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    # Local policy, not law: no statutory number of rehousing offers exists (almenlejeloven § 86).
    max_offers = models.PositiveSmallIntegerField(
        _("offers per household"),
        null=True,
        blank=True,
        help_text=_(
            "How many housing offers a household gets under local policy. Empty: no limit."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("housing organisation")
        verbose_name_plural = _("housing organisations")

    def __str__(self):
        return self.name


class Area(TimeStampedModel):
    """A housing area: a transformation area households leave, a receiving area, or both."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    housing_organisation = models.ForeignKey(
        HousingOrganisation,
        verbose_name=_("housing organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="areas",
    )
    is_transformation_area = models.BooleanField(_("transformation area"), default=False)
    is_receiving_area = models.BooleanField(_("receiving area"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name
