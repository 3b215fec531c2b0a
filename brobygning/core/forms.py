from datetime import date, datetime

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from brobygning.core import submissions
from brobygning.core.models import lock_row

BIGINT_MAX = 2**63 - 1


class NameChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices as (id, name) rows: no model instance per option, which a filter form
    read on every request (to render it, or for its cache key) pays for in every option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name in self.queryset.values_list("pk", self.field.label_field).iterator():
            yield (forms.models.ModelChoiceIteratorValue(pk, None), name)


class NameChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are labelled with one text column (`label_field`,
    what the model's `__str__` returns), read without building the objects."""

    iterator = NameChoiceIterator

    def __init__(self, queryset, *, label_field="name", **kwargs):
        self.label_field = label_field
        super().__init__(queryset, **kwargs)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that are not whole numbers in the database's range before querying:
    SQLite raises OverflowError (a server error) on ids beyond 64 bits."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not text.lstrip("-").isdigit() or abs(int(text)) > BIGINT_MAX:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class VersionedForm(forms.ModelForm):
    """The edit form of a `VersionedModel` row: it carries, hidden, the version the user
    opened it at, and hands that back to the instance, whose service saves with
    `save_versioned()` and so refuses the save when someone else saved the row meanwhile.
    Adding a new row needs no version: the field is left out."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        super()._post_clean()
        if not self.instance._state.adding and "version" in self.cleaned_data:
            self.instance.version = self.cleaned_data["version"]

    @property
    def is_stale(self):
        """Refused because someone else saved the row first (the template offers a link to
        the current version)."""
        return self.has_error(NON_FIELD_ERRORS, "stale")


class VersionedAdminForm(VersionedForm):
    """The Django admin's form for a `VersionedModel` row (with `VersionedAdminMixin`).

    The admin saves through its own `save_model()`, so the version is compared here, under
    the row lock, which the admin's transaction holds until the save: a stale change is an
    error on the form, never a 500. The admin's layout names the field on new rows too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" not in self.fields:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if not self.instance._state.adding and data.get("version") is not None:
            lock_row(self.instance, version=data["version"])
        return data


class VersionedAdminMixin:
    """For the ModelAdmin or inline of a `VersionedModel`: its form carries the version.

    `version` is a form field only: the model's field is not editable, so it is kept out of
    the field list the admin gives the form factory (which refuses a non-editable field)."""

    form = VersionedAdminForm

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, **self._without_version(request, obj, kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, **self._without_version(request, obj, kwargs))

    def _without_version(self, request, obj, kwargs):
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "version"]
        return kwargs


NOT_SAVED = object()


def save_valid_post(request, form, save, *, url=None):
    """For a valid POST, run `save(form)` and return what it returns; otherwise NOT_SAVED.

    A ValidationError from the service (a business rule, or someone else's change in between)
    is put on the form (`add_service_error`), and everything `save` wrote is rolled back.

    A create form's one-time token (brobygning.core.submissions) is claimed in the same transaction,
    and `url(result)`, where the caller then redirects, is kept with it. A form submitted again
    saves nothing: the return value is then a redirect response to that address, to return.
    """
    if request.method != "POST":
        return NOT_SAVED
    if earlier := submissions.earlier(request, form):
        # Before validating: a form saved once may no longer validate (a unique name taken
        # by its own first save), and it should still say that it was saved.
        return submissions.already_submitted_response(request, earlier, fallback=request.path)
    if not form.is_valid():
        return NOT_SAVED
    try:
        with transaction.atomic():
            submission = submissions.claim(request, form)
            result = save(form)
            if url is not None:
                submissions.record(submission, url(result))
            return result
    except submissions.AlreadySubmitted as error:
        return submissions.already_submitted_response(request, error, fallback=request.path)
    except ValidationError as error:
        add_service_error(form, error)
        return NOT_SAVED


def add_service_error(form, error):
    """Put a service's ValidationError on the form: an error about a field the form has (the
    service raised {"justification": ...}) next to that field, any other on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Dates a case can sensibly hold. Beyond them a date is a typing slip or an attack, and some
# breaks pages for everyone: 0001-01-01 cannot be shown in Danish time (the conversion falls
# off the calendar), and a period ending then has no "twelve months before".
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def validate_sensible_date(value):
    """ValidationError for a date or date-time outside EARLIEST_DATE–LATEST_DATE."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": EARLIEST_DATE.strftime("%d-%m-%Y"),
                "latest": LATEST_DATE.strftime("%d-%m-%Y"),
            },
        )


class SensibleDatesMixin:
    """Every date and date-time field of the form takes EARLIEST_DATE–LATEST_DATE only, with
    a clear error, and its input says so to the browser (min, max). Every form of ours with
    such a field uses it (tests/security/test_date_range.py walks them all)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_sensible_date)
                timed = isinstance(field, forms.DateTimeField)
                field.widget.attrs.setdefault(
                    "min", f"{EARLIEST_DATE.isoformat()}{'T00:00' if timed else ''}"
                )
                field.widget.attrs.setdefault(
                    "max", f"{LATEST_DATE.isoformat()}{'T23:59' if timed else ''}"
                )
