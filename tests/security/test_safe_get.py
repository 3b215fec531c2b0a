"""GET is safe (ASVS 4.2.2; RFC 9110 § 9.2.1): a GET of any URL by any
role adds, removes and changes no row, except in the access log (reads are logged by
design) and the session table.

One documented exception: a receiver opening a referral leaves a read receipt
(`referrals.services.referral_open`), which the sender sees; only those two columns may
change on a GET.
"""

import pytest
from django.db import connection

from tests.security.conftest import ROLES, client_for
from tests.security.support import bugs_for, changed_tables, table_counts, tracked_models
from tests.security.test_url_policy import URL_POLICY, url_for

# The admin's pages run no view code for non-staff users (AdminSite.admin_view sends them to
# the login before the view); one non-staff role stands for all of them there.
ADMIN_ROLES = ("anonymous", "administrator", "manager")
ALL_ROLES = ("anonymous", *ROLES)
# allauth keeps its e-mail address rows in step with the user's e-mail when its e-mail page
# is shown; the brief leaves allauth's own bookkeeping out of this rule.
ALLAUTH_TABLES = {"account.emailaddress", "account.emailconfirmation"}
# table → columns a GET may change (the referral's read receipt, a save, which counts the
# optimistic-locking version up).
GET_MAY_CHANGE = {"referrals_referral": {"opened_at", "opened_by_id", "version"}}


def _queries():
    """table → SELECT of its rows, minus the columns a GET may change."""
    quote = connection.ops.quote_name
    queries = {}
    for model in tracked_models():
        table = model._meta.db_table
        if model._meta.label_lower in ALLAUTH_TABLES:
            continue
        skip = GET_MAY_CHANGE.get(table, set())
        columns = [f.column for f in model._meta.local_concrete_fields if f.column not in skip]
        select = ", ".join(quote(c) for c in columns)
        order = quote(model._meta.pk.column)
        queries[table] = f"SELECT {select} FROM {quote(table)} ORDER BY {order}"  # noqa: S608
    return queries


def _snapshot(queries):
    rows = {}
    with connection.cursor() as cursor:
        for table, query in queries.items():
            cursor.execute(query)
            rows[table] = cursor.fetchall()
    return rows


def _roles_for(url_name):
    return ADMIN_ROLES if url_name.startswith("admin:") else ALL_ROLES


@pytest.mark.parametrize(
    "url_name", [pytest.param(n, marks=bugs_for("safe_get", n)) for n in sorted(URL_POLICY)]
)
def test_a_get_as_any_role_leaves_every_row_count_and_value_unchanged(
    world, role_clients, url_name
):
    url = url_for(url_name, world)
    queries = _queries()
    clients = {role: role_clients[role] for role in _roles_for(url_name)}
    # Row counts are checked after each role (cheap: one query); the values once, before the
    # first and after the last role (nothing may change, so nothing can change back either).
    counts, rows = table_counts(), _snapshot(queries)
    for role, client in clients.items():
        client.get(url)
        changed = changed_tables(counts, table_counts())
        assert {t: c for t, c in changed.items() if t not in ALLAUTH_TABLES} == {}, role
    after = _snapshot(queries)
    changed = sorted(table for table in rows if rows[table] != after[table])
    assert changed == [], f"changed by a GET of one of {list(clients)}"


def test_the_read_receipt_is_the_only_change_a_get_may_make(world):
    """Keeps the exception narrow: opening a referral changes exactly its two receipt columns."""
    from referrals.models import Referral

    referral = world.own.referral
    client_for(world, "bridge_builder").get(url_for("referrals:detail", world))
    after = Referral.objects.get(pk=referral.pk)
    assert after.opened_by_id == world.bridge_builder.pk
    assert after.status == referral.status and after.updated_at == referral.updated_at
