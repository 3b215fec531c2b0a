"""Records as people read them: labelled, translated field names and values.

The change history (django-auditlog) stores each change as the field's name and the old and
new values as text ("kind: None → phone_call", "created_at: None → 2026-12-05
19:11:13.425245+00:00"), and the access log names what was read by a code and an id
("journal_entry 10"). The art. 15 record and the audit screen show them through here:
the field's verbose name, the choice's label, dates in the language's one format, "Yes"/"No",
a related row by its name, and "–" for nothing.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygning.core.templatetags.numbers import money

NOTHING = "–"

# Labels of fields declared without a verbose name (Django then makes an English one from the
# attribute name, which no catalogue translates). Keyed by the attribute name.
FIELD_LABELS = {
    "household": gettext_lazy("household"),
    "version": gettext_lazy("version"),
    "created_at": gettext_lazy("created"),
    "created_by": gettext_lazy("created by"),
    "registered_by": gettext_lazy("registered by"),
    "recorded_by": gettext_lazy("recorded by"),
    "closed_by": gettext_lazy("closed by"),
    "requested_by": gettext_lazy("requested by"),
    "changed_by": gettext_lazy("changed by"),
    "changed_at": gettext_lazy("changed"),
    "completed_by": gettext_lazy("completed by"),
    "opened_by": gettext_lazy("opened by"),
    "answered_by": gettext_lazy("answered by"),
    "author": gettext_lazy("written by"),
    "source": gettext_lazy("source"),
    "kind": gettext_lazy("kind"),
    "note": gettext_lazy("note"),
    "closure": gettext_lazy("closure"),
    "item_id": gettext_lazy("item number"),
    "previous_status": gettext_lazy("previous status"),
    "restored_at": gettext_lazy("restored"),
    "from_status": gettext_lazy("from status"),
    "to_status": gettext_lazy("to status"),
    "bridge": gettext_lazy("bridge"),
    "referral": gettext_lazy("referral"),
    "followup": gettext_lazy("follow-up"),
    "event": gettext_lazy("event"),
    "day": gettext_lazy("day"),
    "sent_at": gettext_lazy("sent"),
    "emailed_at": gettext_lazy("e-mailed"),
    "update_requested_at": gettext_lazy("update requested"),
    "event_data": gettext_lazy("event details"),
}

# django-auditlog's actions (its own catalogue has no Danish).
ACTION_LABELS = {
    0: gettext_lazy("Created"),
    1: gettext_lazy("Changed"),
    2: gettext_lazy("Deleted"),
    3: gettext_lazy("Read"),
}

# Not worth a line in a history: the row's own id appears when it is created.
HIDDEN = {"id"}

# What an access-log row says was read, searched or exported (`AccessLog.target_type`).
TARGET_LABELS = {
    "household": gettext_lazy("Case"),
    "household_list": gettext_lazy("Case list"),
    "household_record": gettext_lazy("Record of household (art. 15)"),
    "timeline": gettext_lazy("Case timeline"),
    "journal_entry": gettext_lazy("Journal entry"),
    "member": gettext_lazy("Household member"),
    "need": gettext_lazy("Need"),
    "referral": gettext_lazy("Referral"),
    "bridge_request": gettext_lazy("Request to an actor"),
    "change_history": gettext_lazy("Change history"),
    "audit_log": gettext_lazy("Audit log"),
    "spot_check": gettext_lazy("Spot check"),
    "dashboard_figures": gettext_lazy("Figures"),
    "dashboard_figures_shared": gettext_lazy("Shared figures"),
    "dashboard_cases": gettext_lazy("Cases behind a figure"),
}

# How a record was read or exported (`AccessLog.detail` as the views write it). Any other
# detail (a search's criteria, a reason) is shown as written.
DETAIL_LABELS = {
    "html": gettext_lazy("Printable page"),
    "form": gettext_lazy("Edit form"),
    "pdf": gettext_lazy("PDF"),
    "json": gettext_lazy("JSON"),
}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def field_label(model, name: str) -> str:
    """The field's translated label, capitalised; the attribute name never shows."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(FIELD_LABELS.get(name, name.replace("_", " "))).capitalize()
    verbose = getattr(field, "verbose_name", None)
    if not isinstance(verbose, Promise):
        verbose = FIELD_LABELS.get(name, verbose or name.replace("_", " "))
    return str(verbose).capitalize()


def action_label(entry) -> str:
    """ "Created", "Changed", "Deleted" for a change-history entry, translated."""
    return str(ACTION_LABELS.get(entry.action, entry.get_action_display()))


def target_label(target_type: str, target_id: str = "") -> str:
    """ "Journal entry #10" for the access log's "journal_entry 10"."""
    label = str(TARGET_LABELS.get(target_type, target_type.replace("_", " ").capitalize()))
    return f"{label} #{target_id}" if target_id else label


