"""The roles of the product. Each is a Django group, created by a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BRIDGE_BUILDER = "bridge_builder", _("Bridge-builder")
    REHOUSING_CONSULTANT = "rehousing_consultant", _("Rehousing consultant")
    MANAGER = "manager", _("Manager")
    ACTOR_CONTACT = "actor_contact", _("Actor contact")
    ADMINISTRATOR = "administrator", _("Administrator")
