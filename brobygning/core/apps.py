from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Registers our deployment checks (manage.py check --deploy, check_production) on import.
from brobygning.core import checks  # noqa: F401


class CoreConfig(AppConfig):
    """The kernel every domain app may use: users, teams, roles, access, audit, notifications.

    Its label stays `brobygning`, the label of the app these models were made in, so the
    tables (brobygning_user...), AUTH_USER_MODEL "brobygning.User", the recorded migrations,
    content types and permissions are the same rows as before the move to brobygning/core/.
    """

    name = "brobygning.core"
    label = "brobygning"
    verbose_name = _("Brobygning")

    def ready(self):
        from allauth.account.signals import email_added, email_changed

        from brobygning.core import auth, security_log

        security_log.connect()
        email_added.connect(auth.on_email_added, dispatch_uid="brobygning.core.auth")
        email_changed.connect(auth.on_email_changed, dispatch_uid="brobygning.core.auth")
