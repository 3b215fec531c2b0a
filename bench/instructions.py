"""Instructions per request of the key pages, counted by valgrind: a figure that does not move
with the machine's speed.

CPU time per request on a shared machine moves by a third from one run to the next, and heavy
pages move more than the light floor they are compared with (bench/README.md). The number of
instructions a request executes does not: two runs of this script agree to within a percent,
so it tells whether a change made a page cheaper when the timings cannot.

For each page it starts two processes under `valgrind --tool=callgrind`, each of which signs
in, requests the page a few times to warm up, then requests it `--low` or `--high` more times;
the difference between the two counts, divided by `high - low`, is what one request costs
(Django's start-up, the warm-up and the process's exit cancel out). Pages are those of
bench/pages.py, requested as the same users, in process through Django's test client (no
gunicorn, no HTTP parsing: the floor's count is the application's, not the server's).

Usage (from the project root, with a load database: see bench/run):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brobygning_load_10k \\
        .venv/bin/python bench/instructions.py --pages floor,case_page,home,home_manager

About 80 s per page on this machine (the two processes run side by side). Needs valgrind
(`apt-get install valgrind`). Prints millions of instructions per request and the ratio to the
floor's.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="floor,case_page", help="names from bench/pages.py")
    parser.add_argument("--low", type=int, default=3, help="requests in the first run")
    parser.add_argument("--high", type=int, default=13, help="requests in the second run")
    parser.add_argument("--child", nargs=2, metavar=("PAGE", "N"), help=argparse.SUPPRESS)
    return parser.parse_args()


def child(page, requests):
    """Under valgrind: sign in, warm up, then request `page` `requests` times."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    import logging

    logging.disable(logging.CRITICAL)
    import django

    django.setup()
    import pages
    from django.test import Client

    targets = pages.pick_targets()
    paths = pages.page_paths(targets["case"])
    who = {name: user for name, _label, user in pages.PAGES}
    client = Client()
    if who[page]:
        client.force_login(targets["users"][who[page]])
    path = pages.concrete(paths[page], 0)
    for _ in range(5):
        response = client.get(path, HTTP_HOST="localhost")
        if response.status_code != 200:
            raise SystemExit(f"{page}: {path} answered {response.status_code}")
    for _ in range(requests):
        client.get(path, HTTP_HOST="localhost")


def count(page, requests):
    """Instructions executed by one child process."""
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            page,
            str(requests),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONMALLOC": "malloc"},
        capture_output=True,
        text=True,
    )
    found = COLLECTED.search(result.stderr)
    if result.returncode != 0 or not found:
        raise SystemExit(f"{page}: valgrind failed\n{result.stderr[-2000:]}")
    return int(found[1])


def per_request(page, low, high):
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(lambda n: count(page, n), (low, high))
    return (second - first) / (high - low)


def main():
    args = parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    names = [name.strip() for name in args.pages.split(",") if name.strip()]
    if "floor" not in names:
        names.insert(0, "floor")
    results = {}
    print(f"{'page':<28}{'M instructions':>16}{'x floor':>9}")
    for name in names:
        results[name] = per_request(name, args.low, args.high)
        ratio = results[name] / results["floor"]
        print(f"{name:<28}{results[name] / 1e6:>16.1f}{ratio:>9.2f}", flush=True)


if __name__ == "__main__":
    main()
