from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The management dashboard: figures, charts and exports over the domain apps."""

    name = "brobygning.dashboard"
    label = "dashboard"
