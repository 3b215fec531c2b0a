"""Writing rows fast: office-hours dates, the insert thread, batches, one case's story."""

import queue
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, connections

from bench.loadgen.data import BATCH_SIZE, TZ
from brobygning.core.models import without_history
from households.models import Closure, Household, Move
from referrals.models import Referral


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


# The two helpers below run about a million times for 10,000 households: one rng.random()
# each instead of randint() (several calls inside) keeps the generator well under a minute.


def _at(day, rng, first_hour=8, last_hour=16):
    """An aware datetime on `day` in office hours."""
    minute = int(rng.random() * (last_hour - first_hour + 1) * 60)
    return datetime(day.year, day.month, day.day, first_hour + minute // 60, minute % 60, tzinfo=TZ)


def _between(rng, start, end):
    """A day from `start` to `end`, both included."""
    if end <= start:
        return start
    return start + timedelta(days=int(rng.random() * ((end - start).days + 1)))


@contextmanager
def explicit_timestamps(model_list):
    """Let bulk_create store the created_at/updated_at we set (auto_now would overwrite them
    with the current time, and every generated row would look made today)."""
    fields = [
        f
        for model in model_list
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Writer:
    """Runs bulk inserts in a second thread on the command's own connection (so inside the
    same transaction), while the main thread builds the next batch: PostgreSQL inserts and
    checks foreign keys on one core while Python makes rows on the other.

    Only rows whose primary keys the generator never reads again go through here; before any
    insert it needs the keys of, the main thread waits until the queue is empty (`drain`), so
    the connection is never used by both threads at once.
    """

    def __init__(self):
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.queue = queue.Queue(maxsize=2)
        self.error = None
        self.thread = threading.Thread(target=self._run, name="load-data-writer", daemon=True)

    def __enter__(self):
        self.connection.inc_thread_sharing()
        self.thread.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.queue.put(None)
        self.thread.join()
        self.connection.dec_thread_sharing()
        if exc is None:
            self.check()

    def _run(self):
        connections[DEFAULT_DB_ALIAS] = self.connection
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                if self.error is None:  # after a failure, only empty the queue
                    model, rows = item
                    without_history(model.objects).bulk_create(rows, batch_size=BATCH_SIZE)
            except BaseException as error:  # handed to the main thread by check()
                self.error = error
            finally:
                self.queue.task_done()

    def check(self):
        if self.error is not None:
            raise self.error

    def put(self, model, rows):
        self.check()
        self.queue.put((model, rows))

    def drain(self):
        self.queue.join()
        self.check()


class Buffer:
    """Rows of one model, handed to the writer BATCH_SIZE at a time so big tables never sit in
    memory."""

    def __init__(self, model, counts, writer):
        self.model, self.rows, self.counts, self.writer = model, [], counts, writer

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        if self.rows:
            self.writer.put(self.model, self.rows)
            self.counts[self.model._meta.label] += len(self.rows)
            self.rows = []


@dataclass
class Story:
    """What happened to one household, decided first so every table tells the same story."""

    household: Household
    phase_index: int  # 1–8 for the open phases, 9 for closed
    opened_on: date
    end_on: date  # today, or the day it closed
    long_timeline: bool = False  # years of weekly contact: the case page's worst case
    moved_on: date | None = None
    members: list = field(default_factory=list)
    needs: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    move: Move | None = None
    closure: Closure | None = None
    referral: Referral | None = None
    bridges: list = field(default_factory=list)


# --- Removing earlier load data -------------------------------------------------------------
