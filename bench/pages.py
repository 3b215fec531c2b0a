"""Benchmark: the key pages over HTTP at two data sizes, against the DESIGN.md targets.

For each database (by default the load databases of 1,000 and 10,000 households made by
`python -m bench.loadgen`; see bench/run) it starts gunicorn (`-w 2`, 127.0.0.1 only,
DJANGO_ENV=demo, DJANGO_DEBUG=false, so Django caches compiled templates), signs in one user
per role by writing a session row (the login form's throttling stays out of the figures), and:

* counts the SQL queries of each page in-process (Django's test Client, same database);
* requests every page in turn, round-robin, `--requests` times (after `--warmup` rounds), and
  takes the server time of each request from gunicorn's access log (%(D)s: from reading the
  request to writing the response, in the worker), the client time around it, and from
  /proc/<worker>/schedstat the worker's CPU time and the time it waited for a CPU (how much
  other processes on the machine stretched that request);
* reads the peak resident memory (VmHWM) of each gunicorn worker;
* loads the caseload page with concurrent clients for `--throughput-seconds` (wrk when
  installed, else a small threaded loop), on loopback only.

The baseline is `/health/` (a minimal view: one `SELECT 1`, a JSON body) requested with a
bridge-builder's session, so it pays the same session and user look-up as every page; measured
in the same rounds, so every page is also reported as a multiple of it. The same view without a
session is a reference row. Prints a table of every figure
against its target and writes bench/results/pages.json. Not a test: timings on a shared
machine are noisy (the load average is recorded with the results), so this only reports.

    .venv/bin/python bench/pages.py                       # both load databases
    .venv/bin/python bench/pages.py --database 1000=postgres://postgres@127.0.0.1/x --requests 20
    .venv/bin/python bench/pages.py --conn-max-age 0 --out bench/results/pages_conn_max_age_0.json

The last form is an experiment: the app reuses a PostgreSQL connection for 60 s by default
(`DJANGO_CONN_MAX_AGE`); `--conn-max-age N` sets it for the server, 0 opening one per request.
Exit status 0 whether or not targets are met; non-zero when a run fails.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PG = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DATABASES = [f"1000={PG}/brobygning_load_1k", f"10000={PG}/brobygning_load_10k"]

TARGET_P95_MS = 100.0
TARGET_FLOOR_RATIO = 4.0  # page CPU p50 / floor CPU p50, at RATIO_SIZE households
RATIO_SIZE = "10000"
TARGET_WORKER_MB = 200.0
TARGET_PAGE_KB = 300.0
FLOOR = "floor"
BASELINE = FLOOR  # the other figures are compared with the signed-in floor
# Measured to explain the others, not key pages with targets.
REFERENCES = {
    "health": "(reference: one SELECT 1 as JSON, signed in)",
    "health_anonymous": "(reference: the same without a session)",
}

# name, label, who requests it (a key of the users pick_targets() returns; None: anonymous)
PAGES = [
    (FLOOR, "floor: layout only, signed in", "builder"),
    ("health", "/health/ signed in", "builder"),
    ("health_anonymous", "/health/ anonymous", None),
    ("home", "start page (bridge-builder)", "builder"),
    ("home_manager", "start page (manager)", "manager"),
    ("home_consultant", "start page (rehousing cons.)", "consultant"),
    ("home_contact", "start page (actor contact)", "actor_contact"),
    ("caseload", "caseload (bridge-builder)", "builder"),
    ("caseload_manager", "caseload (manager, all)", "manager"),
    ("case_page", "case page (long timeline)", "case_builder"),
    ("referral_inbox", "referral inbox", "builder"),
    ("actor_directory", "actor directory", "builder"),
    ("portal_queue", "portal queue (actor contact)", "actor_contact"),
    ("dashboard", "dashboard (manager)", "manager"),
    ("dashboard_cold", "dashboard, figures computed", "manager"),
    # Each section of the dashboard is its own request, computed for a never-seen filter.
    ("dashboard_cold_caseload", "dashboard caseload, computed", "manager"),
    ("dashboard_cold_flow", "dashboard flow, computed", "manager"),
    ("dashboard_cold_followups", "dashboard follow-ups, computed", "manager"),
    ("dashboard_cold_outcomes", "dashboard outcomes, computed", "manager"),
    ("dashboard_cold_needs", "dashboard needs, bridges, computed", "manager"),
    ("dashboard_cold_areas", "dashboard receiving areas, computed", "manager"),
    ("my_tasks", "my tasks", "tasks_builder"),
]
# Page weight: the first page after login and the case page, as a browser with an empty
# cache fetches them (the HTML and every stylesheet, script, image and font it refers to).
WEIGHED = [("home", "first page after login (start page)"), ("case_page", "case page")]
# A different period end in each round, so the dashboard's cached figures never answer.
COLD = "{cold}"
DASHBOARD_SECTIONS = ("caseload", "flow", "followups", "outcomes", "needs", "areas")
ACCESS_LOG_FORMAT = "%({x-bench}i)s %(s)s %(D)s"


def at_least_one(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def p95(values):
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def summary(values):
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(p95(values), 2),
        "max_ms": round(max(values), 2),
    }


# --- The child: one database, in its own process (Django reads DATABASE_URL at setup) -------


def child_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def pick_targets():
    """The users and records each page is requested for: the biggest case, the busiest
    bridge-builder and actor contact, so each page shows its heaviest realistic load."""
    from django.db.models import Count, Exists, OuterRef, Q

    from brobygning.core.models import User
    from brobygning.core.roles import Role
    from followups.models import FollowUp
    from households.models import Bridge, Consent, Household, Move, Phase

    pending = [Bridge.Status.REQUESTED]  # what the portal queue lists, a page at a time

    users = User.objects.filter(is_active=True).order_by("username")
    team = (
        Household.objects.open()
        .exclude(team=None)
        .values("team")
        .annotate(n=Count("pk"))
        .order_by("-n", "team")
        .first()
    )
    builder = users.filter(groups__name=Role.BRIDGE_BUILDER, team=team["team"]).first()
    manager = users.filter(groups__name=Role.MANAGER).first()
    consultant = (
        users.filter(groups__name=Role.REHOUSING_CONSULTANT)
        .annotate(n=Count("referrals_sent"))
        .order_by("-n", "username")
        .first()
    )
    # The longest timeline among ongoing cases that have every kind of record the page shows,
    # so the same queries run at every size (a prefetch only runs when there are rows).
    longest = Household.objects.annotate(n=Count("journal")).order_by("-n", "pk")
    case = (
        longest.filter(phase=Phase.ONGOING)
        .filter(
            Exists(Move.objects.filter(household=OuterRef("pk"))),
            Exists(Consent.objects.filter(household=OuterRef("pk"))),
            Exists(Bridge.objects.filter(household=OuterRef("pk"), support_offer__isnull=False)),
        )
        .first()
    ) or longest.first()
    tasks = (
        users.filter(groups__name=Role.BRIDGE_BUILDER)
        .annotate(n=Count("followups", filter=Q(followups__status=FollowUp.Status.OPEN)))
        .order_by("-n", "username")
        .first()
    )
    contact = (
        users.filter(groups__name=Role.ACTOR_CONTACT, contact_persons__is_active=True)
        .annotate(
            n=Count(
                "contact_persons__actor__offers__bridges",
                filter=Q(contact_persons__actor__offers__bridges__status__in=pending),
            )
        )
        .order_by("-n", "username")
        .first()
    )
    # What the portal shows the contact: the requests shared with their actor.
    requested = Bridge.objects.addressed_to(contact).filter(status__in=pending).count()
    return {
        "users": {
            "builder": builder,
            "manager": manager,
            "consultant": consultant,
            "case_builder": case.bridge_builder,
            "tasks_builder": tasks,
            "actor_contact": contact,
        },
        "case": case,
        "notes": {
            "builder": f"{builder.username}, team of {team['n']} open cases",
            "case": f"{case.reference}: {case.n} journal entries",
            "tasks_builder": f"{tasks.username}: {tasks.n} open follow-ups",
            "actor_contact": f"{contact.username}: {requested} requests in the queue",
        },
    }


def page_paths(case):
    from django.urls import NoReverseMatch, reverse

    paths = {}
    for name, url_name, args in [
        (FLOOR, "bench_floor", []),
        ("health", "health", []),
        ("health_anonymous", "health", []),
        ("home", "home", []),
        ("home_manager", "home", []),
        ("home_consultant", "home", []),
        ("home_contact", "home", []),
        ("caseload", "households:caseload", []),
        ("caseload_manager", "households:caseload", []),
        ("case_page", "households:detail", [case.pk]),
        ("referral_inbox", "referrals:inbox", []),
        ("actor_directory", "actors:directory", []),
        ("portal_queue", "portal:queue", []),
        ("dashboard", "dashboard:index", []),
        ("dashboard_cold", "dashboard:index", []),
        ("my_tasks", "followups:tasks", []),
    ]:
        try:
            paths[name] = reverse(url_name, args=args)
        except NoReverseMatch:  # the dashboard may not exist yet
            pass
    if "dashboard_cold" in paths:
        for section in DASHBOARD_SECTIONS:
            paths[f"dashboard_cold_{section}"] = f"{paths['dashboard_cold']}?section={section}"
            paths[f"dashboard_cold_{section}"] += f"&period_to={COLD}"
        paths["dashboard_cold"] += f"?period_to={COLD}"
    return paths


def concrete(path, round_no):
    """The path of one request: a cold dashboard's period ends a different number of days
    ago in each round (3 to 202 days: as much data as the default period ending today)."""
    if COLD not in path:
        return path
    from datetime import date, timedelta

    return path.replace(COLD, (date.today() - timedelta(days=3 + round_no % 200)).isoformat())


def open_session(user):
    """A signed-in session written straight to the session store, as a login would leave it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    now = int(time.time())
    session["login_at"] = session["last_seen"] = now  # brobygning.core.middleware's idle timeout
    session.create()
    return session.session_key


