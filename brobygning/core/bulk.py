"""Plain rows written in bulk, for the few writes that are thousands of rows at a time (the
daily reminder scan). bulk_create builds and prepares a model instance per row, which at that
volume costs more than the database does; these rows are values already in database form."""

from django.db import connection


def insert_rows(model, field_names, rows, *, common=None) -> None:
    """Insert `rows` (tuples of database-ready values in the order of `field_names`) into
    `model`'s table, with the `common` {field name: value} in every row, in as few statements
    as the database allows. Every column must be given or nullable. A row that breaks a
    constraint raises IntegrityError, as bulk_create would."""
    ops = connection.ops
    common = common or {}
    fields = [model._meta.get_field(name) for name in (*field_names, *common)]
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    head = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608 (names from the model)
    rows = list(rows)
    if not rows:
        return
    if connection.vendor == "postgresql":
        # One array per column and each common value once: the statement stays short however
        # many rows it carries (a VALUES list of thousands of rows costs more to build and
        # parse than to write).
        casts = [f"%s::{field.db_type(connection)}" for field in fields]
        arrays = ", ".join(cast + "[]" for cast in casts[: len(field_names)])
        names = ", ".join(f"c{n}" for n in range(len(field_names)))
        select = ", ".join([names, *casts[len(field_names) :]])
        statements = [
            (
                f"SELECT {select} FROM unnest({arrays}) AS given({names})",  # noqa: S608
                [*common.values(), *(list(column) for column in zip(*rows, strict=True))],
            )
        ]
    else:
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        size = ops.bulk_batch_size(fields, rows) or 1
        shared = tuple(common.values())
        statements = [
            (
                "VALUES " + ", ".join([row_sql] * len(chunk)),
                [value for row in chunk for value in (*row, *shared)],
            )
            for chunk in (rows[start : start + size] for start in range(0, len(rows), size))
        ]
    with connection.cursor() as cursor:
        for body, params in statements:
            cursor.execute(head + body, params)
