from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Registers our deployment checks (manage.py check --deploy, check_production) on import.
from brobygning import checks  # noqa: F401


class BrobygningConfig(AppConfig):
    name = "brobygning"
    verbose_name = _("Brobygning")

    def ready(self):
        from brobygning import security_log

        security_log.connect()
