"""Removing earlier load data with plain SQL (never the ORM's row-by-row cascade)."""

from django.apps import apps
from django.db import connection, models

from actors.models import Actor, Area, HousingOrganisation
from bench.loadgen.data import NAME_PREFIX, REFERENCE_PREFIX, USERNAME_PREFIX
from brobygning.core.audit import audit_maintenance
from brobygning.core.models import Team, User
from followups.models import Event
from households.models import Household
from referrals.models import Referral


class LoadDataRefused(Exception):
    """The generator will not run here (production, real cases, or data it cannot remove)."""


def _load_roots():
    """The generated rows of each model that owns load data, as (model, filter) in the order
    they are removed: cases first, then the people and the directory they point at."""
    return [
        (Referral, models.Q(sender__username__startswith=USERNAME_PREFIX)),
        (Household, models.Q(reference__startswith=REFERENCE_PREFIX)),
        (Event, models.Q(organiser__username__startswith=USERNAME_PREFIX)),
        (User, models.Q(username__startswith=USERNAME_PREFIX)),
        (Actor, models.Q(name__startswith=NAME_PREFIX)),
        (Area, models.Q(name__startswith=NAME_PREFIX)),
        (HousingOrganisation, models.Q(name__startswith=NAME_PREFIX)),
        (Team, models.Q(name__startswith=NAME_PREFIX)),
    ]


def _subquery_sql(queryset):
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, list(params)


def _belongs_to_case(model):
    return any(
        isinstance(f, models.ForeignKey) and f.related_model is Household
        for f in model._meta.concrete_fields
    )


def _delete_rows(cursor, model, pk_sql, params, *, roots, inside_case, depth=0):
    """Delete the rows of `model` whose pk is in `pk_sql`, and first everything that points at
    them, with plain SQL: the ORM's cascade would load every row and write an audit entry per
    row. SET_NULL references are cleared. Rows of another root model are left alone (they are
    removed by their own filter), and so are case records reached from outside a case: if a
    real case points at load data, the foreign key stops the transaction instead of the
    command deleting it."""
    if depth > 6:
        raise LoadDataRefused(f"Relations too deep under {model._meta.label}.")
    table, pk = model._meta.db_table, model._meta.pk.column
    for child in apps.get_models(include_auto_created=True):
        for fk in child._meta.concrete_fields:
            if not isinstance(fk, models.ForeignKey) or fk.related_model is not model:
                continue
            if child in roots or (not inside_case and _belongs_to_case(child)):
                continue
            child_table, column = child._meta.db_table, fk.column
            on_delete = fk.remote_field.on_delete
            if on_delete is models.SET_NULL:
                cursor.execute(
                    f'UPDATE "{child_table}" SET "{column}" = NULL '  # noqa: S608
                    f'WHERE "{column}" IN ({pk_sql})',
                    params,
                )
            elif on_delete in (models.CASCADE, models.PROTECT):
                child_sql = (
                    f'SELECT "{child._meta.pk.column}" FROM "{child_table}" '  # noqa: S608
                    f'WHERE "{column}" IN ({pk_sql})'
                )
                _delete_rows(
                    cursor,
                    child,
                    child_sql,
                    params,
                    roots=roots,
                    inside_case=inside_case,
                    depth=depth + 1,
                )
    cursor.execute(f'DELETE FROM "{table}" WHERE "{pk}" IN ({pk_sql})', params)  # noqa: S608
    return cursor.rowcount


def clear_load_data():
    """Remove every row an earlier run generated. Returns {model label: rows removed}.

    That includes the access-log and change-history rows of load users (a benchmark logs in
    as them), which the database otherwise refuses to delete (`audit_maintenance`)."""
    roots = _load_roots()
    root_models = {model for model, _ in roots}
    removed = {}
    with audit_maintenance(), connection.cursor() as cursor:
        for model, condition in roots:
            sql, params = _subquery_sql(model.objects.filter(condition))
            count = _delete_rows(
                cursor,
                model,
                sql,
                params,
                roots=root_models - {model},
                inside_case=model in (Household, Referral, Event),
            )
            if count:
                removed[model._meta.label] = count
    return removed


# --- The generator --------------------------------------------------------------------------