def count_queries(pages, cookies):
    """Queries of one warm request per page, in-process against the same database. A page
    that does not answer 200 (other engineers are changing pages while this runs) is reported
    with its status instead of stopping the run."""
    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    counts = {}
    # Keep the connection through the request, or its query log is lost (bench/dashboard.py).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for name, path, who in pages:
            client = Client(raise_request_exception=False)
            if who:
                client.cookies[settings.SESSION_COOKIE_NAME] = cookies[who]
            client.get(concrete(path, 198))  # warm: fills caches (content types, …)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(concrete(path, 199))
            if response.status_code != 200:
                if name == BASELINE:
                    raise SystemExit(f"{path} answered {response.status_code}, not 200.")
                counts[name] = {"error": f"{path} answered {response.status_code}"}
                continue
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
            counts[name] = {
                "queries": len(queries),
                "query_shapes": [shape(q["sql"]) for q in queries.captured_queries],
                "slowest": [
                    {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]}
                    for q in slowest
                ],
            }
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return counts


def shape(sql):
    """A query without its values, to tell which query a count differs by."""
    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"_django_curs_\w+", "cursor", sql)[:160]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with the access log the timings are read from."""

    def __init__(self, workers, logdir):
        self.port = free_port()
        self.workers = workers
        self.access_log = Path(logdir) / "access.log"
        self.error_log = Path(logdir) / "error.log"
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603 (fixed argument list, no shell)
            [
                GUNICORN,
                "brobygning.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--no-control-socket",
                "--access-logfile",
                str(self.access_log),
                "--access-logformat",
                ACCESS_LOG_FORMAT,
                "--error-logfile",
                str(self.error_log),
            ],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if request(self.port, "/health/", {})[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise SystemExit("gunicorn did not start:\n" + self.error_log.read_text()[-2000:])

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_memory(self):
        """VmHWM (peak) and VmRSS of each worker process, in MB."""
        workers = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                status = (proc / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() != str(self.process.pid):
                continue
            workers.append(
                {
                    "pid": int(proc.name),
                    "peak_mb": round(int(fields["VmHWM"].split()[0]) / 1024, 1),
                    "rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
                }
            )
        return workers

    def server_times(self):
        """{request id: server time in ms} from the access log."""
        times = {}
        for line in self.access_log.read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] != "-":
                times[parts[0]] = int(parts[2]) / 1000
        return times


def fetch(port, path, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("Content-Type", "")
    finally:
        connection.close()


# What a browser fetches for a page: stylesheets, scripts, icons, images, frames, and what
# the stylesheets refer to (fonts, images).
ASSET = re.compile(
    r"<(?:link|script|img|source|iframe|embed|object)\b[^>]*?\b(?:href|src|data)=\"([^\"]+)\"",
    re.I,
)
CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)")
CSS_IMPORT = re.compile(r"@import\s+[\"']([^\"']+)")


def page_weight(server, path, cookie):
    """Bytes and requests of one page as a browser with an empty cache gets it. The HTML is
    counted as sent (gunicorn does not compress it); static files compressed with gzip, as the
    production static storage (WhiteNoise, CompressedManifestStaticFilesStorage) serves them.
    Any reference to another host is listed: the target is that none leaves the site."""
    import gzip
    from urllib.parse import urljoin, urlsplit

    from django.conf import settings

    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    status, body, _type = fetch(server.port, path, headers)
    if status != 200:
        raise SystemExit(f"{path} answered {status} while weighing it.")
    files = [{"url": path, "bytes": len(body), "sent": len(body), "gzip": len(gzip.compress(body))}]
    external, seen = [], {path}
    queue = [(path, match) for match in ASSET.findall(body.decode())]
    while queue:
        base, ref = queue.pop(0)
        ref = ref.replace("&amp;", "&")
        if ref.startswith(("data:", "#", "mailto:", "tel:", "javascript:")):
            continue
        url = urljoin(base, ref)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            external.append(url)
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if url in seen:
            continue
        seen.add(url)
        status, content, content_type = fetch(server.port, url, headers)
        packed = len(gzip.compress(content))
        files.append(
            {
                "url": url,
                "status": status,
                "bytes": len(content),
                "gzip": packed,
                "sent": min(packed, len(content)),
            }
        )
        if "css" in content_type:
            text = content.decode("utf-8", "replace")
            queue += [(url, ref) for ref in CSS_URL.findall(text) + CSS_IMPORT.findall(text)]
    return {
        "requests": len(files),
        "bytes_sent": sum(f["sent"] for f in files),
        "bytes_uncompressed": sum(f["bytes"] for f in files),
        "html_bytes": files[0]["bytes"],
        "external": external,
        "files": files,
    }


def database_size():
    """Size on disk and live rows of the database the child measures."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables")
        rows = cursor.fetchone()[0]
    return {"bytes": size, "mb": round(size / 2**20), "rows": int(rows)}


