from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration data (manage.py seed_demo), drawn from every domain app's demo module."""

    name = "brobygning.demo"
    label = "demo"
