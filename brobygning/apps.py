from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrobygningConfig(AppConfig):
    name = "brobygning"
    verbose_name = _("Brobygning")

    def ready(self):
        from brobygning import security_log
        from brobygning.start import last_visit

        security_log.connect()
        last_visit.connect()