def request(port, path, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def time_pages(server, pages, cookies, rounds, warmup):
    client_ms = {name: [] for name, *_ in pages}
    cpu_ms = {name: [] for name, *_ in pages}
    wait_ms = {name: [] for name, *_ in pages}
    sizes = {}
    from django.conf import settings

    workers = [w["pid"] for w in server.worker_memory()]
    for round_no in range(-warmup, rounds):
        for name, path, who in pages:
            headers = {"X-Bench": f"{name}:{round_no}"}
            if who:
                headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookies[who]}"
            run_before, wait_before = schedstat(workers)
            start = time.perf_counter()
            status, size = request(server.port, concrete(path, round_no), headers)
            elapsed = (time.perf_counter() - start) * 1000
            run_after, wait_after = schedstat(workers)
            if status != 200:
                raise SystemExit(f"{path} answered {status} over HTTP, not 200.")
            if round_no >= 0:
                client_ms[name].append(elapsed)
                cpu_ms[name].append((run_after - run_before) / 1e6)
                wait_ms[name].append((wait_after - wait_before) / 1e6)
                sizes[name] = size
    time.sleep(0.5)  # let gunicorn flush the access log
    logged = server.server_times()
    results = {}
    for name, _path, _who in pages:
        server_ms = [logged[f"{name}:{i}"] for i in range(rounds) if f"{name}:{i}" in logged]
        if len(server_ms) != rounds:
            raise SystemExit(f"The access log holds {len(server_ms)} of {rounds} for {name}.")
        results[name] = {
            "server": summary(server_ms),
            "client": summary(client_ms[name]),
            "worker_cpu": summary(cpu_ms[name]),
            "worker_cpu_wait": summary(wait_ms[name]),
            "bytes": sizes[name],
        }
    return results


