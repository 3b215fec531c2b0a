from contextlib import contextmanager

from django.db import connection, transaction

from brobygning.core.models import AccessLog
from brobygning.core.security_log import redacted_path

# The PostgreSQL setting the audit tables' triggers check (migration 0007_protect_audit_data).
AUDIT_MAINTENANCE_SETTING = "brobygning.audit_maintenance"


def log_access(request, *, action, target_type, target_id="", household=None, detail=""):
    """Write one access-log row in the request's transaction (ATOMIC_REQUESTS).

    Fail-closed: views call this before they build the response, so if the row cannot be
    written the request ends in a 500 and shows no data. The row is remembered on the request
    for `KeepAccessLogOnErrorMiddleware`.
    """
    entry = AccessLog.objects.create(
        user=request.user if request.user.is_authenticated else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        household_reference=getattr(household, "reference", ""),
        detail=detail[:300],
        # An answer-link token in the path is a credential: the log keeps its name only.
        path=redacted_path(request, request.get_full_path())[:300],
        request_id=getattr(request, "request_id", ""),
    )
    request.access_log_entries = [*getattr(request, "access_log_entries", ()), entry]
    return entry


class KeepAccessLogOnErrorMiddleware:
    """A read is logged once even when the view fails after logging it: the log
    must show every read.

    A view that raises has its transaction (ATOMIC_REQUESTS) rolled back, and the access-log
    rows it wrote with it, though the user did ask for the data. This writes those rows again,
    outside the failed transaction. A row that survived (a view without ATOMIC_REQUESTS, an
    error after the view returned) is not written twice. If the row cannot be written now
    either, the error ends the request as before: a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        entries = getattr(request, "access_log_entries", ())
        if not entries:
            return None
        # Matched on time too: SQLite may hand a rolled-back id to another row.
        kept = set(
            AccessLog.objects.filter(pk__in=[entry.pk for entry in entries]).values_list("pk", "at")
        )
        for entry in entries:
            if (entry.pk, entry.at) not in kept:
                AccessLog.objects.create(
                    **{
                        field.attname: getattr(entry, field.attname)
                        for field in AccessLog._meta.concrete_fields
                        if not field.primary_key
                    }
                )
        return None


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
