"""Helpers shared by the security tests: row counts, a digest of every table, and the register
of known bugs (each marked xfail(strict=True), so fixing one turns its test red until the
mark is removed here)."""

import hashlib

import pytest
from django.apps import apps
from django.db import connection

# Tables a request may legitimately write to while reading: the access log (a read is
# logged), sessions (login), and allauth's login bookkeeping.
UNTRACKED = {"brobygning.accesslog", "sessions.session"}


def tracked_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in UNTRACKED and model._meta.managed
    ]


def table_counts():
    """label → row count of every tracked table (one query)."""
    models = tracked_models()
    quote = connection.ops.quote_name
    # Table names come from the model registry, not from input.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {model._meta.label_lower: count for model, count in zip(models, row, strict=True)}


def db_digest(exclude=()):
    """A fingerprint of every row of every tracked table (less `exclude`, as labels):
    equal digests, equal data."""
    digest = hashlib.sha256()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in tracked_models():
            if model._meta.label_lower in exclude:
                continue
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608
            digest.update(table.encode())
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def changed_tables(before, after):
    return {
        label: (before.get(label), after.get(label))
        for label in set(before) | set(after)
        if before.get(label) != after.get(label)
    }


# --- Known bugs ----------------------------------------------------------------------------
# (test kind, url name, role) → what is wrong. Role "*" matches every role.
BUGS = {}


def bugs_for(kind, name, role="*"):
    reason = BUGS.get((kind, name, role)) or BUGS.get((kind, name, "*"))
    return [pytest.mark.xfail(strict=True, reason=f"BUG: {reason}")] if reason else []
