"""The change history is complete (GDPR art. 5(2)).

Every model registered with django-auditlog is covered by reading auditlog's registry, so a
model registered later is tested without touching this file (it only needs a factory).
"""

import inspect

import factory
import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models

from brobygning.core.models import HistoryBypassError, without_history
from households.models import Household
from tests import factories
from tests.factories import (
    HouseholdFactory,
    JournalEntryFactory,
    LocalContactFactory,
    UserFactory,
)
from tests.source import callers_of

TRACKED = sorted(auditlog.get_models(), key=lambda model: model._meta.label)
MARKER = "MRK-HISTORY"
# What a model's factory leaves to the test.
EXTRA = {"households.Bridge": lambda: {"local_contact": LocalContactFactory()}}

# The only modules that may write tracked rows without history, and why.
WITHOUT_HISTORY_ALLOWED = {
    # Art. 17: a new history entry would repeat every erased value.
    "brobygning/privacy/erasure.py",
    # Generated load-test data, refused in production.
    "bench/loadgen/generator.py",
    "bench/loadgen/writer.py",
    "bench/reminder_scan.py",
    # The demo programme seed_demo writes in bulk, refused in production.
    "followups/demo_programme.py",
}


def factory_for(model):
    for candidate in vars(factories).values():
        if (
            inspect.isclass(candidate)
            and issubclass(candidate, factory.django.DjangoModelFactory)
            and candidate._meta.get_model_class() is model
        ):
            return candidate
    pytest.fail(f"tests/factories.py has no factory for {model._meta.label}")


def make(model, user, **values):
    """A saved row from the model's factory, in a case of `user`'s (the factories take the
    author, the person who noted it … from the case's bridge-builder)."""
    if model is Household:
        values.setdefault("bridge_builder", user)
    elif "household" in {field.name for field in model._meta.concrete_fields}:
        values.setdefault("household", HouseholdFactory(bridge_builder=user))
    return factory_for(model)(**EXTRA.get(model._meta.label, dict)(), **values)


def text_field(model):
    """A free-text field whose changes the history records."""
    excluded = set(auditlog.get_model_fields(model)["exclude_fields"])
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and field.editable
            and not field.choices
            and not field.primary_key
            and field.name not in excluded
        ):
            return field.name
    pytest.fail(f"{model._meta.label} has no free-text field to change")


def value(model, name, suffix):
    return f"{MARKER}-{suffix}"[: model._meta.get_field(name).max_length]


def twin_of(obj):
    """An unsaved copy of a saved row, pointing at the same related rows."""
    model = type(obj)
    twin = model()
    for field in model._meta.concrete_fields:
        if not field.primary_key:
            copied = f"{MARKER}-TWIN" if field.unique else getattr(obj, field.attname)
            setattr(twin, field.attname, copied)
    return twin


def history_of(model, pk, action):
    return LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk), action=action
    )


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="bridge_builder")


def test_the_registry_walked_here_holds_every_model_of_the_case_file():
    assert {model._meta.label for model in TRACKED} >= {
        "households.Household",
        "households.Member",
        "households.Need",
        "households.JournalEntry",
        "households.HousingOffer",
        "households.Move",
        "households.Closure",
        "households.Consent",
        "households.Bridge",
        "referrals.Referral",
    }


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_creating_changing_and_deleting_a_tracked_record_is_in_the_history_with_the_actor(
    editor, model
):
    name = text_field(model)
    first, second = value(model, name, "OLD"), value(model, name, "NEW")

    with set_actor(editor):
        obj = make(model, editor, **{name: first})
        pk = obj.pk
        obj.refresh_from_db()
        setattr(obj, name, second)
        obj.save()
        obj.delete()

    created = history_of(model, pk, LogEntry.Action.CREATE)
    changed = history_of(model, pk, LogEntry.Action.UPDATE)
    deleted = history_of(model, pk, LogEntry.Action.DELETE)
    assert created.actor == changed.actor == deleted.actor == editor
    assert created.changes_dict[name] == ["None", first]
    assert changed.changes_dict[name] == [first, second]
    assert deleted.changes_dict[name] == [second, "None"]


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_a_queryset_update_of_a_tracked_model_is_refused(editor, model):
    obj = make(model, editor)
    name = text_field(model)
    before = getattr(obj, name)

    with pytest.raises(HistoryBypassError):
        model.objects.filter(pk=obj.pk).update(**{name: MARKER})

    obj.refresh_from_db()
    assert getattr(obj, name) == before


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_bulk_update_of_a_tracked_model_is_refused(editor, model):
    obj = make(model, editor)
    name = text_field(model)
    before = getattr(obj, name)
    setattr(obj, name, value(model, name, "BULK"))

    with pytest.raises(HistoryBypassError):
        model.objects.bulk_update([obj], [name])

    obj.refresh_from_db()
    assert getattr(obj, name) == before


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_bulk_create_of_a_tracked_model_is_refused(editor, model):
    unsaved = twin_of(make(model, editor))
    count = model.objects.count()

    with pytest.raises(HistoryBypassError):
        model.objects.bulk_create([unsaved])

    assert model.objects.count() == count


def test_an_update_through_a_related_manager_is_refused_too(editor):
    entry = JournalEntryFactory(author=editor)

    with pytest.raises(HistoryBypassError):
        entry.household.journal.update(note=MARKER)


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_without_history_lets_a_deliberate_bulk_write_through_and_records_nothing(editor, model):
    obj = make(model, editor)
    name = text_field(model)
    entries = LogEntry.objects.count()

    count = model.objects.count()

    # The escape hatch survives further chaining.
    updated = without_history(model.objects).filter(pk=obj.pk).update(**{name: MARKER})
    without_history(model.objects).bulk_create([twin_of(obj)])

    assert updated == 1
    assert model.objects.count() == count + 1
    obj.refresh_from_db()
    assert getattr(obj, name) == MARKER
    assert LogEntry.objects.count() == entries


def test_without_history_leaves_other_querysets_as_they_are(db):
    from brobygning.core.models import Notification

    queryset = Notification.objects.all()

    assert without_history(queryset) is queryset


def test_only_the_listed_modules_write_tracked_rows_without_history():
    """The escape hatch stays rare: a new caller must be added (and justified) above."""
    assert callers_of("without_history", defined_in="brobygning/core/models.py") == (
        WITHOUT_HISTORY_ALLOWED
    )
