from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrobygningConfig(AppConfig):
    name = "brobygning"
    verbose_name = _("Brobygning")

    def ready(self):
        from brobygning import checks, security_log

        checks.register_all()

        security_log.connect()
