"""The app's settings plus one bench-only page, the signed-in floor (bench/urls.py).

bench/pages.py runs gunicorn and its in-process query count with
DJANGO_SETTINGS_MODULE=bench.settings; nothing else differs from brobygning.settings.
"""

from brobygning.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
