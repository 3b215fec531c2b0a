"""Dates out of all reason (issue #21.9): every date and date-time field of every form of
ours, model forms and list filters alike, refuses 0001-01-01 and 9999-12-31 with a clear
error, through the one SensibleDatesMixin; and the pages that broke on such a date answer."""

import importlib
import inspect
from datetime import UTC, date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from brobygning.core.forms import SensibleDatesMixin, validate_sensible_date
from followups.models import Event
from households.models import Household
from tests.factories import AreaFactory, FollowUpFactory

FORM_MODULES = [
    "actors.forms",
    "households.forms",
    "referrals.forms",
    "followups.forms",
    "brobygning.core.forms",
    "brobygning.core.auditlog_views",
    "brobygning.dashboard.forms",
    "brobygning.privacy.forms",
]
OUT_OF_RANGE = ["0001-01-01", "9999-12-31"]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def our_forms():
    for name in FORM_MODULES:
        importlib.import_module(name)
    prefixes = tuple(name.rsplit(".", 1)[0] for name in FORM_MODULES)
    return sorted(
        {
            cls
            for cls in _subclasses(forms.BaseForm)
            if cls.__module__.startswith(prefixes) and not cls.__module__.startswith("tests")
        },
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def date_fields(cls):
    return [
        name
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]


FORMS_WITH_DATES = [cls for cls in our_forms() if date_fields(cls)]


def test_the_walk_finds_the_forms_that_broke_pages():
    names = {cls.__name__ for cls in FORMS_WITH_DATES}
    assert {"EventForm", "DashboardFilterForm", "AuditFilterForm", "JournalEntryForm"} <= names


@pytest.mark.parametrize("form_class", FORMS_WITH_DATES, ids=lambda cls: cls.__name__)
def test_every_form_with_a_date_field_limits_its_dates(form_class):
    assert issubclass(form_class, SensibleDatesMixin), (
        f"{form_class.__module__}.{form_class.__name__} has date fields "
        f"{date_fields(form_class)}: give it SensibleDatesMixin"
    )


@pytest.fixture
def form_arguments(household, bridge_builder):
    """What the forms' constructors ask for, by parameter name."""
    followup = FollowUpFactory(household=household, kind="post_move_visit")
    return {
        "household": household,
        "followup": followup,
        "user": bridge_builder,
        "by": bridge_builder,
        "households": Household.objects.all(),
        "derived": {"children_enrolled": True, "new_local_contact": True},
    }


def _required_keywords(form_class):
    names = set()
    for cls in form_class.__mro__:
        init = cls.__dict__.get("__init__")
        if init is None:
            continue
        for parameter in inspect.signature(init).parameters.values():
            if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
                names.add(parameter.name)
    return names


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("form_class", FORMS_WITH_DATES, ids=lambda cls: cls.__name__)
def test_every_date_field_refuses_a_date_out_of_all_reason_with_a_clear_error(
    form_class, value, form_arguments
):
    kwargs = {name: form_arguments[name] for name in _required_keywords(form_class)}
    for name in date_fields(form_class):
        timed = isinstance(form_class.base_fields[name], forms.DateTimeField)
        form = form_class(data={name: f"{value}T12:00" if timed else value}, **kwargs)

        assert not form.is_valid()
        assert "1900" in " ".join(form.errors.get(name, [])), (form_class.__name__, name)


def test_an_event_dated_year_one_is_refused_and_the_event_list_stays_up(
    client, bridge_builder, household
):
    client.force_login(bridge_builder)
    area = AreaFactory()
    response = client.post(
        reverse("followups:event_create"),
        {
            "kind": "reunion_coffee",
            "title": "Kaffe",
            "place": "Beboerhuset",
            "starts_at": "0001-01-01T10:00",
            "area": area.pk,
        },
    )

    assert response.status_code == 400
    assert "1900" in " ".join(response.context["form"].errors["starts_at"])
    assert not Event.objects.exists()
    assert client.get(reverse("followups:events")).status_code == 200


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_dashboard_period_out_of_all_reason_is_a_form_error_not_a_server_error(
    client, manager, value
):
    client.force_login(manager)
    response = client.get(reverse("dashboard:index"), {"period_to": value})
    assert response.status_code in (200, 400)
    assert "1900" in response.content.decode()


def test_dates_at_the_edges_of_the_range_are_accepted():
    validate_sensible_date(date(1900, 1, 1))
    validate_sensible_date(datetime(2100, 12, 31, 23, 59, tzinfo=UTC))
    for outside in (date(1899, 12, 31), datetime(2101, 1, 1, tzinfo=UTC)):
        with pytest.raises(ValidationError):
            validate_sensible_date(outside)
