from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Registers our deployment checks (manage.py check --deploy, check_production) on import.
from brobygning import checks  # noqa: F401


class BrobygningConfig(AppConfig):
    name = "brobygning"
    verbose_name = _("Brobygning")

    def ready(self):
        from allauth.account.signals import email_added, email_changed

        from brobygning import auth, security_log
        from brobygning.start import last_visit

        security_log.connect()
        last_visit.connect()
        email_added.connect(auth.on_email_added, dispatch_uid="brobygning.auth")
        email_changed.connect(auth.on_email_changed, dispatch_uid="brobygning.auth")
