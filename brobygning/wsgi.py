import gc
import os

from django.core.wsgi import get_wsgi_application

from brobygning.env import load_settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygning.settings")

# Exit code 3 is gunicorn's "worker failed to boot": it stops instead of restarting workers.
load_settings_or_exit(exit_code=3)
application = get_wsgi_application()

# What is loaded by now (settings, apps, models, URL patterns) lives as long as the worker.
# Frozen, it is left out of the collector's full passes, which otherwise walk some 150,000
# objects in the middle of a request (about 75 ms, every hundred or so case pages).
gc.freeze()
