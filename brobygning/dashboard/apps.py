from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The management dashboard: figures, charts and exports over the domain apps."""

    name = "brobygning.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from brobygning.dashboard import summary  # noqa: F401  (connects the signal handlers)