def detail_label(detail: str) -> str:
    """ "Printable page" for the access log's "html"; other details as they are."""
    return str(DETAIL_LABELS.get(detail, detail))


def value_text(value) -> str:
    """A Python value in the active language: dates in its one format, numbers grouped,
    Yes/No, "–" for nothing."""
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, list | tuple):
        return ", ".join(value_text(item) for item in value)
    if isinstance(value, Decimal):
        return money(value)
    return str(formats.localize(value))


def display_values(model) -> dict:
    """A model's own labels for stored values of fields without choices:
    `Model.display_values()` → {field name: {value: label}}."""
    values = getattr(model, "display_values", None)
    return values() if callable(values) else {}


def _stored(field, raw, related: dict) -> str:
    """One old or new value as django-auditlog stored it (text), made readable."""
    if raw is None or raw in ("None", "", "[]", "null", "{}"):
        return NOTHING
    if isinstance(raw, list):
        return ", ".join(_stored(field, item, related) for item in raw) or NOTHING
    raw = str(raw)
    if isinstance(field, models.JSONField) and raw.startswith("["):
        try:
            items = json.loads(raw)
        except ValueError:
            items = None
        if isinstance(items, list):
            return ", ".join(_stored(field, item, related) for item in items) or NOTHING
    labels = display_values(field.model).get(field.name)
    if labels and raw in labels:
        return str(labels[raw])
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.BooleanField):
        return {"True": _("Yes"), "False": _("No")}.get(raw, raw)
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(raw)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, UTC)
            return value_text(moment)
        return raw
    if isinstance(field, models.DateField):
        day = parse_date(raw[:10])
        return raw if day is None else value_text(day)
    if field.is_relation and field.related_model is not None:
        name = related.get((field.related_model, raw))
        if name is not None:
            return name
        return f"{field.related_model._meta.verbose_name.capitalize()} #{raw}"
    if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
        if field.primary_key or field.name == "version" or field.name.endswith("year"):
            return raw  # identifiers and years as stored: "1634", never "1.634"
        try:
            return value_text(field.to_python(raw))
        except ValidationError:
            return raw
    return raw


def _field(model, name):
    """The model's own field (concrete or many-to-many) by name; None for reverse relations
    and names the model no longer has."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete or field.many_to_many else None


def _reverse(model, name) -> bool:
    """auditlog's notes on the other side of a relation: not a field of this record."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return not (field.concrete or field.many_to_many)


def _related_names(items) -> dict:
    """{(related model, pk as text): name} for every related row the changes point to, with
    one query per related model."""
    wanted: dict = {}
    for model, changes in items:
        for name, values in changes.items():
            field = _field(model, name)
            if field is None or not field.many_to_one:
                continue
            for raw in values if isinstance(values, list | tuple) else [values]:
                if raw not in (None, "None", ""):
                    wanted.setdefault(field.related_model, set()).add(str(raw))
    names = {}
    for related_model, pks in wanted.items():
        valid = []
        for pk in pks:
            try:
                valid.append(related_model._meta.pk.to_python(pk))
            except ValidationError:
                continue
        for obj in related_model._default_manager.filter(pk__in=valid):
            names[(related_model, str(obj.pk))] = str(obj)
    return names


def readable_changes(entries, changes_of=None) -> list[list[Change]]:
    """For each log entry, its changes as (label, old, new) in the active language.
    `changes_of(entry)` picks the changes to show (default: all of them)."""
    items = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = changes_of(entry) if changes_of else entry.changes_dict
        items.append((model, changes if model is not None else {}))
    related = _related_names(items)
    result = []
    for model, changes in items:
        rows = []
        for name, values in changes.items():
            if name in HIDDEN or (model is not None and _reverse(model, name)):
                continue
            field = _field(model, name)
            if isinstance(values, dict):  # a many-to-many change: {"operation", "objects"}
                objects = ", ".join(map(str, values.get("objects", []))) or NOTHING
                removed = values.get("operation") == "delete"
                values = [objects, NOTHING] if removed else [NOTHING, objects]
                rows.append(Change(field_label(model, name), *values))
                continue
            pair = list(values) if isinstance(values, list | tuple) else [None, values]
            if len(pair) != 2:
                pair = [None, pair]
            if field is None:
                old, new = (NOTHING if v in (None, "None") else str(v) for v in pair)
            else:
                old, new = (_stored(field, v, related) for v in pair)
            if old == new == NOTHING:  # an empty field of a new row: nothing to read
                continue
            rows.append(Change(label=field_label(model, name), old=old, new=new))
        result.append(rows)
    return result
