"""The field-level change history (django-auditlog) of a household's records.

Each entry names its record by content type and id and carries the case reference in
`additional_data`; entries written before a referral was linked to a case have no reference,
so both ways of finding them are used. The history holds old and new values, so the export
shows it and erasure rewrites it.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from brobygning.privacy.parts import PARTS, Part

KEY = "auditlog.logentry"


def installed() -> bool:
    return apps.is_installed("auditlog")


def log_entry_model():
    return apps.get_model("auditlog", "LogEntry")


def entries(household, pks_by_part: dict[str, list] | None = None):
    """The history entries of the household's records, oldest first. `pks_by_part` (label →
    pks) saves the queries when the caller already holds the rows."""
    LogEntry = log_entry_model()
    match = Q(additional_data__household=household.reference)
    content_types = ContentType.objects.get_for_models(*(part.model for part in PARTS))
    for part in PARTS:
        if pks_by_part is not None:
            pks = pks_by_part.get(part.label, [])
        else:
            pks = list(part.rows_of(household.pk).values_list("pk", flat=True))
        if pks:
            match |= Q(
                content_type=content_types[part.model], object_pk__in=[str(pk) for pk in pks]
            )
    return (
        LogEntry.objects.filter(match)
        .select_related("actor", "content_type")
        .order_by("timestamp", "pk")
    )


def part_of(entry) -> Part | None:
    model = entry.content_type.model_class()
    label = model._meta.label if model else ""
    return next((part for part in PARTS if part.label == label), None)


def visible_changes(entry) -> dict:
    """The entry's changes on real fields of the record, without the excluded ones (the
    bridge's answer token) and without auditlog's notes on reverse relations."""
    part = part_of(entry)
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if part is None:
        return {}
    names = {f.name for f in part.model._meta.concrete_fields} | {
        f.name for f in part.model._meta.many_to_many
    }
    return {name: value for name, value in changes.items() if name in names - part.exclude}
