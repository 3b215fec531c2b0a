"""Audit data cannot be changed (ASVS 7.3.3): on PostgreSQL, UPDATE and DELETE on the access
log and on the change history (django-auditlog's LogEntry) raise, unless the transaction set
`brobygning.audit_maintenance` to 'on' (`brobygning.core.audit.audit_maintenance`, used by the
retention purge and the art. 17 anonymisation only). Inserts stay allowed. Other databases
(SQLite in development) get nothing.

A later django-auditlog upgrade whose migration rewrites LogEntry rows has to run with the
setting on, e.g. `PGOPTIONS="-c brobygning.audit_maintenance=on" manage.py migrate auditlog`.
"""

from django.db import migrations

FUNCTION = "brobygning_refuse_audit_change"
TABLES = {
    "brobygning_accesslog_append_only": "brobygning_accesslog",
    "brobygning_logentry_append_only": "auditlog_logentry",
}

CREATE = [
    f"""
    CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF coalesce(current_setting('brobygning.audit_maintenance', true), '') = 'on' THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit data cannot be changed: % on % refused', TG_OP, TG_TABLE_NAME
            USING HINT = 'Only brobygning.core.audit.audit_maintenance may change audit rows.';
    END;
    $$
    """,
    *(
        f'CREATE TRIGGER "{trigger}" BEFORE UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        for trigger, table in TABLES.items()
    ),
]
DROP = [
    *(f'DROP TRIGGER IF EXISTS "{trigger}" ON "{table}"' for trigger, table in TABLES.items()),
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
]


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """Triggers are PostgreSQL's; on any other database the operation does nothing."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("brobygning", "0006_accesslog_break_glass"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [RunSQLOnPostgreSQL(sql=CREATE, reverse_sql=DROP)]