def schedstat(pids):
    """Nanoseconds the processes spent on a CPU and waiting for one (runnable, not running):
    the first says what a request costs whatever else the machine does, the second how much
    other processes delayed it."""
    run = wait = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/schedstat").read_text().split()
        run, wait = run + int(fields[0]), wait + int(fields[1])
    return run, wait


def throughput(server, path, cookie, seconds, connections):
    """Requests per second of one page under `connections` concurrent clients."""
    from django.conf import settings

    url = f"http://127.0.0.1:{server.port}{path}"
    cookie = f"{settings.SESSION_COOKIE_NAME}={cookie}"
    wrk = shutil.which("wrk")
    if wrk:
        result = subprocess.run(  # noqa: S603 (fixed argument list, loopback URL)
            [
                wrk,
                "-t",
                "2",
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--latency",
                "-H",
                f"Cookie: {cookie}",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
        out = result.stdout

        def grab(pattern, cast=float):
            match = re.search(pattern, out)
            return cast(match.group(1)) if match else None

        def ms(pattern):
            match = re.search(pattern + r"\s+([\d.]+)(us|ms|s)\b", out)
            if not match:
                return None
            value, unit = float(match.group(1)), match.group(2)
            return round(value * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

        return {
            "tool": "wrk",
            "connections": connections,
            "seconds": seconds,
            "requests": grab(r"(\d+) requests in", int),
            "requests_per_s": grab(r"Requests/sec:\s+([\d.]+)"),
            "latency_p50_ms": ms(r"50%"),
            "latency_p99_ms": ms(r"99%"),
            "errors": (grab(r"Non-2xx or 3xx responses: (\d+)", int) or 0)
            + (grab(r"Socket errors: connect (\d+)", int) or 0),
        }
    # Fallback: a small threaded loop.
    stop = time.monotonic() + seconds
    latencies, errors, lock = [], [0], threading.Lock()

    def loop():
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                status, _ = request(server.port, path, {"Cookie": cookie})
            except OSError:
                status = 0
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
                errors[0] += status != 200

    threads = [threading.Thread(target=loop) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "tool": "python threads",
        "connections": connections,
        "seconds": seconds,
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / seconds, 1),
        "latency_p50_ms": round(statistics.median(latencies), 2),
        "latency_p99_ms": round(statistics.quantiles(latencies, n=100)[98], 2),
        "errors": errors[0],
    }


def wait_for_quiet(threshold, max_wait):
    """Other processes on a 2-core machine stretch every timing: wait (a bounded time) until
    the 1-minute load average drops below `threshold`. Returns the seconds waited."""
    start = time.monotonic()
    while os.getloadavg()[0] >= threshold and time.monotonic() - start < max_wait:
        time.sleep(5)
    return round(time.monotonic() - start)


def run_child(args):
    child_setup()
    from django.conf import settings
    from django.db import connection
    from django.template import engines

    from brobygning.core.models import User
    from followups.models import FollowUp
    from households.models import Household, JournalEntry
    from referrals.models import Referral

    loaders = [type(loader).__module__ for loader in engines["django"].engine.template_loaders]
    targets = pick_targets()
    cookies = {who: open_session(user) for who, user in targets["users"].items()}
    paths = page_paths(targets["case"])
    pages = [(name, paths[name], who) for name, _label, who in PAGES if name in paths]
    if args.pages:  # a subset, always with the floor the ratios are taken against
        chosen = {FLOOR, *args.pages.split(",")}
        pages = [page for page in pages if page[0] in chosen]
    data = {
        "households": Household.objects.count(),
        "journal_entries": JournalEntry.objects.count(),
        "followups": FollowUp.objects.count(),
        "referrals": Referral.objects.count(),
        "users": User.objects.count(),
        "database": database_size() if connection.vendor == "postgresql" else None,
    }
    queries = count_queries(pages, cookies)
    broken = {name: queries[name]["error"] for name, *_ in pages if "error" in queries[name]}
    pages = [page for page in pages if page[0] not in broken]
    connection.close()  # the server gets the database to itself while it is timed
    waited = wait_for_quiet(args.quiet_below, args.max_wait)
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory(prefix="bench-pages-") as logdir,
        Server(args.workers, logdir) as server,
    ):
        timings = time_pages(server, pages, cookies, args.requests, args.warmup)
        memory_pages = server.worker_memory()
        who_asks = {name: who for name, _path, who in pages}
        weights = {
            name: page_weight(server, paths[name], cookies[who_asks[name]])
            for name, _label in WEIGHED
            if name in who_asks
        }
        caseload = throughput(
            server,
            paths["caseload"],
            cookies["builder"],
            args.throughput_seconds,
            args.connections,
        )
        memory = server.worker_memory()
    result = {
        "database": settings.DATABASES["default"]["NAME"],
        "debug": settings.DEBUG,
        "template_loaders": loaders,
        "data": data,
        "targets": targets["notes"],
        "waited_for_quiet_s": waited,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "pages": {
            name: {"path": path, **queries[name], **timings[name]} for name, path, _ in pages
        },
        "broken_pages": broken,
        "workers_after_pages": memory_pages,
        "workers": memory,
        "worker_peak_mb": max(w["peak_mb"] for w in memory),
        "throughput_caseload": caseload,
        "page_weight": weights,
    }
    Path(args.child_out).write_text(json.dumps(result, indent=2))


# --- The parent: one child per database, then the comparison --------------------------------


def verdict(ok):
    return "ok" if ok else "MISS"


def describe_database(database):
    if not database:
        return "-"
    return f"{database['mb']:,} MB on disk, {database['rows']:,} rows"


def weight_lines(weights, misses, size):
    lines = []
    labels = dict(WEIGHED)
    for name, weight in weights.items():
        kb = weight["bytes_sent"] / 1024
        ok = kb < TARGET_PAGE_KB and not weight["external"]
        if not ok:
            misses.append(f"page weight of the {labels[name]} at {size}")
        lines.append(
            f"  weight of the {labels[name]}: {kb:.0f} KB sent in {weight['requests']} requests "
            f"({weight['bytes_uncompressed'] / 1024:.0f} KB uncompressed, HTML "
            f"{weight['html_bytes'] / 1024:.0f} KB), {len(weight['external'])} to other sites "
            f"(target < {TARGET_PAGE_KB:.0f} KB, none) {verdict(ok)}"
        )
    return lines


def report(runs, args):
    sizes = list(runs)
    ratio_size = RATIO_SIZE if RATIO_SIZE in runs else sizes[-1]
    floor_cpu = runs[ratio_size]["pages"][FLOOR]["worker_cpu"]["median_ms"]
    variant = f", DJANGO_CONN_MAX_AGE={args.conn_max_age}" if args.conn_max_age is not None else ""
    lines = [
        "",
        f"Pages over HTTP (gunicorn -w {args.workers}, PostgreSQL, DEBUG off, cached templates"
        f"{variant}); server time from gunicorn's log, ms; {args.requests} requests each.",
        f"Targets: p95 < {TARGET_P95_MS:.0f} ms at every size; CPU p50 <= "
        f"{TARGET_FLOOR_RATIO:.0f}x the floor's at {ratio_size} households (same run); "
        "same query count at every size.",
        f"cpu/wait {ratio_size}: median CPU time of the gunicorn worker per request (PostgreSQL's "
        "time is not in it), and the time it sat runnable waiting for a CPU (other processes).",
        "",
    ]
    header = f"{'page':<31}{'queries':>12}"
    for size in sizes:
        header += f"{f'p50 {size}':>12}{f'p95 {size}':>12}"
    header += f"{f'cpu {ratio_size}':>11}{'x floor':>9}{'wait':>7}  targets"
    lines += [header, "-" * len(header)]
    misses = []
    for name, label, _who in PAGES:
        errors = [runs[size].get("broken_pages", {}).get(name) for size in sizes]
        if any(errors):
            lines.append(f"{label:<31}ERROR: {'; '.join(e for e in errors if e)}")
            misses.append(f"{label}: not measured ({'; '.join(e for e in errors if e)})")
            continue
        if any(name not in runs[size]["pages"] for size in sizes):
            continue
        counts = [runs[size]["pages"][name]["queries"] for size in sizes]
        row = f"{label:<31}{'/'.join(map(str, counts)):>12}"
        for size in sizes:
            server = runs[size]["pages"][name]["server"]
            row += f"{server['median_ms']:>12.1f}{server['p95_ms']:>12.1f}"
        measured = runs[ratio_size]["pages"][name]
        cpu = measured["worker_cpu"]["median_ms"]
        ratio = cpu / floor_cpu
        wait = measured["worker_cpu_wait"]["median_ms"]
        row += f"{cpu:>11.1f}{ratio:>9.1f}{wait:>7.1f}  "
        if name == FLOOR:
            row += "(the floor: middleware, navigation, base layout)"
        elif name in REFERENCES:
            row += REFERENCES[name]
        else:
            slow = [
                size
                for size in sizes
                if runs[size]["pages"][name]["server"]["p95_ms"] >= TARGET_P95_MS
            ]
            checks = {
                "p95<100": not slow,
                f"<={TARGET_FLOOR_RATIO:.0f}x": ratio <= TARGET_FLOOR_RATIO,
                "queries": len(set(counts)) == 1,
            }
            row += " ".join(f"{key} {verdict(ok)}" for key, ok in checks.items())
            if slow:
                row += f" (at {', '.join(slow)})"
            misses += [f"{label}: {key}" for key, ok in checks.items() if not ok]
        lines.append(row)
    lines.append("")
    for name, label, _who in PAGES:
        shapes = [runs[size]["pages"].get(name, {}).get("query_shapes") for size in sizes]
        if None in shapes or len({len(s) for s in shapes}) == 1:
            continue
        first, last = set(shapes[0]), set(shapes[-1])
        lines.append(f"{label}: queries only at {sizes[0]}: {sorted(first - last) or '-'}")
        lines.append(f"{label}: queries only at {sizes[-1]}: {sorted(last - first) or '-'}")
    for size in sizes:
        run = runs[size]
        peak = run["worker_peak_mb"]
        ok = peak < TARGET_WORKER_MB
        if not ok:
            misses.append(f"worker memory at {size}")
        tp = run["throughput_caseload"]
        lines += [
            f"{size} households: data {run['data']}",
            f"  DEBUG {run['debug']}, template loaders {run['template_loaders']}",
            f"  picked: {run['targets']}",
            f"  worker peak RSS {peak:.0f} MB (target < {TARGET_WORKER_MB:.0f} MB) {verdict(ok)}"
            f"; per worker {[w['peak_mb'] for w in run['workers']]}",
            f"  caseload throughput ({tp['tool']}, {tp['connections']} connections, "
            f"{tp['seconds']} s): {tp['requests_per_s']} req/s, p50 {tp['latency_p50_ms']} ms, "
            f"p99 {tp['latency_p99_ms']} ms, errors {tp['errors']}",
            f"  database: {describe_database(run['data'].get('database'))}",
            *weight_lines(run.get("page_weight", {}), misses, size),
            f"  load average before/after: {run['load_average_before']} / "
            f"{run['load_average_after']} (waited {run['waited_for_quiet_s']} s for quiet)",
        ]
    lines += ["", "All targets met." if not misses else "TARGETS MISSED: " + "; ".join(misses)]
    return "\n".join(lines), misses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        action="append",
        metavar="SIZE=URL",
        help="a database to measure, e.g. 1000=postgres://…; repeat (default: the two "
        "brobygning_load_* databases)",
    )
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--throughput-seconds",
        type=at_least_one,
        default=10,
        help="seconds of the caseload's throughput run (at least 1)",
    )
    parser.add_argument("--connections", type=int, default=4, help="concurrent clients")
    parser.add_argument(
        "--quiet-below",
        type=float,
        default=1.5,
        help="wait until the 1-minute load average is below this before timing (default 1.5)",
    )
    parser.add_argument("--max-wait", type=int, default=120, help="seconds to wait at most")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        help="experiment: DJANGO_CONN_MAX_AGE for the server (seconds a connection is "
        "reused; the app's default is 60, 0 opens one per request)",
    )
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated page names to measure (default: all), e.g. case_page,home; "
        "the floor is always measured",
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "pages.json"))
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_out:
        return run_child(args)

    runs = {}
    for spec in args.database or DEFAULT_DATABASES:
        size, _, url = spec.partition("=")
        print(f"Measuring {size} households ({url}) …", flush=True)
        env = {
            **os.environ,
            **(
                {"DJANGO_CONN_MAX_AGE": str(args.conn_max_age)}
                if args.conn_max_age is not None
                else {}
            ),
            "DATABASE_URL": url,
            "DJANGO_ENV": "demo",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(  # noqa: S603 (this script, fixed arguments)
                [
                    PYTHON,
                    __file__,
                    "--child-out",
                    out.name,
                    "--requests",
                    str(args.requests),
                    "--warmup",
                    str(args.warmup),
                    "--workers",
                    str(args.workers),
                    "--throughput-seconds",
                    str(args.throughput_seconds),
                    "--connections",
                    str(args.connections),
                    "--quiet-below",
                    str(args.quiet_below),
                    "--max-wait",
                    str(args.max_wait),
                    "--pages",
                    args.pages,
                ],
                env=env,
                check=True,
                timeout=3600,
            )
            runs[size] = json.loads(Path(out.name).read_text())
    text, misses = report(runs, args)
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {"cpus": os.cpu_count()},
                "conn_max_age": args.conn_max_age,
                "targets": {
                    "p95_ms": TARGET_P95_MS,
                    "floor_cpu_ratio": TARGET_FLOOR_RATIO,
                    "floor_ratio_at": RATIO_SIZE,
                    "page_kb": TARGET_PAGE_KB,
                    "worker_peak_mb": TARGET_WORKER_MB,
                    "queries": "identical at every size",
                },
                "runs": runs,
                "misses": misses,
            },
            indent=2,
        )
    )
    print(f"Written to {args.out}")


if __name__ == "__main__":
    main()
