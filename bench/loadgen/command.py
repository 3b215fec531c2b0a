"""Running the generator: refusals, removing earlier data, timing, ANALYZE."""

import sys
import time

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bench.loadgen import CLOSED_SHARE
from bench.loadgen.clear import LoadDataRefused, clear_load_data
from bench.loadgen.data import REFERENCE_PREFIX
from bench.loadgen.generator import LoadData
from bench.loadgen.writer import Writer, explicit_timestamps
from households.models import Household


def generate(*, households, seed=42, closed_share=CLOSED_SHARE, force=False, stdout=None):
    """Remove earlier load data, generate `households` cases with `seed` (`closed_share` of
    them closed), ANALYZE; report the row counts and the time to `stdout`. Returns
    {model label: rows generated}."""
    stdout = stdout or sys.stdout

    if settings.PRODUCTION:
        raise LoadDataRefused("The load-data generator refuses to run with DJANGO_ENV=production.")
    if households < 1:
        raise LoadDataRefused("--households must be at least 1.")
    if not 0 <= closed_share <= 1:
        raise LoadDataRefused("--closed-share must be between 0 and 1.")
    real = Household.objects.exclude(reference__startswith=REFERENCE_PREFIX).count()
    if real and not force:
        raise LoadDataRefused(
            f"The database holds {real} real household(s) (references not starting with "
            f"{REFERENCE_PREFIX!r}). Use an empty database, or pass --force to add load "
            "data beside them."
        )
    started = time.perf_counter()
    try:
        with transaction.atomic():
            removed = clear_load_data()
    except IntegrityError as error:
        raise LoadDataRefused(
            f"Earlier load data could not be removed; real rows point at it ({error})."
        ) from error
    cleared = time.perf_counter()
    if removed:
        print(
            f"Removed earlier load data ({sum(removed.values())} root rows) in "
            f"{cleared - started:.1f} s.",
            file=stdout,
        )
    with transaction.atomic(), explicit_timestamps(apps.get_models()):
        if connection.vendor == "postgresql":
            # Check foreign keys per statement, in the writer's time, not all at commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with Writer() as writer:
            generator = LoadData(
                households=households,
                seed=seed,
                closed_share=closed_share,
                today=timezone.localdate(),
                writer=writer,
            )
            counts = generator.run()
    # The dashboard's derived rows: bulk inserts bypass the signals that keep them.
    from brobygning.dashboard import summary

    summary.rebuild()
    generated = time.perf_counter()
    maintenance = ""
    if connection.vendor == "postgresql":
        # Fresh planner statistics for what follows, and VACUUM: where autovacuum is off or
        # behind (it is off on the benchmark machine), hundreds of thousands of dead rows from
        # earlier load data would stay in the tables and indexes, and freshly inserted tables
        # have no visibility map, so every index-only scan (the counts of the start pages,
        # the dashboard's covering indexes) would read the table as well, as it never does
        # once autovacuum has been by. VACUUM cannot run inside a transaction.
        maintenance = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(maintenance)
    analysed = time.perf_counter()

    width = max(len(label) for label in counts)
    for label, count in sorted(counts.items()):
        print(f"  {label:<{width}} {count:>9}", file=stdout)
    print(
        f"Generated {households} households ({sum(counts.values())} rows, seed {seed}) "
        f"in {generated - cleared:.1f} s on {connection.vendor}"
        + (f"; {maintenance} {analysed - generated:.1f} s." if maintenance else "."),
        file=stdout,
    )
    return counts
