"""Audit data cannot be changed (ASVS 7.3.3).

On PostgreSQL, triggers (brobygning migration 0007) refuse UPDATE and DELETE on the access log
and the change history unless `audit_maintenance()` is open. SQLite has no such triggers; CI
runs the suite on PostgreSQL too, so those tests skip here rather than fail. The admin side
(no change or delete permission) is tested in test_audit_screen.py.
"""

from datetime import timedelta

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import InternalError, connection, transaction
from django.utils import timezone

from brobygning.core.audit import audit_maintenance
from brobygning.core.models import AccessLog
from brobygning.privacy import retention
from brobygning.privacy.erasure import anonymise_household
from tests.factories import AccessLogFactory, HouseholdFactory, UserFactory
from tests.source import callers_of

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the audit tables' triggers exist on PostgreSQL only (CI runs it)",
)
REFUSED = "audit data cannot be changed"
SEARCHED_NAME = "Familien Sporsen"
TEXT_COLUMN = {AccessLog: "detail", LogEntry: "object_repr"}

# The only modules that may change or delete audit rows, and why.
AUDIT_MAINTENANCE_ALLOWED = {
    # Access-log rows past their period are deleted.
    "brobygning/privacy/retention.py",
    # Art. 17 (and retention's anonymisation): names leave the history and the access log.
    "brobygning/privacy/erasure.py",
    # Removes its own generated rows (load users' log rows); refused in production.
    "bench/loadgen/clear.py",
}


@pytest.fixture
def access_row(db):
    return AccessLogFactory(detail="MRK-AUDIT")


@pytest.fixture
def history_row(db):
    with set_actor(UserFactory(username="author")):
        household = HouseholdFactory()
    return LogEntry.objects.get_for_object(household).get()


@pytest.fixture(params=["access_row", "history_row"])
def audit_row(request):
    return request.getfixturevalue(request.param)


def run_sql(sql, row):
    table = connection.ops.quote_name(row._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), [row.pk])


@postgresql_only
def test_a_raw_sql_update_of_an_audit_row_is_refused(audit_row):
    before = type(audit_row).objects.values().get(pk=audit_row.pk)

    column = TEXT_COLUMN[type(audit_row)]

    with pytest.raises(InternalError, match=REFUSED):
        run_sql(f"UPDATE {{table}} SET {column} = 'changed' WHERE id = %s", audit_row)  # noqa: S608

    assert type(audit_row).objects.values().get(pk=audit_row.pk) == before


@postgresql_only
def test_a_raw_sql_delete_of_an_audit_row_is_refused(audit_row):
    with pytest.raises(InternalError, match=REFUSED):
        run_sql("DELETE FROM {table} WHERE id = %s", audit_row)

    assert type(audit_row).objects.filter(pk=audit_row.pk).exists()


@postgresql_only
def test_a_history_entry_survives_an_attempted_delete_through_the_orm(history_row):
    with pytest.raises(InternalError, match=REFUSED), transaction.atomic():
        LogEntry.objects.filter(pk=history_row.pk).delete()

    assert LogEntry.objects.filter(pk=history_row.pk).exists()


@postgresql_only
def test_deleting_a_user_cannot_blank_the_actor_of_their_history_entries(history_row):
    """LogEntry.actor is SET_NULL: deleting the user would rewrite the entry. Deactivate
    users instead."""
    with pytest.raises(InternalError, match=REFUSED), transaction.atomic():
        history_row.actor.delete()

    history_row.refresh_from_db()
    assert history_row.actor.username == "author"


@postgresql_only
def test_audit_maintenance_lets_its_block_change_audit_rows_and_no_more(access_row):
    with audit_maintenance():
        AccessLog.objects.filter(pk=access_row.pk).update(detail="scrubbed")

    access_row.refresh_from_db()
    assert access_row.detail == "scrubbed"
    with pytest.raises(InternalError, match=REFUSED):
        run_sql("DELETE FROM {table} WHERE id = %s", access_row)


@postgresql_only
def test_a_failing_maintenance_block_leaves_the_protection_on(access_row):
    with pytest.raises(ZeroDivisionError), audit_maintenance():
        AccessLog.objects.filter(pk=access_row.pk).delete()
        1 / 0  # noqa: B018

    assert AccessLog.objects.filter(pk=access_row.pk).exists()
    with pytest.raises(InternalError, match=REFUSED):
        run_sql("DELETE FROM {table} WHERE id = %s", access_row)


@postgresql_only
def test_the_retention_purge_still_deletes_expired_access_log_rows(db, settings):
    with time_machine.travel(timezone.now() - timedelta(days=3 * 365), tick=False):
        expired = AccessLogFactory()
    fresh = AccessLogFactory()
    settings.BROBYGNING = {**settings.BROBYGNING, "ACCESS_LOG_RETENTION_DAYS": 365}

    report = retention.purge()

    assert report.access_log_deleted == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not AccessLog.objects.filter(pk=expired.pk).exists()


@postgresql_only
def test_the_anonymisation_still_rewrites_the_history_and_the_access_log(db):
    manager = UserFactory(username="leder", role="manager")
    with set_actor(manager):
        household = HouseholdFactory(display_name=SEARCHED_NAME)
    search = AccessLogFactory(action="search", detail=SEARCHED_NAME)

    anonymise_household(household=household, by=manager, reason="Art. 17-anmodning")

    created = LogEntry.objects.get_for_object(household).get(action=LogEntry.Action.CREATE)
    search.refresh_from_db()
    assert SEARCHED_NAME not in str(created.changes) + created.object_repr
    assert search.detail == household.reference


def test_only_the_listed_modules_open_audit_maintenance():
    """The way around the triggers stays rare: a new caller must be added (and justified)."""
    assert callers_of("audit_maintenance", defined_in="brobygning/core/audit.py") == (
        AUDIT_MAINTENANCE_ALLOWED
    )
