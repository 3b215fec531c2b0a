from contextlib import contextmanager

from django.db import connection, transaction

from brobygning.models import AccessLog

# The PostgreSQL setting the audit tables' triggers check (migration 0007_protect_audit_data).
AUDIT_MAINTENANCE_SETTING = "brobygning.audit_maintenance"


def log_access(request, *, action, target_type, target_id="", household=None, detail=""):
    """Write one access-log row in the request's transaction (ATOMIC_REQUESTS)."""
    return AccessLog.objects.create(
        user=request.user,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        household_reference=getattr(household, "reference", ""),
        detail=detail[:300],
        path=request.get_full_path()[:300],
    )


@contextmanager
def audit_maintenance():
    """Let the block update and delete access-log and change-history rows.

    On PostgreSQL, triggers refuse any UPDATE or DELETE on those tables (ASVS 7.3.3) unless
    the transaction has set `brobygning.audit_maintenance`; this sets it for the block only,
    in a savepoint, so it ends with the block and is undone if the block fails. Only the
    retention purge, the art. 17 anonymisation and the load-data generator's removal of its
    own rows use it; a test lists them. Nothing to do on other databases.
    """
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s, true)", [AUDIT_MAINTENANCE_SETTING])
            previous = cursor.fetchone()[0] or "off"
            cursor.execute("SELECT set_config(%s, 'on', true)", [AUDIT_MAINTENANCE_SETTING])
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [AUDIT_MAINTENANCE_SETTING, previous])
