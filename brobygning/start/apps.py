from django.apps import AppConfig


class StartConfig(AppConfig):
    """The start page of each role: its queues read the domain apps."""

    name = "brobygning.start"
    label = "start"

    def ready(self):
        from brobygning.start import last_visit

        last_visit.connect()
