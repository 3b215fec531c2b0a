"""The roles of the product. Each is a Django group, created by a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BRIDGE_BUILDER = "bridge_builder", _("Bridge-builder")
    REHOUSING_CONSULTANT = "rehousing_consultant", _("Rehousing consultant")
    MANAGER = "manager", _("Manager")
    ACTOR_CONTACT = "actor_contact", _("Actor contact")
    ADMINISTRATOR = "administrator", _("Administrator")


# Named sets of roles, one meaning each (compare by name, never by a tuple written again):
# who works on cases (the case file, follow-ups, the directory behind them) ...
CASE_WORKERS = (Role.BRIDGE_BUILDER, Role.MANAGER)
# ... who reads the organisation's figures ...
FIGURE_READERS = (Role.MANAGER, Role.ADMINISTRATOR)
# ... and who may open the cases behind a figure (names and references, not only counts).
CASE_LIST_READERS = (Role.MANAGER,)
