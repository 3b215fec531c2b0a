import os

from django.core.wsgi import get_wsgi_application

from brobygning.env import load_settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygning.settings")

# Exit code 3 is gunicorn's "worker failed to boot": it stops instead of restarting workers.
load_settings_or_exit(exit_code=3)
application = get_wsgi_application()
