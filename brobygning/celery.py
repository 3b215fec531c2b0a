import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygning.settings")

app = Celery("brobygning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_configure.connect
def _stop_on_bad_configuration(sender, **kwargs):
    # A worker or beat with a missing or malformed variable says which, one line each.
    from brobygning.env import load_settings_or_exit

    load_settings_or_exit()
