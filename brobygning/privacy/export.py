"""Art. 15 / 20: everything we hold about one household, as one record.

The record has one key per model in `PARTS` (every model with a foreign-key path to the
household), the access-log rows about the household (who read it, when, why) and the
field-level change history of its records.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygning.core.classification import fields_of
from brobygning.core.models import AccessLog
from brobygning.core.readable import (
    action_label,
    detail_label,
    display_values,
    field_label,
    readable_changes,
    target_label,
    value_text,
)
from brobygning.privacy import history
from brobygning.privacy.parts import PART_MODELS, PARTS, Part

__all__ = ["ACCESS_LOG_KEY", "PARTS", "Part", "household_record", "household_sections"]

RECORD_FORMAT = "brobygning.household_record"
RECORD_VERSION = 1
ACCESS_LOG_KEY = AccessLog._meta.label_lower


def _fields(part):
    """The exported fields of a part: every field the classification registry lists for it
    (art. 15 covers every class), minus the excluded ones and the link to the household
    itself (the whole record is about one household)."""
    household = apps.get_model("households.Household")
    return [
        f
        for f in map(part.model._meta.get_field, fields_of(part.model))
        if f.name not in part.exclude and not (f.is_relation and f.related_model is household)
    ]


def _internal(f) -> bool:
    """A relation to another row of this record: exported as its id, which the record holds."""
    return f.is_relation and f.related_model._meta.label in PART_MODELS


def _collect(household):
    """[(part, fields, rows)] with a fixed number of queries per part."""
    collected = []
    for part in PARTS:
        fields = _fields(part)
        rows = part.rows_of(household.pk)
        foreign = [f.name for f in fields if f.many_to_one and not _internal(f)]
        many = [f.name for f in fields if f.many_to_many]
        if foreign:
            rows = rows.select_related(*foreign)
        if many:
            rows = rows.prefetch_related(*many)
        collected.append((part, fields, list(rows)))
    return collected


def _access_log(household):
    return list(
        AccessLog.objects.filter(household_reference=household.reference)
        .select_related("user")
        .order_by("at", "pk")
    )


def _history(household, collected):
    if not history.installed():
        return []
    pks = {part.label: [obj.pk for obj in rows] for part, _fields, rows in collected}
    return list(history.entries(household, pks))


def _json_value(obj, f):
    if f.many_to_many:
        return sorted(str(related) for related in getattr(obj, f.name).all())
    if f.is_relation:
        if _internal(f):
            return getattr(obj, f.attname)
        related = getattr(obj, f.name)
        return None if related is None else str(related)
    value = getattr(obj, f.attname)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _user(user):
    return "" if user is None else str(user)


def household_record(household) -> dict:
    """Every row with a path to the household, keyed by model label ("households.member"),
    plus the access-log rows about it (when, who, what, why) and its change history. Values
    are JSON-ready: codes for choices, ISO dates, decimals as strings, related rows of the
    record by id, other related rows (users, areas, actors) by name."""
    record = {
        "export": {
            "format": RECORD_FORMAT,
            "version": RECORD_VERSION,
            "reference": household.reference,
            "generated_at": timezone.localtime().isoformat(),
        }
    }
    collected = _collect(household)
    for part, fields, rows in collected:
        record[part.key] = [
            {f.attname if _internal(f) else f.name: _json_value(obj, f) for f in fields}
            for obj in rows
        ]
    record[ACCESS_LOG_KEY] = [
        {
            "at": timezone.localtime(row.at).isoformat(),
            "user": _user(row.user),
            "action": row.action,
            "target_type": row.target_type,
            "detail": row.detail,
        }
        for row in _access_log(household)
    ]
    if history.installed():
        record[history.KEY] = [
            {
                "at": timezone.localtime(entry.timestamp).isoformat(),
                "user": _user(entry.actor),
                "action": entry.get_action_display(),
                "record": f"{entry.content_type.app_label}.{entry.content_type.model}",
                "record_id": entry.object_pk,
                "changes": history.visible_changes(entry),
            }
            for entry in _history(household, collected)
        ]
    return record


# --- The readable (HTML / print) form of the same record -------------------------------


@dataclass
class Section:
    key: str
    title: str
    rows: list[list[tuple[str, object]]]


def _display_value(obj, f):
    """The value as the record shows it: choice labels, Yes/No, dates in the language's one
    format, grouped numbers (years and ids plain); None when empty."""
    if f.many_to_many:
        return ", ".join(sorted(str(related) for related in getattr(obj, f.name).all()))
    if f.is_relation:
        if _internal(f):
            pk = getattr(obj, f.attname)
            return None if pk is None else f"#{pk}"
        related = getattr(obj, f.name)
        return None if related is None else str(related)
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    value = getattr(obj, f.attname)
    if _empty(value):
        return None
    labels = display_values(type(obj)).get(f.name, {})
    if isinstance(value, str) and value in labels:
        return str(labels[value])
    if isinstance(value, list) and labels:
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(value, int) and not isinstance(value, bool) and _not_a_quantity(f):
        return str(value)
    if isinstance(value, dict):
        return str(value)
    return value_text(value)


def _not_a_quantity(f) -> bool:
    """Identifiers, versions and years are shown as stored: "1634", never "1.634"."""
    return f.primary_key or f.name == "version" or f.name.endswith("year")


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _label(model, name):
    return field_label(model, name)


def _changes_text(changes):
    return "\n".join(f"{change.label}: {change.old} → {change.new}" for change in changes)


def household_sections(household) -> list[Section]:
    """The record as titled sections of (label, value) rows for the printable page; empty
    values are left out to keep it readable (the JSON export has every field)."""
    collected = _collect(household)
    sections = [
        Section(
            key=part.key,
            title=str(part.model._meta.verbose_name_plural).capitalize(),
            rows=[
                [("#", str(obj.pk))]  # an identifier: "1634", never grouped
                + [
                    (field_label(part.model, f.name), value)
                    for f in fields
                    if not f.primary_key and not _empty(value := _display_value(obj, f))
                ]
                for obj in rows
            ],
        )
        for part, fields, rows in collected
    ]
    sections.append(
        Section(
            key=ACCESS_LOG_KEY,
            title=str(AccessLog._meta.verbose_name_plural).capitalize(),
            rows=[
                [
                    (_label(AccessLog, "at"), value_text(row.at)),
                    (_label(AccessLog, "user"), row.user),
                    (_label(AccessLog, "action"), row.get_action_display()),
                    (
                        _label(AccessLog, "target_type"),
                        target_label(row.target_type, row.target_id),
                    ),
                    (_label(AccessLog, "detail"), detail_label(row.detail)),
                ]
                for row in _access_log(household)
            ],
        )
    )
    if history.installed():
        entries = _history(household, collected)
        changes = readable_changes(entries, history.visible_changes)
        sections.append(
            Section(
                key=history.KEY,
                title=_("Change history"),
                rows=[
                    [
                        (_("Time"), value_text(entry.timestamp)),
                        (_("User"), _user(entry.actor)),
                        (_("Action"), action_label(entry)),
                        (
                            _("Record"),
                            f"{entry.content_type.name.capitalize()} #{entry.object_pk}",
                        ),
                        (_("Changes"), _changes_text(rows)),
                    ]
                    for entry, rows in zip(entries, changes, strict=True)
                ],
            )
        )
    return sections
