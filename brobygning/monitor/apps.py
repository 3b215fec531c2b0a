from django.apps import AppConfig


class MonitorConfig(AppConfig):
    """Receiving-area monitor: a summary of households by receiving area."""

    name = "brobygning.monitor"
    label = "monitor"
