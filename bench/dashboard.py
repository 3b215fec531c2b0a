"""Time the manager dashboard against whatever data the database holds.

Not a test: a benchmark for the DESIGN.md target (p95 server time under 100 ms with 10,000
households, 200 users and 100,000 journal entries on a 2-core machine). It renders the
dashboard through Django's test Client as a manager — the whole server side: middleware,
every figure's queries, charts and template — N times, and prints the median and p95 time in
milliseconds and the number of SQL queries of one request.

Usage (from the project root, with the database the settings point at already populated):

    .venv/bin/python bench/dashboard.py                      # 50 timed runs as the first manager
    .venv/bin/python bench/dashboard.py --runs 200 --user leder
    .venv/bin/python bench/dashboard.py --query "receiving_area=3&period_from=2024-01-01"
    .venv/bin/python bench/dashboard.py --url /oversigt/eksport/tal.csv
    DATABASE_URL=postgres://… .venv/bin/python bench/dashboard.py

The login writes one session row; the dashboard page itself writes nothing (case lists and
exports write an access-log row per request, so benchmark those on a copy). Exit status 1
when no manager exists or a request does not answer 200.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygning.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from brobygning.core.models import User  # noqa: E402
from brobygning.core.roles import Role  # noqa: E402
from followups.models import FollowUp  # noqa: E402
from households.models import Household, JournalEntry, Move  # noqa: E402
from referrals.models import Referral  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="timed requests (default 50)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--user", help="username of a manager (default: the first one)")
    parser.add_argument("--url", default=None, help="path to time (default: the dashboard)")
    parser.add_argument("--query", default="", help="query string, e.g. 'team=2'")
    return parser.parse_args()


def find_manager(username):
    managers = User.objects.filter(groups__name=Role.MANAGER, is_active=True).order_by("pk")
    if username:
        managers = managers.filter(username=username)
    manager = managers.first()
    if manager is None:
        sys.exit(f"No active manager{f' named {username!r}' if username else ''} in the database.")
    return manager


def main():
    args = parse_args()
    # The test Client calls itself "testserver"; let it in without touching the settings file.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
    url = (args.url or reverse("dashboard:index")) + (f"?{args.query}" if args.query else "")

    manager = find_manager(args.user)
    client = Client()
    client.force_login(manager)

    def get():
        response = client.get(url, secure=secure)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}, not 200.")
        return response

    for _ in range(args.warmup):
        get()
    # Counting needs the connection to live through the request: Django closes it at the
    # start and end of each one (as the test Client's own runs do, keep it for this one).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with CaptureQueriesContext(connection) as queries:
            get()
        query_count = len(queries)  # now: the next request empties the connection's log
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    timings = []
    for _ in range(max(args.runs, 1)):
        start = time.perf_counter()
        get()
        timings.append((time.perf_counter() - start) * 1000)

    timings.sort()
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]
    print(f"database     {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        "data         "
        f"{Household.objects.count():,} households, "
        f"{JournalEntry.objects.count():,} journal entries, "
        f"{FollowUp.objects.count():,} follow-ups, "
        f"{Referral.objects.count():,} referrals, "
        f"{Move.objects.count():,} moves, "
        f"{User.objects.count():,} users"
    )
    print(f"url          {url} as {manager.username}")
    print(f"runs         {len(timings)} (after {args.warmup} warm-up)")
    print(f"median       {statistics.median(timings):.1f} ms")
    print(f"p95          {p95:.1f} ms")
    print(f"min / max    {timings[0]:.1f} / {timings[-1]:.1f} ms")
    print(f"queries      {query_count}")


if __name__ == "__main__":
    main()
